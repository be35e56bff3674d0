//! The reader of Huawei's API Explorer definitions: one JSON file per operation, already in the
//! intermediate form.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::intermediate::Intermediate;
use super::{io_error, ImportError};

pub mod fixups;
pub mod openapi3;
pub mod service_file;

/// Every definition file of `dir`, in file name order, and the files that hold no definition
/// (the published crates have files whose whole content is the JSON string `"{}"`) with the
/// reason. Files in OpenAPI 3 form are read as Swagger 2 ([`openapi3`]).
pub fn read(dir: &Path) -> Result<(Vec<Intermediate>, super::Absent), ImportError> {
    let mut out = Vec::new();
    let mut absent = Vec::new();
    for path in json_files(dir)? {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
        let mut document: Value = serde_json::from_str(&text).map_err(|e| io_error(&path, e))?;
        if !document.is_object() || document.get("paths").is_none() {
            let name = file.trim_end_matches(".json").to_owned();
            let what = match &document {
                Value::String(inner) => format!("the JSON string `{}`", shorten(inner)),
                Value::Object(_) => "an object without `paths`".to_owned(),
                other => format!("`{}`", shorten(&other.to_string())),
            };
            absent.push((
                name,
                vec![format!(
                    "the definition file holds no definition: its content is {what}"
                )],
            ));
            continue;
        }
        openapi3::to_swagger2(&mut document);
        out.push(Intermediate {
            file,
            document,
            findings: Vec::new(),
        });
    }
    fixups::apply(&mut out);
    Ok((out, absent))
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
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
