//! The importer's intermediate form: one OpenAPI 2-shaped document per operation, which
//! [`super::convert`] turns into an operation spec whatever source it came from.
//!
//! A document has the keys of one of Huawei's API Explorer definition files, which are OpenAPI
//! 2 documents of one operation: `name`, `method`, `summary`, `description`, `consumes`,
//! `paths` (one path, one method, its `parameters` by `in` and its `responses` by status) and
//! `definitions`. A reader per source writes it:
//!
//! - Huawei's definition files are read as they are (`huawei.rs`);
//! - Alibaba's `main.tea` and OpenAPI metadata are translated (`alibaba/`), with `style` on a
//!   query parameter for the encodings the Tea names (`json`, `simple`);
//! - one OpenAPI 2 document of a whole API (the Kubernetes API's `swagger.json`) is split into
//!   one document per operation (`openapi/`), with `group`, the API group and version the
//!   operation belongs to.
//!
//! A source's known defects are corrected in its reader as named fix-ups, reported as findings
//! of the operation, so the document `convert` reads says what the source means.

use serde_json::Value;

use super::convert::Finding;

/// One operation of a source, in the intermediate form.
#[derive(Debug, Clone)]
pub struct Intermediate {
    /// The place in the source it came from (`ListClusters.json`, `main.tea#CreateCluster`):
    /// the report's heading and the spec's `source.page` below `definitions/`.
    pub file: String,
    pub document: Value,
    /// What the reader found and did (fix-ups applied, sources that disagree).
    pub findings: Vec<Finding>,
}
