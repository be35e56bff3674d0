//! One type per shape: schemas of a service that are structurally the same become one type.
//!
//! The definitions give every operation its own copies of the schemas it uses (a cluster is
//! `Cluster` in one operation and `UpdateClusterCluster` in the next, a `{key, value}` tag
//! exists under five names), so without this a user would convert between types that are the
//! same. Two schemas are the same when they have the same kind and, field by field (or value
//! by value), the same wire names, Rust names, requiredness and types, where types that name
//! schemas count as the same when those schemas are: the classes are found by partition
//! refinement, so cycles and chains of copies merge too. Doc text does not count.
//!
//! The merged type takes the shortest of its names (ties: the first in alphabetical order),
//! so names never depend on the order of files, and its docs from that schema, with a
//! field's description taken from another copy where that one has none. Fields any copy marks
//! sensitive stay sensitive.

use std::collections::{BTreeMap, HashMap};

use super::model::{Field, Output, ReplyBody, Schema, SchemaKind, Service, TypeRef};

/// Merges the structurally identical schemas of `service`, rewriting every reference to the
/// merged names. Returns how many schemas were merged away.
pub fn unify(service: &mut Service) -> usize {
    let classes = classes(&service.schemas);
    let mut names: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (schema, &class) in service.schemas.iter().zip(&classes) {
        names
            .entry(class)
            .or_default()
            .push(schema.rust_name.as_str());
    }
    let chosen: BTreeMap<usize, &str> = names
        .iter()
        .filter_map(|(&class, names)| Some((class, chosen_name(names)?)))
        .collect();
    let renames: HashMap<String, String> = service
        .schemas
        .iter()
        .zip(&classes)
        .filter(|(schema, class)| chosen[class] != schema.rust_name)
        .map(|(schema, class)| (schema.rust_name.clone(), chosen[class].to_owned()))
        .collect();
    if renames.is_empty() {
        return 0;
    }

    // Keep one schema per class, at the position of its first member, completed from the others.
    let mut members: BTreeMap<usize, Vec<Schema>> = BTreeMap::new();
    let mut order = Vec::new();
    for (schema, class) in std::mem::take(&mut service.schemas)
        .into_iter()
        .zip(classes)
    {
        let list = members.entry(class).or_default();
        if list.is_empty() {
            order.push(class);
        }
        list.push(schema);
    }
    let merged = renames.len();
    service.schemas = order
        .into_iter()
        .filter_map(|class| members.remove(&class))
        .filter_map(|copies| merge_copies(copies, &renames))
        .collect();
    for schema in &mut service.schemas {
        match &mut schema.kind {
            SchemaKind::Object(fields) => {
                for field in fields {
                    rename(&mut field.ty, &renames);
                }
            }
            SchemaKind::Alias(ty) => rename(ty, &renames),
            SchemaKind::Enum(_) => {}
        }
    }
    super::schema::box_recursive_fields(&mut service.schemas);
    if let Some(name) = renames.get(&service.error.type_name) {
        service.error.type_name = name.clone();
    }
    for op in &mut service.operations {
        for parameter in &mut op.parameters {
            rename(&mut parameter.ty, &renames);
        }
        if let Some(body) = &mut op.body {
            rename(&mut body.ty, &renames);
        }
        let bodies: Vec<&mut ReplyBody> = match &mut op.output {
            Output::Single { body, .. } => body.iter_mut().collect(),
            Output::ByStatus { variants, .. } => variants
                .iter_mut()
                .filter_map(|v| v.body.as_mut())
                .collect(),
        };
        for body in bodies {
            if let ReplyBody::Json(ty) = body {
                rename(ty, &renames);
            }
        }
    }
    merged
}

/// The name a class of copies goes by: the one the others extend most often (`ResourceTag`
/// beside `ShowClusterResourceTag` and `AutopilotResourceTag`), then the shortest, then the
/// alphabetically first. Only the names decide, never their order.
fn chosen_name<'a>(names: &[&'a str]) -> Option<&'a str> {
    let extended_by = |name: &str| {
        names
            .iter()
            .filter(|other| other.len() > name.len() && other.ends_with(name))
            .count()
    };
    names
        .iter()
        .copied()
        .min_by_key(|name| (std::cmp::Reverse(extended_by(name)), name.len(), *name))
}

/// How many schemas of `schemas` have the same structure as an earlier one.
pub fn duplicates(schemas: &[Schema]) -> usize {
    let classes = classes(schemas);
    let mut distinct = classes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    classes.len() - distinct.len()
}

/// The structural class of every schema, by partition refinement: start with every schema
/// in one class, then split classes by the shape of their members (with the classes of the
/// schemas they name) until no class splits.
fn classes(schemas: &[Schema]) -> Vec<usize> {
    let index: HashMap<&str, usize> = schemas
        .iter()
        .enumerate()
        .map(|(i, s)| (s.rust_name.as_str(), i))
        .collect();
    let mut classes = vec![0usize; schemas.len()];
    let mut count = 1;
    loop {
        let mut ids: BTreeMap<(usize, String), usize> = BTreeMap::new();
        let next: Vec<usize> = schemas
            .iter()
            .zip(&classes)
            .map(|(schema, &class)| {
                let shape = shape(schema, &|name| {
                    index.get(name).map(|&i| classes[i]).unwrap_or(usize::MAX)
                });
                let fresh = ids.len();
                *ids.entry((class, shape)).or_insert(fresh)
            })
            .collect();
        let new_count = ids.len();
        classes = next;
        if new_count == count {
            return classes;
        }
        count = new_count;
    }
}

/// What makes two schemas the same, as text, with named types written as their classes.
fn shape(schema: &Schema, class_of: &dyn Fn(&str) -> usize) -> String {
    match &schema.kind {
        SchemaKind::Object(fields) => {
            let mut text = String::from("object");
            for field in fields {
                text.push_str(&format!(
                    "|{}={}{:?}:{}:{}",
                    field.rust_name,
                    field.wire_name,
                    field.aliases,
                    field.required,
                    type_shape(&field.ty, class_of)
                ));
            }
            text
        }
        SchemaKind::Enum(values) => {
            let mut text = String::from("enum");
            for value in values {
                text.push_str(&format!("|{}={:?}", value.variant, value.value));
            }
            text
        }
        SchemaKind::Alias(ty) => format!("alias|{}", type_shape(ty, class_of)),
    }
}

fn type_shape(ty: &TypeRef, class_of: &dyn Fn(&str) -> usize) -> String {
    match ty {
        TypeRef::Named(name) => format!("#{}", class_of(name)),
        TypeRef::Array(item) => format!("[{}]", type_shape(item, class_of)),
        TypeRef::Map(item) => format!("{{{}}}", type_shape(item, class_of)),
        other => format!("{other:?}"),
    }
}

/// The one schema that stands for `copies` (all of one class), named as `renames` says.
fn merge_copies(mut copies: Vec<Schema>, renames: &HashMap<String, String>) -> Option<Schema> {
    let name = copies.first().map(|s| {
        renames
            .get(&s.rust_name)
            .cloned()
            .unwrap_or_else(|| s.rust_name.clone())
    })?;
    copies.sort_by_key(|s| s.rust_name != name);
    let mut doc_names: Vec<String> = copies.iter().map(|s| s.doc_name.clone()).collect();
    doc_names.sort();
    doc_names.dedup();
    let mut rest = copies.split_off(1);
    let mut merged = copies.pop()?;
    rest.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    merged.description = preferred(
        std::iter::once(&merged.description)
            .chain(rest.iter().map(|s| &s.description))
            .flatten(),
    );
    if let SchemaKind::Object(fields) = &mut merged.kind {
        for (position, field) in fields.iter_mut().enumerate() {
            complete_field(field, rest.iter().filter_map(|s| field_at(s, position)));
        }
    }
    if doc_names.len() > 1 {
        merged.doc_name = doc_names.join("`, `");
    }
    Some(merged)
}

fn field_at(schema: &Schema, position: usize) -> Option<&Field> {
    match &schema.kind {
        SchemaKind::Object(fields) => fields.get(position),
        _ => None,
    }
}

/// Completes `field` from the same field of the other copies: the description in English
/// where a copy has it (one transcribed from an English page), sensitivity where any says so.
fn complete_field<'a>(field: &mut Field, others: impl Iterator<Item = &'a Field> + Clone) {
    field.docs.description = preferred(
        std::iter::once(&field.docs.description)
            .chain(others.clone().map(|o| &o.docs.description))
            .flatten(),
    );
    field.docs.sensitive |= others.clone().any(|o| o.docs.sensitive);
}

/// The first description in English, else the first one.
fn preferred<'a>(mut descriptions: impl Iterator<Item = &'a String> + Clone) -> Option<String> {
    let is_chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    descriptions
        .clone()
        .find(|d| !d.chars().any(is_chinese))
        .or_else(|| descriptions.next())
        .cloned()
}

fn rename(ty: &mut TypeRef, renames: &HashMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(new) = renames.get(name) {
                *name = new.clone();
            }
        }
        TypeRef::Array(item) | TypeRef::Map(item) => rename(item, renames),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::model::{Checks, EnumValue, FieldDocs};

    fn field(name: &str, ty: TypeRef, description: &str) -> Field {
        Field {
            wire_name: name.to_owned(),
            aliases: Vec::new(),
            rust_name: name.to_owned(),
            ty,
            required: false,
            boxed: false,
            checks: Checks::default(),
            docs: FieldDocs {
                description: (!description.is_empty()).then(|| description.to_owned()),
                ..FieldDocs::default()
            },
        }
    }

    fn object(name: &str, fields: Vec<Field>) -> Schema {
        Schema {
            rust_name: name.to_owned(),
            doc_name: name.to_owned(),
            description: None,
            kind: SchemaKind::Object(fields),
            checked: false,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    #[test]
    fn the_name_the_copies_extend_wins_then_the_shortest() {
        let names = [
            "ShowClusterResourceTag",
            "UserTag",
            "ResourceTag",
            "AutopilotResourceTag",
        ];
        assert_eq!(chosen_name(&names), Some("ResourceTag"));
        assert_eq!(chosen_name(&["Zeta", "Beta", "Longer"]), Some("Beta"));
        let mut reversed = names;
        reversed.reverse();
        assert_eq!(chosen_name(&reversed), Some("ResourceTag"));
    }

    #[test]
    fn copies_merge_through_the_types_they_name_and_differences_keep_types_apart() {
        let tag = |name: &str, doc: &str| {
            object(
                name,
                vec![
                    field("key", TypeRef::String, doc),
                    field("value", TypeRef::String, ""),
                ],
            )
        };
        let mode = |name: &str| Schema {
            rust_name: name.to_owned(),
            doc_name: name.to_owned(),
            description: None,
            kind: SchemaKind::Enum(vec![EnumValue {
                value: "a".to_owned(),
                variant: "A".to_owned(),
                description: None,
            }]),
            checked: false,
        };
        let schemas = vec![
            object(
                "CreateTags",
                vec![field(
                    "tags",
                    TypeRef::Array(Box::new(named("CreateTag"))),
                    "",
                )],
            ),
            tag("CreateTag", ""),
            object(
                "Tags",
                vec![field(
                    "tags",
                    TypeRef::Array(Box::new(named("ResourceTag"))),
                    "",
                )],
            ),
            tag("ResourceTag", "The key."),
            object("Other", vec![field("key", TypeRef::I32, "")]),
            mode("ModeOne"),
            mode("Mode"),
        ];
        assert_eq!(duplicates(&schemas), 3);
        let mut classes_text: Vec<(String, usize)> = schemas
            .iter()
            .map(|s| s.rust_name.clone())
            .zip(classes(&schemas))
            .collect();
        classes_text.sort();
        let class = |name: &str| {
            classes_text
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, c)| *c)
        };
        assert_eq!(class("CreateTags"), class("Tags"));
        assert_eq!(class("CreateTag"), class("ResourceTag"));
        assert_ne!(class("Other"), class("ResourceTag"));
        assert_eq!(class("Mode"), class("ModeOne"));

        let mut merged: Vec<Schema> = Vec::new();
        let renames: HashMap<String, String> =
            [("CreateTag".to_owned(), "ResourceTag".to_owned())].into();
        merged.extend(merge_copies(
            vec![tag("CreateTag", ""), tag("ResourceTag", "The key.")],
            &renames,
        ));
        assert_eq!(merged[0].rust_name, "ResourceTag");
        assert_eq!(merged[0].doc_name, "CreateTag`, `ResourceTag");
        assert_eq!(
            field_at(&merged[0], 0).and_then(|f| f.docs.description.as_deref()),
            Some("The key.")
        );
    }
}
