//! Schemas across the operations of a service: one schema where the definitions repeat one
//! identically, distinct names where they differ.
//!
//! Two operations use the same schema when the schema and everything it refers to are equal.
//! Names derive from the definitions' names, never from the order files are read in: where
//! one name carries different schemas, the variant most operations use keeps it (ties go to
//! the alphabetically first operation) and every other variant is prefixed with the first
//! operation that uses it (`ListAddonInstancesAddonInstance`). A name the hand-written or
//! page-transcribed specs already define is never reused, and a name that would become the
//! Rust type of an operation (`ShowCluster`) gets a `Body` suffix.

use std::collections::{BTreeMap, BTreeSet};

use super::convert::Draft;
use crate::load::model::{FieldSpec, OperationFile, SchemaSpec};
use crate::resolve::naming;
use crate::resolve::type_expr::{self, TypeExpr};

/// The drafts with their schemas renamed, each keeping the schemas only it uses, and the
/// schemas several operations share.
pub struct Shared {
    pub drafts: Vec<Draft>,
    pub schemas: Vec<SchemaSpec>,
}

/// Shares the schemas of `drafts`. `reserved` holds the schema names other spec files of the
/// service define; `taken_types` the Rust type names the generated module already uses;
/// `by_package` is the service's `types_by_package` (Rust names then include the package).
pub fn share(
    mut drafts: Vec<Draft>,
    reserved: &BTreeSet<String>,
    taken_types: &BTreeSet<String>,
    by_package: bool,
) -> Shared {
    let rust_name = |name: &str| naming::schema_rust_name(name, by_package);
    // For every definition name, the operations using each distinct variant.
    let mut variants: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut keys_of: Vec<BTreeMap<String, String>> = Vec::new();
    for draft in &drafts {
        let mut keys = BTreeMap::new();
        for name in draft.schemas.keys() {
            let key = deep_key(&draft.schemas, name);
            variants
                .entry(name.clone())
                .or_default()
                .entry(key.clone())
                .or_default()
                .push(draft.operation.operation.clone());
            keys.insert(name.clone(), key);
        }
        keys_of.push(keys);
    }

    let mut assigned: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut users: BTreeMap<String, usize> = BTreeMap::new();
    let mut used_names: BTreeSet<String> = reserved.clone();
    let mut used_types: BTreeSet<String> = taken_types.clone();
    used_types.extend(reserved.iter().map(|r| rust_name(r)));
    for (name, by_key) in &variants {
        // Operations are pushed in the drafts' order, which is sorted by name.
        let mut ordered: Vec<(&String, &Vec<String>)> = by_key.iter().collect();
        ordered.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.1.cmp(b.1)));
        for (index, (key, operations)) in ordered.into_iter().enumerate() {
            let first = operations.first().cloned().unwrap_or_default();
            let base = if index == 0 && !reserved.contains(name) {
                name.clone()
            } else {
                format!("{first}{name}")
            };
            // A definition named like an operation is that operation's body.
            let chosen = [base.clone(), format!("{base}Body")]
                .into_iter()
                .chain((2..).map(|n| format!("{base}Body{n}")))
                .find(|candidate| {
                    !used_names.contains(candidate) && !used_types.contains(&rust_name(candidate))
                })
                .unwrap_or(base);
            used_names.insert(chosen.clone());
            used_types.insert(rust_name(&chosen));
            users.insert(chosen.clone(), operations.len());
            assigned.insert((name.clone(), key.clone()), chosen);
        }
    }

    let mut shared: BTreeMap<String, SchemaSpec> = BTreeMap::new();
    for (draft, keys) in drafts.iter_mut().zip(&keys_of) {
        let renames: BTreeMap<String, String> = keys
            .iter()
            .filter_map(|(name, key)| {
                assigned
                    .get(&(name.clone(), key.clone()))
                    .map(|new| (name.clone(), new.clone()))
            })
            .collect();
        let schemas = std::mem::take(&mut draft.schemas);
        let mut own = Vec::new();
        for (name, mut schema) in schemas {
            rename_schema(&mut schema, &renames);
            let new_name = renames.get(&name).cloned().unwrap_or(name);
            if users.get(&new_name).copied().unwrap_or(0) > 1 {
                shared.entry(new_name).or_insert(schema);
            } else {
                own.push(schema);
            }
        }
        let operation = &mut draft.operation;
        for parameter in &mut operation.parameters {
            parameter.type_expr = rename_type(&parameter.type_expr, &renames);
        }
        if let Some(body) = &mut operation.request_body {
            body.type_expr = rename_type(&body.type_expr, &renames);
        }
        for response in &mut operation.responses {
            if let Some(body) = &mut response.body {
                body.type_expr = rename_type(&body.type_expr, &renames);
            }
        }
        own.sort_by(|a, b| a.name.cmp(&b.name));
        operation.schemas = own;
    }
    Shared {
        drafts,
        schemas: shared.into_values().collect(),
    }
}

fn rename_schema(schema: &mut SchemaSpec, renames: &BTreeMap<String, String>) {
    if let Some(new) = renames.get(&schema.name) {
        schema.name = new.clone();
    }
    if let Some(alias) = &mut schema.alias {
        *alias = rename_type(alias, renames);
    }
    for field in schema.properties.iter_mut().flatten() {
        field.type_expr = rename_type(&field.type_expr, renames);
    }
}

/// `text` with the schema names it mentions renamed.
pub fn rename_type(text: &str, renames: &BTreeMap<String, String>) -> String {
    match type_expr::parse(text) {
        Ok(expr) => print(&expr, renames),
        Err(_) => text.to_owned(),
    }
}

fn print(expr: &TypeExpr, renames: &BTreeMap<String, String>) -> String {
    expr.text_with(&|name| {
        renames
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    })
}

/// The schemas `schema` names: its properties' types and what it is an alias of.
pub fn references(schema: &SchemaSpec) -> Vec<String> {
    let fields: &[FieldSpec] = schema.properties.as_deref().unwrap_or_default();
    fields
        .iter()
        .map(|f| f.type_expr.as_str())
        .chain(schema.alias.as_deref())
        .flat_map(type_expr::schema_names)
        .collect()
}

/// The schemas an operation spec names: its parameters', request body's and replies' types,
/// and what its own schemas name.
pub fn operation_references(op: &OperationFile) -> Vec<String> {
    op.parameters
        .iter()
        .map(|p| p.type_expr.as_str())
        .chain(op.request_body.iter().map(|b| b.type_expr.as_str()))
        .chain(
            op.responses
                .iter()
                .filter_map(|r| r.body.as_ref().map(|b| b.type_expr.as_str())),
        )
        .flat_map(type_expr::schema_names)
        .chain(op.schemas.iter().flat_map(references))
        .collect()
}

/// What makes two uses of `name` the same schema: its text and the text of everything it
/// refers to, directly or not.
fn deep_key(schemas: &BTreeMap<String, SchemaSpec>, name: &str) -> String {
    let mut closure = BTreeSet::new();
    let mut stack = vec![name.to_owned()];
    while let Some(current) = stack.pop() {
        if !closure.insert(current.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(&current) {
            stack.extend(references(schema));
        }
    }
    closure
        .iter()
        .filter_map(|n| schemas.get(n))
        .map(|s| serde_yaml::to_string(s).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\u{0}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::definitions::convert::convert;
    use crate::import::definitions::convert::ServiceFacts;
    use serde_json::json;

    fn draft(operation: &str, tag_max: u64) -> Draft {
        let json = json!({
            "name": operation, "method": "get",
            "definitions": {
                "Tag": {"properties": {"key": {"type": "string", "maxLength": tag_max}}},
                "Page": {"properties": {"tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}}}}
            },
            "paths": {"/v1/x": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}}}
        });
        let facts = ServiceFacts {
            error_body: "ErrorResponse",
            error_code: "error_code",
            error_message: "error_msg",
            request_id_header: None,
            endpoint: None,
        };
        convert(&format!("{operation}.json"), &json, &facts)
    }

    #[test]
    fn identical_schemas_are_shared_and_different_ones_renamed() {
        let drafts = vec![draft("ListA", 128), draft("ListB", 128), draft("ListC", 64)];
        let shared = share(drafts, &BTreeSet::new(), &BTreeSet::new(), false);
        let names: Vec<&str> = shared.schemas.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Page", "Tag"],
            "used identically by ListA and ListB"
        );
        // ListC's Tag differs, and so does the Page that refers to it.
        let c = &shared.drafts[2].operation;
        let own: Vec<&str> = c.schemas.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(own, ["ListCPage", "ListCTag"]);
        assert_eq!(c.responses[0].body.as_ref().unwrap().type_expr, "ListCPage");
    }

    #[test]
    fn names_of_other_specs_are_not_reused() {
        let reserved: BTreeSet<String> = ["Tag".to_owned()].into();
        let shared = share(
            vec![draft("ListA", 1), draft("ListB", 1)],
            &reserved,
            &BTreeSet::new(),
            false,
        );
        let names: Vec<&str> = shared.schemas.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ListATag", "Page"]);
    }
}
