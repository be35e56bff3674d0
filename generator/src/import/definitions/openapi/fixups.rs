//! The known defects of the Kubernetes OpenAPI document, each a named fix-up applied to the
//! whole document before it is split. Every operation a fix-up changes gets a finding naming
//! it, so the import report shows what was corrected and where; a fix-up that finds nothing
//! to correct is reported too, so that one a new release has made stale is noticed.
//!
//! Verified against kube-apiserver v1.36.0 (`specs/kubernetes/api/definitions/`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::import::definitions::convert::Finding;

/// The fix-ups' findings, by operation key (`<method> <path>`); the key `""` holds what
/// concerns the document as a whole.
pub type Applied = BTreeMap<String, Vec<Finding>>;

/// One fix-up: its name, what it corrects, and the function that does it.
struct Fixup {
    name: &'static str,
    corrects: &'static str,
    apply: fn(&mut Value, &mut Vec<(String, String)>),
}

const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "any-request-is-json",
        corrects: "`consumes: [\"*/*\"]` on an operation with a body: the API server reads \
                   a request body by its `Content-Type`, and JSON is one it reads",
        apply: any_request_is_json,
    },
    Fixup {
        name: "unique-items-on-scalars",
        corrects: "`uniqueItems: true` on parameters that are not arrays (a leftover of the \
                   document's generator; it says nothing about one value)",
        apply: unique_items_on_scalars,
    },
    Fixup {
        name: "string-replies-are-raw",
        corrects: "a success reply typed `string` is the bytes of a log, a proxied reply or a \
                   discovery document, not a JSON string; it is read whole, as a file",
        apply: string_replies_are_raw,
    },
    Fixup {
        name: "log-files-have-a-reply",
        corrects: "`/logs/` and `/logs/{logpath}` document only 401; the server answers 200 \
                   with the listing or the file",
        apply: log_files_have_a_reply,
    },
];

/// Applies every fix-up to `document`.
pub fn apply(document: &mut Value) -> Applied {
    let mut applied = Applied::new();
    for fixup in FIXUPS {
        let mut touched = Vec::new();
        (fixup.apply)(document, &mut touched);
        if touched.is_empty() {
            applied.entry(String::new()).or_default().push(Finding {
                at: format!("fix-up {}", fixup.name),
                message: "found nothing to correct: remove it if the source is fixed".to_owned(),
            });
        }
        for (key, at) in touched {
            applied.entry(key).or_default().push(Finding {
                at,
                message: format!("fix-up `{}`: {}", fixup.name, fixup.corrects),
            });
        }
    }
    applied
}

/// Every operation of the document: its key, its place and the operation object.
fn operations(document: &mut Value) -> Vec<(String, String, &mut Map<String, Value>)> {
    let mut out = Vec::new();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return out;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if method == "parameters" {
                continue;
            }
            if let Some(op) = op.as_object_mut() {
                out.push((
                    format!("{method} {path}"),
                    format!("paths.{path}.{method}"),
                    op,
                ));
            }
        }
    }
    out
}

pub(super) fn has_body(document: &Value, op: &Map<String, Value>) -> bool {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|p| {
            let p = match p.get("$ref").and_then(Value::as_str) {
                Some(r) => document
                    .pointer(&format!(
                        "/parameters/{}",
                        r.trim_start_matches("#/parameters/")
                    ))
                    .unwrap_or(&Value::Null),
                None => p,
            };
            p.get("in").and_then(Value::as_str) == Some("body")
        })
}

fn any_request_is_json(document: &mut Value, touched: &mut Vec<(String, String)>) {
    let snapshot = document.clone();
    for (key, at, op) in operations(document) {
        if op.get("consumes") != Some(&Value::from(vec!["*/*"])) {
            continue;
        }
        if has_body(&snapshot, op) {
            op.insert("consumes".to_owned(), Value::from(vec!["application/json"]));
            touched.push((key, format!("{at}.consumes")));
        }
    }
}

fn unique_items_on_scalars(document: &mut Value, touched: &mut Vec<(String, String)>) {
    let not_array = |p: &Map<String, Value>| {
        p.get("uniqueItems").is_some() && p.get("type").and_then(Value::as_str) != Some("array")
    };
    let mut shared_fixed = Vec::new();
    if let Some(shared) = document
        .get_mut("parameters")
        .and_then(Value::as_object_mut)
    {
        for (name, parameter) in shared.iter_mut() {
            if let Some(p) = parameter.as_object_mut().filter(|p| not_array(p)) {
                p.remove("uniqueItems");
                shared_fixed.push(format!("#/parameters/{name}"));
            }
        }
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let path_fixed = fix_list(item.get_mut("parameters"), &not_array, &shared_fixed);
        for (method, op) in item.iter_mut() {
            if method == "parameters" {
                continue;
            }
            let own_fixed = fix_list(op.get_mut("parameters"), &not_array, &shared_fixed);
            if own_fixed || path_fixed {
                touched.push((
                    format!("{method} {path}"),
                    format!("paths.{path}.{method}.parameters"),
                ));
            }
        }
    }
}

/// Removes `uniqueItems` from the scalar parameters of `list`; whether one of them had it,
/// directly or through a shared parameter fixed before.
fn fix_list(
    list: Option<&mut Value>,
    not_array: &dyn Fn(&Map<String, Value>) -> bool,
    shared_fixed: &[String],
) -> bool {
    let mut fixed = false;
    for parameter in list.and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
            fixed |= shared_fixed.iter().any(|s| s == reference);
        } else if let Some(p) = parameter.as_object_mut().filter(|p| not_array(p)) {
            p.remove("uniqueItems");
            fixed = true;
        }
    }
    fixed
}

fn string_replies_are_raw(document: &mut Value, touched: &mut Vec<(String, String)>) {
    for (key, at, op) in operations(document) {
        let mut changed = false;
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for (status, response) in responses.iter_mut() {
                let schema = response.get_mut("schema");
                let Some(schema) = schema.and_then(Value::as_object_mut) else {
                    continue;
                };
                if status.starts_with('2') && schema.get("type") == Some(&Value::from("string")) {
                    schema.insert("type".to_owned(), Value::from("file"));
                    changed = true;
                }
            }
        }
        if changed {
            // The reply's own media type, not the JSON the other replies are asked in.
            let media: Vec<Value> = op
                .get("produces")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|m| m.as_str().is_some_and(|m| m != "application/json"))
                .take(1)
                .cloned()
                .collect();
            let media = if media.is_empty() {
                vec![Value::from("application/octet-stream")]
            } else {
                media
            };
            op.insert("produces".to_owned(), Value::from(media));
            touched.push((key, format!("{at}.responses")));
        }
    }
}

fn log_files_have_a_reply(document: &mut Value, touched: &mut Vec<(String, String)>) {
    for (key, at, op) in operations(document) {
        if !(key == "get /logs/" || key == "get /logs/{logpath}") {
            continue;
        }
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        if responses.keys().any(|s| s.starts_with('2')) {
            continue;
        }
        responses.insert(
            "200".to_owned(),
            serde_json::json!({"description": "OK", "schema": {"type": "file"}}),
        );
        op.insert(
            "produces".to_owned(),
            Value::from(vec!["application/octet-stream"]),
        );
        touched.push((key, format!("{at}.responses")));
    }
}
