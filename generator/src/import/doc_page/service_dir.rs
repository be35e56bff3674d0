//! The service folder an import reads (`service.yaml`, `operations/*.yaml`) and writes to.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::import::spec_file::operation_yaml;
use crate::load::model::{OperationFile, ServiceFile};
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
    let operations_dir = dir.join("operations");
    let mut paths: Vec<PathBuf> = match fs::read_dir(&operations_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect(),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(format!("{}: {error}", operations_dir.display())),
    };
    paths.sort();
    for path in paths {
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
