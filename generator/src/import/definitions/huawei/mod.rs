//! The reader of Huawei's API Explorer definitions: one JSON file per operation, already in the
//! intermediate form.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::intermediate::Intermediate;
use super::{io_error, ImportError};

pub mod fixups;

/// Every definition file of `dir`, in file name order.
pub fn read(dir: &Path) -> Result<Vec<Intermediate>, ImportError> {
    let mut out = Vec::new();
    for path in json_files(dir)? {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
        let document: Value = serde_json::from_str(&text).map_err(|e| io_error(&path, e))?;
        out.push(Intermediate {
            file,
            document,
            findings: Vec::new(),
        });
    }
    fixups::apply(&mut out);
    Ok(out)
}

/// The `*.json` files of `dir`, sorted; none when it is not a folder.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
