//! Facts no page states, carried over from the spec being updated.
//!
//! A re-import replaces everything the page says and keeps what a person added by hand: the
//! operation's name, its `group`, `idempotent`, `managed`, `rust_name`, property `aliases`, whether the
//! request body is required and its content type, and a parameter's type where the person
//! named a schema of service.yaml for what the page calls a string.

use crate::load::model::{FieldSpec, OperationFile, ServiceFile};

/// `imported` with the hand-written facts of `existing`.
pub fn carry_over(imported: &mut OperationFile, existing: &OperationFile, service: &ServiceFile) {
    imported.operation = existing.operation.clone();
    imported.idempotent = existing.idempotent;
    imported.group = existing.group.clone();
    for parameter in &mut imported.parameters {
        let before = existing
            .parameters
            .iter()
            .find(|p| p.name == parameter.name && p.location == parameter.location);
        if let Some(before) = before {
            parameter.managed = before.managed;
            keep_field_facts(parameter, before, service);
        }
    }
    if let (Some(body), Some(before)) = (&mut imported.request_body, &existing.request_body) {
        body.required = before.required;
        body.content_type = before.content_type.clone();
    }
    for schema in &mut imported.schemas {
        let Some(before) = existing.schemas.iter().find(|s| s.name == schema.name) else {
            continue;
        };
        schema.rust_name = before.rust_name.clone();
        if let (Some(properties), Some(old)) = (&mut schema.properties, &before.properties) {
            for property in properties {
                if let Some(old) = old.iter().find(|p| p.name == property.name) {
                    property.aliases = old.aliases.clone();
                    keep_field_facts(property, old, service);
                }
            }
        }
        if let (Some(values), Some(old)) = (&mut schema.values, &before.values) {
            for value in values {
                if let Some(old) = old.iter().find(|v| v.value == value.value) {
                    value.rust_name = old.rust_name.clone();
                }
            }
        }
    }
}

fn keep_field_facts(field: &mut FieldSpec, before: &FieldSpec, service: &ServiceFile) {
    field.rust_name = before.rust_name.clone();
    let refined = |plain: &str, named: &str| {
        field.type_expr == plain
            && service
                .schemas
                .iter()
                .any(|s| s.name == named && s.values.is_some())
    };
    let named = before
        .type_expr
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'));
    let keep = match named {
        Some(item) => refined("array<string>", item),
        None => refined("string", &before.type_expr),
    };
    if keep {
        field.type_expr = before.type_expr.clone();
    }
}
