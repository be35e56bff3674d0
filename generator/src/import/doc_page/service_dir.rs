//! The service folder an import reads (`service.yaml`, `operations/*.yaml`) and writes to.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::import::spec_file::operation_yaml;
use crate::load::model::{OperationFile, ServiceFile};
use crate::load::{self, SourceFile};
use crate::write::{self, GeneratedFile};

/// A service folder's hand-written service file and its operation specs.
#[derive(Debug, Clone)]
pub struct ServiceDir {
    pub dir: PathBuf,
    pub service: ServiceFile,
    pub operations: Vec<OperationFile>,
}

/// Reads `dir/service.yaml` (with the shared `schemas.yaml` of a service whose types are kept by
/// package) and every `dir/operations/*.yaml`.
pub fn read(dir: &Path) -> Result<ServiceDir, String> {
    let service_path = dir.join("service.yaml");
    let text = fs::read_to_string(&service_path)
        .map_err(|e| format!("{}: {e}", service_path.display()))?;
    let mut service =
        parse_service(&text).map_err(|e| format!("{}: {e}", service_path.display()))?;
    // The shared schemas of an imported API are the service's own types too: a page's table of
    // one of them names it (the Kubernetes seed page's `DeleteOptions` and `Status`).
    let schemas_path = dir.join("schemas.yaml");
    if service.types_by_package && schemas_path.is_file() {
        let text = fs::read_to_string(&schemas_path)
            .map_err(|e| format!("{}: {e}", schemas_path.display()))?;
        let shared: crate::load::model::SchemasFile =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", schemas_path.display()))?;
        service.schemas.extend(shared.schemas);
    }
    let mut operations = Vec::new();
    for path in yaml_files(&dir.join("operations"))? {
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let operation: OperationFile =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        operations.push(operation);
    }
    Ok(ServiceDir {
        dir: dir.to_path_buf(),
        service,
        operations,
    })
}

/// A `service.yaml` text as the spec model.
pub fn parse_service(text: &str) -> Result<ServiceFile, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// The path of an operation's spec below the service folder.
pub fn operation_path(operation: &str) -> String {
    format!("operations/{operation}.yaml")
}

/// What writing an operation's spec did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Unchanged,
    Created,
    Updated,
}

/// Writes `operation` in the canonical form, through a temporary file and a rename, only when
/// its bytes change.
pub fn write_operation(dir: &Path, operation: &OperationFile) -> Result<Written, String> {
    let contents = operation_yaml(operation).map_err(|e| e.to_string())?;
    let file = GeneratedFile {
        path: operation_path(&operation.operation),
        contents,
    };
    let changes = write::write_files(dir, std::slice::from_ref(&file))
        .map_err(|e| format!("{}: {e}", dir.join(&file.path).display()))?;
    Ok(match changes.first() {
        None => Written::Unchanged,
        Some((_, write::Change::Added)) => Written::Created,
        Some(_) => Written::Updated,
    })
}

/// The folder's spec files as `generate` reads them, with `operation`'s spec (where given) in
/// place of the file of the same name: the service as it would be once the import has written.
pub fn sources_with(
    dir: &Path,
    operation: Option<&OperationFile>,
) -> Result<Vec<SourceFile>, String> {
    // The role only groups the files by service; the folder's last two names are what the
    // specs tree calls it (`huawei/cce`).
    let label: Vec<String> = dir
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let label = match label.as_slice() {
        [service, vendor] => format!("{vendor}/{service}"),
        [service] => format!("local/{service}"),
        _ => "local/service".to_owned(),
    };
    let target = operation.map(|o| dir.join(operation_path(&o.operation)));
    let mut files = Vec::new();
    let mut push = |path: PathBuf, role: load::Role| -> Result<(), String> {
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.push(SourceFile { path, role, text });
        Ok(())
    };
    let service_dir = || label.clone();
    push(
        dir.join("service.yaml"),
        load::Role::Service {
            service_dir: service_dir(),
        },
    )?;
    if dir.join("schemas.yaml").is_file() {
        push(
            dir.join("schemas.yaml"),
            load::Role::Schemas {
                service_dir: service_dir(),
            },
        )?;
    }
    for (folder, is_operation) in [("operations", true), ("supplements", false)] {
        for path in yaml_files(&dir.join(folder))? {
            if target.as_ref() == Some(&path) {
                continue;
            }
            let role = if is_operation {
                load::Role::Operation {
                    service_dir: service_dir(),
                }
            } else {
                load::Role::Supplement {
                    service_dir: service_dir(),
                }
            };
            push(path, role)?;
        }
    }
    if let (Some(operation), Some(target)) = (operation, target) {
        files.push(SourceFile {
            text: operation_yaml(operation).map_err(|e| e.to_string())?,
            path: target,
            role: load::Role::Operation {
                service_dir: service_dir(),
            },
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The `.yaml` files of `folder`, sorted; none when it does not exist.
fn yaml_files(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let mut paths: Vec<PathBuf> = match fs::read_dir(folder) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect(),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(format!("{}: {error}", folder.display())),
    };
    paths.sort();
    Ok(paths)
}
