//! Stage 1: find the spec files and parse them into the plain serde model.
//!
//! Nothing is interpreted here; a file that parses is handed on with an index of where each of
//! its nodes is, so that the `resolve` stage can report problems at a line.

pub mod locations;
pub mod model;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use locations::Locations;
use model::{OperationFile, SchemasFile, ServiceFile, SupplementFile};

/// The text of one spec file and the part it plays.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in diagnostics.
    pub path: PathBuf,
    pub role: Role,
    pub text: String,
}

/// Which service a file belongs to (`huawei/cce`) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Service {
        service_dir: String,
    },
    Operation {
        service_dir: String,
    },
    /// `schemas.yaml`: schemas an importer found shared by several operations.
    Schemas {
        service_dir: String,
    },
    /// `supplements/<Operation>.yaml`: what an importer found in a machine-readable definition
    /// that the operation's documentation page leaves out.
    Supplement {
        service_dir: String,
    },
}

impl Role {
    /// The service folder the file belongs to (`huawei/cce`).
    pub fn service_dir(&self) -> &str {
        match self {
            Role::Service { service_dir }
            | Role::Operation { service_dir }
            | Role::Schemas { service_dir }
            | Role::Supplement { service_dir } => service_dir,
        }
    }
}

/// A parsed file together with where it came from.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub path: PathBuf,
    pub value: T,
    pub locations: Locations,
}

impl<T> Parsed<T> {
    /// A diagnostic at the node `at` of this file.
    pub fn error(&self, at: &locations::NodePath, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, self.locations.find(at), message)
    }
}

/// The files of one service folder.
#[derive(Debug, Clone)]
pub struct ServiceSources {
    /// `vendor/service`, the folder below the specs root.
    pub service_dir: String,
    pub service: Parsed<ServiceFile>,
    /// Sorted by file name, so that the order never depends on the file system.
    pub operations: Vec<Parsed<OperationFile>>,
    /// `schemas.yaml`, where an importer wrote one.
    pub schemas: Option<Parsed<SchemasFile>>,
    /// `supplements/*.yaml`, sorted by file name; `resolve` merges each into its operation.
    pub supplements: Vec<Parsed<SupplementFile>>,
}

/// Reads every spec file below `root`.
///
/// The layout is `<vendor>/<service>/service.yaml` and
/// `<vendor>/<service>/operations/<Operation>.yaml`, plus an importer's
/// `<vendor>/<service>/schemas.yaml` and `<vendor>/<service>/supplements/<Operation>.yaml`;
/// any other YAML file is reported, and files
/// of other kinds (README.md) are ignored.
pub fn discover(root: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    walk(root, root, &mut files, &mut problems);
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<SourceFile>, problems: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(Diagnostic::new(
                dir,
                None,
                format!("cannot read the folder: {error}"),
            ));
            return;
        }
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(error) => {
                problems.push(Diagnostic::new(
                    dir,
                    None,
                    format!("cannot list the folder: {error}"),
                ));
                continue;
            }
        };
        if path.is_dir() {
            walk(root, &path, files, problems);
            continue;
        }
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !is_yaml {
            continue;
        }
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let Some(role) = role_of(relative) else {
            problems.push(Diagnostic::new(
                &path,
                None,
                "a spec file must be <vendor>/<service>/service.yaml or \
                 <vendor>/<service>/operations/<Operation>.yaml or <vendor>/<service>/schemas.yaml \
                 or <vendor>/<service>/supplements/<Operation>.yaml",
            ));
            continue;
        };
        match fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile { path, role, text }),
            Err(error) => problems.push(Diagnostic::new(
                &path,
                None,
                format!("cannot read the file: {error}"),
            )),
        }
    }
}

/// The role a file plays, from its path below the specs root.
pub fn role_of(relative: &Path) -> Option<Role> {
    let parts: Vec<&str> = relative.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    match parts.as_slice() {
        [vendor, service, "service.yaml"] => Some(Role::Service {
            service_dir: format!("{vendor}/{service}"),
        }),
        [vendor, service, "schemas.yaml"] => Some(Role::Schemas {
            service_dir: format!("{vendor}/{service}"),
        }),
        [vendor, service, "operations", file] if file.ends_with(".yaml") => Some(Role::Operation {
            service_dir: format!("{vendor}/{service}"),
        }),
        [vendor, service, "supplements", file] if file.ends_with(".yaml") => {
            Some(Role::Supplement {
                service_dir: format!("{vendor}/{service}"),
            })
        }
        _ => None,
    }
}

/// The files of one service folder while they are being parsed: its folder, its service file
/// (once found), its operation files, its shared schemas and its supplements.
type Group = (
    String,
    Option<Parsed<ServiceFile>>,
    Vec<Parsed<OperationFile>>,
    Option<Parsed<SchemasFile>>,
    Vec<Parsed<SupplementFile>>,
);

/// One file, parsed.
enum ParsedFile {
    Service(Parsed<ServiceFile>),
    Operation(Parsed<OperationFile>),
    Schemas(Parsed<SchemasFile>),
    Supplement(Parsed<SupplementFile>),
}

/// Parses the files and groups them by service. Every file is parsed, so that one run reports
/// the problems of all of them.
pub fn parse(files: &[SourceFile]) -> Result<Vec<ServiceSources>, Diagnostics> {
    let mut problems = Vec::new();
    let mut services: Vec<Group> = Vec::new();
    // The folders whose service.yaml is there but does not parse: its problem is reported, and
    // the folder is not also said to have none.
    let mut unparsed_services: Vec<String> = Vec::new();
    // Each file parses on its own, so all cores share the work; the grouping below keeps the
    // files' order.
    let parsed: Vec<Result<ParsedFile, Diagnostic>> = files
        .par_iter()
        .map(|file| match &file.role {
            Role::Service { .. } => parse_file::<ServiceFile>(file).map(ParsedFile::Service),
            Role::Operation { .. } => parse_file::<OperationFile>(file).map(ParsedFile::Operation),
            Role::Schemas { .. } => parse_file::<SchemasFile>(file).map(ParsedFile::Schemas),
            Role::Supplement { .. } => {
                parse_file::<SupplementFile>(file).map(ParsedFile::Supplement)
            }
        })
        .collect();
    for (file, result) in files.iter().zip(parsed) {
        let dir = file.role.service_dir().to_owned();
        let index = match services.iter().position(|(d, ..)| *d == dir) {
            Some(index) => index,
            None => {
                services.push((dir, None, Vec::new(), None, Vec::new()));
                services.len() - 1
            }
        };
        let entry = &mut services[index];
        match result {
            Ok(ParsedFile::Service(parsed)) if entry.1.is_none() => entry.1 = Some(parsed),
            Ok(ParsedFile::Service(parsed)) => problems.push(Diagnostic::new(
                &parsed.path,
                None,
                format!("a second service.yaml for `{}`", entry.0),
            )),
            Ok(ParsedFile::Operation(parsed)) => entry.2.push(parsed),
            Ok(ParsedFile::Schemas(parsed)) => entry.3 = Some(parsed),
            Ok(ParsedFile::Supplement(parsed)) => entry.4.push(parsed),
            Err(problem) => {
                if matches!(file.role, Role::Service { .. }) {
                    unparsed_services.push(entry.0.clone());
                }
                problems.push(problem);
            }
        }
    }
    let mut result = Vec::new();
    for (service_dir, service, mut operations, schemas, mut supplements) in services {
        let Some(service) = service else {
            if unparsed_services.contains(&service_dir) {
                continue;
            }
            let path = operations
                .first()
                .map(|o| o.path.clone())
                .or_else(|| supplements.first().map(|s| s.path.clone()))
                .unwrap_or_default();
            problems.push(Diagnostic::new(
                path,
                None,
                format!("the folder `{service_dir}` has operations but no service.yaml"),
            ));
            continue;
        };
        operations.sort_by(|a, b| a.path.file_name().cmp(&b.path.file_name()));
        supplements.sort_by(|a, b| a.path.file_name().cmp(&b.path.file_name()));
        result.push(ServiceSources {
            service_dir,
            service,
            operations,
            schemas,
            supplements,
        });
    }
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    result.sort_by(|a, b| a.service_dir.cmp(&b.service_dir));
    Ok(result)
}

fn parse_file<T: DeserializeOwned>(file: &SourceFile) -> Result<Parsed<T>, Diagnostic> {
    match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => Ok(Parsed {
            path: file.path.clone(),
            value,
            locations: Locations::index(&file.text),
        }),
        Err(error) => {
            let position = error.location().map(|l| Position {
                line: l.line(),
                column: l.column(),
            });
            Err(Diagnostic::new(&file.path, position, yaml_message(&error)))
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic has its own
/// position, so that suffix is dropped.
fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}
