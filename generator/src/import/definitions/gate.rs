//! The import never writes a spec that `generate` rejects: before anything is written, the
//! service as it would be on disk is loaded and resolved in memory, and each problem is blamed
//! on the operations whose spec holds it (its own file, or a shared schema it uses). Those
//! operations are left out with the problem as the reason, the schemas are shared again
//! without them, and the check repeats until the service resolves.
//!
//! A problem in a file the import does not write (`service.yaml`, a spec transcribed from a
//! page) is not the definitions' doing: the import stops and writes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::share;
use crate::load::model::{OperationFile, SchemaSpec};
use crate::load::{self, Role, SourceFile};

/// The files of one service as the import would leave them.
pub struct Candidate<'a> {
    /// `huawei/cce`: the role's service folder.
    pub service_dir: &'a str,
    /// The folder on disk, whose `service.yaml` and page-transcribed specs stay as they are.
    pub service_root: &'a Path,
    pub operations: &'a [(String, String)],
    pub kept: &'a [(PathBuf, String)],
    /// The shared schemas, and `schemas.yaml` as it would be written.
    pub schemas: &'a [SchemaSpec],
    pub schemas_text: Option<&'a str>,
    pub supplements: &'a [(String, String)],
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Blame {
    /// Operations the import writes, with the problems of their specs.
    pub operations: BTreeMap<String, Vec<String>>,
    /// Supplements that would not resolve, by operation: they are left out.
    pub supplements: BTreeMap<String, Vec<String>>,
    /// Problems in files the import does not write.
    pub elsewhere: Vec<String>,
}

impl Blame {
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty() && self.supplements.is_empty() && self.elsewhere.is_empty()
    }
}

/// Loads and resolves `candidate` in memory; every problem, blamed.
pub fn check(candidate: &Candidate<'_>) -> Result<Blame, String> {
    let sources = sources(candidate)?;
    let problems = match load::parse(&sources).map_err(|d| d.0).and_then(|parsed| {
        crate::resolve::resolve(&parsed)
            .map(|_| ())
            .map_err(|d| d.0)
    }) {
        Ok(()) => return Ok(Blame::default()),
        Err(problems) => problems,
    };
    let root = candidate.service_root;
    let users = schema_users(candidate);
    let schemas_text = candidate.schemas_text.unwrap_or_default();
    let written: BTreeSet<&str> = candidate
        .operations
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let mut blame = Blame::default();
    for problem in problems {
        let message = match problem.position {
            Some(position) => format!("{} (line {})", problem.message, position.line),
            None => problem.message.clone(),
        };
        let relative = problem.file.strip_prefix(root).unwrap_or(&problem.file);
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let stem = |file: &str| file.trim_end_matches(".yaml").to_owned();
        match parts
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["operations", file] if written.contains(stem(file).as_str()) => {
                blame
                    .operations
                    .entry(stem(file))
                    .or_default()
                    .push(message);
            }
            ["supplements", file] => {
                blame
                    .supplements
                    .entry(stem(file))
                    .or_default()
                    .push(message);
            }
            ["schemas.yaml"] => {
                let schema = problem
                    .position
                    .and_then(|p| schema_at_line(schemas_text, p.line));
                let blamed: Vec<&String> = schema
                    .as_ref()
                    .and_then(|s| users.get(s))
                    .into_iter()
                    .flatten()
                    .collect();
                if blamed.is_empty() {
                    blame
                        .elsewhere
                        .push(format!("{}: {message}", problem.file.display()));
                }
                for operation in blamed {
                    let schema = schema.as_deref().unwrap_or_default();
                    blame
                        .operations
                        .entry(operation.clone())
                        .or_default()
                        .push(format!("the shared schema `{schema}`: {message}"));
                }
            }
            _ => blame
                .elsewhere
                .push(format!("{}: {message}", problem.file.display())),
        }
    }
    Ok(blame)
}

fn sources(candidate: &Candidate<'_>) -> Result<Vec<SourceFile>, String> {
    let dir = candidate.service_dir.to_owned();
    let root = candidate.service_root;
    let service_path = root.join("service.yaml");
    let service = std::fs::read_to_string(&service_path)
        .map_err(|e| format!("{}: {e}", service_path.display()))?;
    let mut out = vec![SourceFile {
        path: service_path,
        role: Role::Service {
            service_dir: dir.clone(),
        },
        text: service,
    }];
    if let Some(text) = candidate.schemas_text {
        out.push(SourceFile {
            path: root.join("schemas.yaml"),
            role: Role::Schemas {
                service_dir: dir.clone(),
            },
            text: text.to_owned(),
        });
    }
    for (name, text) in candidate.operations {
        out.push(SourceFile {
            path: root.join("operations").join(format!("{name}.yaml")),
            role: Role::Operation {
                service_dir: dir.clone(),
            },
            text: text.clone(),
        });
    }
    for (path, text) in candidate.kept {
        out.push(SourceFile {
            path: path.clone(),
            role: Role::Operation {
                service_dir: dir.clone(),
            },
            text: text.clone(),
        });
    }
    for (name, text) in candidate.supplements {
        out.push(SourceFile {
            path: root.join("supplements").join(format!("{name}.yaml")),
            role: Role::Supplement {
                service_dir: dir.clone(),
            },
            text: text.clone(),
        });
    }
    Ok(out)
}

/// The operations that use each shared schema, directly or through other shared schemas.
fn schema_users(candidate: &Candidate<'_>) -> BTreeMap<String, Vec<String>> {
    let by_name: BTreeMap<&str, &SchemaSpec> = candidate
        .schemas
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, text) in candidate.operations {
        let Ok(op) = serde_yaml::from_str::<OperationFile>(text) else {
            continue;
        };
        let mut wanted = share::operation_references(&op);
        let mut seen = BTreeSet::new();
        while let Some(schema) = wanted.pop() {
            if let Some(spec) = by_name.get(schema.as_str()) {
                if seen.insert(schema.clone()) {
                    wanted.extend(share::references(spec));
                    users.entry(schema).or_default().push(name.clone());
                }
            }
        }
    }
    users
}

/// The shared schema whose entry holds line `line` (1-based) of a printed `schemas.yaml`: the
/// last `- name:` at the list's indentation at or before it.
fn schema_at_line(text: &str, line: usize) -> Option<String> {
    text.lines()
        .take(line)
        .filter_map(|l| l.strip_prefix("- name: "))
        .last()
        .map(|name| name.trim().trim_matches('\'').trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_schemas_yaml_is_blamed_on_its_schema() {
        let text = "source: x\nschemas:\n- name: A\n  properties:\n  - name: a\n    type: Number\n- name: B\n  alias: string\n";
        assert_eq!(schema_at_line(text, 6).as_deref(), Some("A"));
        assert_eq!(schema_at_line(text, 8).as_deref(), Some("B"));
        assert_eq!(schema_at_line(text, 1), None);
    }
}
