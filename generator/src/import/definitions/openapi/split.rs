//! One OpenAPI 2 document of a whole API split into one intermediate document per operation.

use std::collections::BTreeSet;

use heck::ToKebabCase;
use serde_json::{Map, Value};

use super::fixups::Applied;
use crate::import::definitions::convert::Finding;
use crate::import::definitions::intermediate::Intermediate;
use crate::import::definitions::{Absent, ImportError};

/// Extension keys of the Kubernetes document that say how the server merges, validates and
/// names objects: a strategic merge patch's keys and strategy, list and map semantics, unions,
/// the group, version and kind a definition is served as, and an operation's verb. None of them
/// is carried by a request or a reply, so they are left out of the intermediate documents (an
/// operation's verb and group are read first).
pub const SERVER_SIDE_KEYS: &[&str] = &[
    "x-kubernetes-action",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-group-version-kind",
    "x-kubernetes-int-or-string",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-list-type",
    "x-kubernetes-map-type",
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-unions",
    "x-kubernetes-validations",
];

/// Query parameters of a list operation that turn its reply into a stream of watch events;
/// the list reply they are documented with cannot carry those, so they are left out of the
/// list operations, each time with a finding.
pub const WATCH_PARAMETERS: &[&str] = &["watch", "allowWatchBookmarks", "sendInitialEvents"];

/// Path endings of operations the API server answers by upgrading the connection (SPDY or
/// WebSocket streams): a request and one reply cannot express them.
pub const UPGRADE_SUBRESOURCES: &[&str] = &["/exec", "/attach", "/portforward"];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

pub fn operations(
    document: &Value,
    applied: &Applied,
) -> Result<(Vec<Intermediate>, Absent), ImportError> {
    let empty = Map::new();
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError("the document has no `paths`".to_owned()))?;
    let definitions = document
        .get("definitions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let shared_parameters = document
        .get("parameters")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut out = Vec::new();
    let mut absent = Absent::new();
    let mut names = BTreeSet::new();
    for (path, item) in paths {
        let item = item.as_object().unwrap_or(&empty);
        for method in METHODS {
            let Some(op) = item.get(*method).and_then(Value::as_object) else {
                continue;
            };
            let key = format!("{method} {path}");
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                absent.push((key, vec!["the operation has no `operationId`".to_owned()]));
                continue;
            };
            let name = upper_first(id);
            if !names.insert(name.clone()) {
                return Err(ImportError(format!(
                    "paths.{path}.{method}: the operation name `{name}` is used twice"
                )));
            }
            let description = op
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if let Some(instead) = superseded(description) {
                absent.push((name, vec![format!("deprecated: {instead}")]));
                continue;
            }
            if let Some(sub) = UPGRADE_SUBRESOURCES.iter().find(|s| path.ends_with(**s)) {
                absent.push((
                    name,
                    vec![format!(
                        "`{sub}` is answered by upgrading the connection to SPDY or WebSocket streams, which a request and reply cannot express"
                    )],
                ));
                continue;
            }
            let mut findings = applied.get(&key).cloned().unwrap_or_default();
            let mut op = op.clone();
            let mut path_parameters = item.get("parameters").cloned();
            let list = op.get("x-kubernetes-action") == Some(&Value::from("list"));
            if list {
                for parameters in [op.get_mut("parameters"), path_parameters.as_mut()] {
                    drop_watch_parameters(parameters, shared_parameters, path, &mut findings);
                }
            }
            let group = op
                .get("tags")
                .and_then(Value::as_array)
                .and_then(|tags| tags.first())
                .and_then(Value::as_str)
                .and_then(group_of);
            strip(&mut op);
            // What an operation without a body consumes says nothing; of several media types
            // for a body, the client sends JSON.
            if !super::fixups::has_body(document, &op) {
                op.remove("consumes");
            } else if let Some(consumes) = op.get("consumes").and_then(Value::as_array) {
                if consumes.iter().any(|m| m == "application/json") {
                    op.insert("consumes".to_owned(), Value::from(vec!["application/json"]));
                }
            }
            // The client asks for JSON where the operation offers it.
            if let Some(produces) = op.get("produces").and_then(Value::as_array) {
                if produces.iter().any(|m| m == "application/json") {
                    op.insert("produces".to_owned(), Value::from(vec!["application/json"]));
                }
            }
            let mut path_item = Map::new();
            if let Some(parameters) = path_parameters {
                path_item.insert("parameters".to_owned(), parameters);
            }
            let summary = description.trim().to_owned();
            op.remove("description");
            path_item.insert((*method).to_owned(), Value::Object(op));
            let mut paths_one = Map::new();
            paths_one.insert(path.clone(), Value::Object(path_item));
            let mut one = Map::new();
            one.insert("name".to_owned(), Value::from(name.clone()));
            one.insert("method".to_owned(), Value::from(*method));
            if !summary.is_empty() {
                one.insert("summary".to_owned(), Value::from(summary));
            }
            if let Some(group) = group {
                one.insert("group".to_owned(), Value::from(group));
            }
            let paths_value = Value::Object(paths_one);
            let (parameters, used) = references(&paths_value, shared_parameters, definitions);
            one.insert("paths".to_owned(), paths_value);
            one.insert("parameters".to_owned(), Value::Object(parameters));
            one.insert("definitions".to_owned(), Value::Object(used));
            findings.sort();
            out.push(Intermediate {
                file: format!("swagger.json#{name}"),
                document: Value::Object(one),
                findings,
            });
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    absent.sort();
    if let Some(whole) = applied.get("") {
        if let Some(first) = out.first_mut() {
            first.findings.extend(whole.iter().cloned());
        }
    }
    Ok((out, absent))
}

/// `listCoreV1Namespace` -> `ListCoreV1Namespace`, keeping the rest as written
/// (`readStorageV1CSIDriver`), which a case conversion would not.
fn upper_first(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// What to use instead, where `description` says the operation is deprecated
/// (`"... deprecated: use the 'watch' parameter with a list operation instead."`).
fn superseded(description: &str) -> Option<String> {
    let at = description.find("deprecated: ")?;
    Some(description[at + "deprecated: ".len()..].trim().to_owned())
}

/// The group of a tag that names a group and version (`rbacAuthorization_v1` ->
/// `rbac-authorization-v1`); `None` for a tag without a version (`core`, `apis`).
fn group_of(tag: &str) -> Option<String> {
    let (group, version) = tag.rsplit_once('_')?;
    let versioned =
        version.starts_with('v') && version[1..].starts_with(|c: char| c.is_ascii_digit());
    versioned.then(|| format!("{}-{version}", group.to_kebab_case()))
}

fn drop_watch_parameters(
    parameters: Option<&mut Value>,
    shared: &Map<String, Value>,
    path: &str,
    findings: &mut Vec<Finding>,
) {
    let Some(list) = parameters.and_then(Value::as_array_mut) else {
        return;
    };
    list.retain(|p| {
        let resolved = match p.get("$ref").and_then(Value::as_str) {
            Some(r) => shared
                .get(r.trim_start_matches("#/parameters/"))
                .unwrap_or(p),
            None => p,
        };
        let name = resolved
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let watch = WATCH_PARAMETERS.contains(&name);
        if watch {
            findings.push(Finding {
                at: format!("paths.{path}.parameters.{name}"),
                message: "a watch parameter of a list operation is not generated: with it the \
                          reply is a stream of watch events, not the documented list"
                    .to_owned(),
            });
        }
        !watch
    });
}

/// Removes the [`SERVER_SIDE_KEYS`] and the bookkeeping of `value` and everything in it.
fn strip(op: &mut Map<String, Value>) {
    for key in SERVER_SIDE_KEYS {
        op.remove(*key);
    }
    op.remove("tags");
    op.remove("schemes");
    // Read into the name already.
    op.remove("operationId");
}

fn strip_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in SERVER_SIDE_KEYS {
                map.remove(*key);
            }
            map.values_mut().for_each(strip_value);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_value),
        _ => {}
    }
}

/// The shared parameters and the definitions `value` refers to, directly or through others.
fn references(
    value: &Value,
    shared_parameters: &Map<String, Value>,
    definitions: &Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut parameters = Map::new();
    let mut used = Map::new();
    let mut stack = vec![value.clone()];
    while let Some(current) = stack.pop() {
        let mut refs = Vec::new();
        collect_refs(&current, &mut refs);
        for reference in refs {
            if let Some(name) = reference.strip_prefix("#/parameters/") {
                if let Some(p) = shared_parameters.get(name) {
                    if !parameters.contains_key(name) {
                        parameters.insert(name.to_owned(), p.clone());
                        stack.push(p.clone());
                    }
                }
            } else if let Some(name) = reference.strip_prefix("#/definitions/") {
                if let Some(d) = definitions.get(name) {
                    if !used.contains_key(name) {
                        let mut d = d.clone();
                        strip_value(&mut d);
                        used.insert(name.to_owned(), d.clone());
                        stack.push(d);
                    }
                }
            }
        }
    }
    (parameters, used)
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                out.push(r.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_a_version_are_groups() {
        assert_eq!(
            group_of("rbacAuthorization_v1").as_deref(),
            Some("rbac-authorization-v1")
        );
        assert_eq!(group_of("core_v1").as_deref(), Some("core-v1"));
        assert_eq!(
            group_of("resource_v1beta2").as_deref(),
            Some("resource-v1beta2")
        );
        assert_eq!(group_of("core"), None);
        assert_eq!(group_of("WellKnown"), None);
    }

    #[test]
    fn a_deprecated_operation_says_what_replaces_it() {
        let text = "watch changes to an object of kind Pod. deprecated: use the 'watch' parameter with a list operation instead.";
        assert_eq!(
            superseded(text).as_deref(),
            Some("use the 'watch' parameter with a list operation instead.")
        );
        assert_eq!(superseded("list or watch objects of kind Pod"), None);
    }
}
