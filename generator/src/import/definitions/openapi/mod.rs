//! The reader of a whole API described by one OpenAPI 2 document (`swagger.json`), as
//! kube-apiserver publishes the Kubernetes API: the document is split into the importer's
//! intermediate, one document per operation (see [`super::intermediate`]), each carrying the
//! parameters and the closure of definitions it refers to.
//!
//! What the reader decides, the same for any such document:
//! - an operation's name is its `operationId` in upper camel case, its title the one-line
//!   `description` (these documents have no `summary`);
//! - of the media types an operation `produces` or `consumes`, the client uses JSON, so JSON is
//!   kept; what an operation without a body `consumes` says nothing and is left out;
//! - an operation's first tag names its group (`rbacAuthorization_v1`), which becomes the spec's
//!   `group` (`rbac-authorization-v1`) and so a cargo feature; a tag without a version
//!   (`core`, `apis`, `version`) is no group, and its operations come with the service;
//! - operations the source marks deprecated in favour of another are not generated, with the
//!   reason (see [`fixups::superseded`]).
//!
//! The document's known defects are corrected by the named fix-ups of [`fixups`] before the
//! split, and each correction is a finding of the operation it touched.

pub mod fixups;
mod split;

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::intermediate::Intermediate;
use super::{io_error, Absent, ImportError};

/// The document's file name in a service's `definitions/` folder.
pub const DOCUMENT_FILE: &str = "swagger.json";

/// Whether `dir` holds one OpenAPI 2 document of a whole API.
pub fn holds_definitions(dir: &Path) -> bool {
    dir.join(DOCUMENT_FILE).is_file()
}

/// Reads the document of `dir`: one intermediate document per operation, in path and method
/// order, and the operations that are not generated with the reasons.
pub fn read(dir: &Path) -> Result<(Vec<Intermediate>, Absent), ImportError> {
    let path = dir.join(DOCUMENT_FILE);
    let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
    let mut document: Value = serde_json::from_str(&text).map_err(|e| io_error(&path, e))?;
    if document.get("swagger").and_then(Value::as_str) != Some("2.0") {
        return Err(ImportError(format!(
            "{}: not an OpenAPI 2 document (no `\"swagger\": \"2.0\"`)",
            path.display()
        )));
    }
    let applied = fixups::apply(&mut document);
    split::operations(&document, &applied)
}
