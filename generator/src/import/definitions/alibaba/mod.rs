//! The reader of Alibaba's definitions of an API: its Darabonba definition `main.tea` (what
//! the official SDKs are generated from), its OpenAPI metadata `api-docs-<date>.json`, and
//! `api-info.json`, turned into the importer's intermediate: one OpenAPI 2-shaped document per
//! operation (see [`super::intermediate`]), which `convert` reads as it reads Huawei's.
//!
//! `main.tea` is the base: it alone has every operation, the wire name of every field, where
//! each travels, English descriptions and examples. The metadata adds what it states and the
//! Tea does not (`enum`, bounds, formats, and descriptions, which the older metadata has in
//! Chinese); where a fact is in both and they differ, the Tea's is kept and the difference is a
//! finding of the operation, in the import report. Whether a value is required is the Tea's
//! (its description says "This parameter is required.") or the newest metadata's; an older
//! metadata that says otherwise is a finding.

pub mod api_docs;
pub mod fixups;
pub mod tea;
mod to_intermediate;

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::convert::Finding;
use super::intermediate::Intermediate;
use super::{io_error, ImportError};

/// The Tea definition's file name.
pub const TEA_FILE: &str = "main.tea";
/// The file of deprecations and endpoints.
pub const API_INFO_FILE: &str = "api-info.json";

/// Operations of the official SDK that none of the definitions has, with the reason they are
/// not generated. Checked against the definitions: an entry the definitions come to have is
/// reported as stale.
pub const SDK_ONLY: &[(&str, &str)] = &[(
    "ListNodePoolComponentInstanceNodes",
    "in the official SDK (alibabacloud-cs20151215 7.2.3) but in none of the definitions \
     (main.tea, api-docs): no path, parameters or reply to generate it from",
)];

/// Whether `dir` holds Alibaba definitions.
pub fn holds_definitions(dir: &Path) -> bool {
    dir.join(TEA_FILE).is_file()
}

/// Reads the definitions of `dir`: one intermediate document per operation of `main.tea`, in
/// the Tea's order of operation names.
pub fn read(dir: &Path) -> Result<Vec<Intermediate>, ImportError> {
    let tea_path = dir.join(TEA_FILE);
    let tea_text = fs::read_to_string(&tea_path).map_err(|e| io_error(&tea_path, e))?;
    let tea = tea::parse(&tea_text).map_err(|e| io_error(&tea_path, e))?;
    let metadata = api_docs::read_all(dir)?;
    let info_path = dir.join(API_INFO_FILE);
    let deprecated: Vec<String> = if info_path.is_file() {
        let text = fs::read_to_string(&info_path).map_err(|e| io_error(&info_path, e))?;
        let info: Value = serde_json::from_str(&text).map_err(|e| io_error(&info_path, e))?;
        info.get("deprecated")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    let mut calls: Vec<&tea::Call> = tea.calls.iter().collect();
    calls.sort_by(|a, b| a.action.cmp(&b.action));
    for call in calls {
        let mut findings = Vec::new();
        let mut document =
            to_intermediate::operation(&tea, call, &metadata, &deprecated, &mut findings);
        fixups::apply(&call.action, &mut document, &mut findings);
        out.push(Intermediate {
            file: format!("{TEA_FILE}#{}", call.action),
            document,
            findings,
        });
    }
    for one in &mut out {
        let listed = SDK_ONLY
            .iter()
            .any(|(name, _)| one.file.strip_prefix(&format!("{TEA_FILE}#")) == Some(*name));
        if listed {
            one.findings.push(Finding {
                at: "SDK_ONLY".to_owned(),
                message: "listed as only in the SDK, but the definitions have it: remove the entry"
                    .to_owned(),
            });
        }
    }
    Ok(out)
}

/// The operations this reader knows of and cannot generate: [`SDK_ONLY`] less what the
/// definitions have.
pub fn absent(read: &[Intermediate]) -> Vec<(String, Vec<String>)> {
    SDK_ONLY
        .iter()
        .filter(|(name, _)| !read.iter().any(|i| i.file.ends_with(&format!("#{name}"))))
        .map(|(name, why)| ((*name).to_owned(), vec![(*why).to_owned()]))
        .collect()
}
