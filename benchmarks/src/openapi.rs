//! The corpus as one OpenAPI 3.0 document, so that another generator can produce a client for
//! the same operations and the compile costs can be compared.
//!
//! Everything a client needs is carried over: paths, methods, path/query/header parameters
//! with their types and required flags, JSON bodies, every response status with its body type,
//! and the descriptions. Parameters the runtime fills in itself (authentication headers,
//! `Content-Type`) are left out; the project id is an ordinary path parameter.

use std::collections::BTreeMap;

use cloudgen::load::model::{
    FieldSpec, HttpMethod, ManagedBy, OperationFile, ParameterLocation, SchemaSpec,
};
use cloudgen::resolve::type_expr::{self, TypeExpr};
use serde_json::{json, Map, Value};

use crate::corpus::Corpus;

/// The OpenAPI document of `corpus`.
pub fn document(corpus: &Corpus) -> Value {
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut schemas = Map::new();
    for (dir, (service, operations)) in &corpus.services {
        let prefix = component_prefix(dir);
        let all_schemas = service
            .schemas
            .iter()
            .chain(operations.iter().flat_map(|o| &o.schemas));
        for schema in all_schemas {
            schemas.insert(
                format!("{prefix}{}", component_name(&schema.name)),
                schema_object(schema, &prefix),
            );
        }
        for operation in operations {
            paths.entry(operation.path.clone()).or_default().insert(
                method(operation.method).to_owned(),
                operation_object(operation, &prefix, &service.errors.body),
            );
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "cloudgen benchmark corpus", "version": "1.0.0" },
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// Component names of different services must not collide (`ErrorResponse` is in several).
fn component_prefix(service_dir: &str) -> String {
    let mut prefix = component_name(service_dir);
    prefix.push('_');
    prefix
}

fn component_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn method(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
        HttpMethod::Head => "head",
        HttpMethod::Options => "options",
    }
}

fn operation_object(operation: &OperationFile, prefix: &str, error_body: &str) -> Value {
    let parameters: Vec<Value> = operation
        .parameters
        .iter()
        .filter(|p| !matches!(p.managed, Some(ManagedBy::Auth | ManagedBy::ContentType)))
        // The corpus has no upload forms (OpenAPI 3 would write one as a request body).
        .filter(|p| p.location != Some(ParameterLocation::Form))
        .map(|p| {
            let location = match p.location {
                Some(ParameterLocation::Path) => "path",
                Some(ParameterLocation::Header) => "header",
                Some(ParameterLocation::Query | ParameterLocation::Form) | None => "query",
            };
            let mut parameter = json!({
                "name": p.name,
                "in": location,
                "required": p.required || location == "path",
                "schema": type_schema(&p.type_expr, prefix),
            });
            describe(&mut parameter, p.description.as_deref());
            parameter
        })
        .collect();
    let mut responses = Map::new();
    for response in &operation.responses {
        let body = response
            .body
            .as_ref()
            .map(|b| b.type_expr.as_str())
            .or((response.status >= 300).then_some(error_body));
        let mut object = json!({ "description": response.description });
        if let (Some(body), Some(map)) = (body, object.as_object_mut()) {
            map.insert(
                "content".to_owned(),
                json!({ "application/json": { "schema": type_schema(body, prefix) } }),
            );
        }
        responses.insert(response.status.to_string(), object);
    }
    let mut object = json!({
        "operationId": operation.operation,
        "summary": operation.title,
        "parameters": parameters,
        "responses": responses,
    });
    describe(&mut object, operation.description.as_deref());
    if let (Some(body), Some(map)) = (&operation.request_body, object.as_object_mut()) {
        map.insert(
            "requestBody".to_owned(),
            json!({
                "required": body.required,
                "content": { "application/json": { "schema": type_schema(&body.type_expr, prefix) } },
            }),
        );
    }
    object
}

fn describe(object: &mut Value, description: Option<&str>) {
    if let (Some(description), Some(map)) = (description, object.as_object_mut()) {
        map.insert("description".to_owned(), json!(description));
    }
}

fn schema_object(schema: &SchemaSpec, prefix: &str) -> Value {
    let mut object = if let Some(properties) = &schema.properties {
        object_schema(properties, prefix)
    } else if let Some(values) = &schema.values {
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        json!({ "type": "string", "enum": values })
    } else {
        type_schema(schema.alias.as_deref().unwrap_or("json"), prefix)
    };
    describe(&mut object, schema.description.as_deref());
    object
}

fn object_schema(fields: &[FieldSpec], prefix: &str) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let mut property = type_schema(&field.type_expr, prefix);
        if !property.as_object().is_some_and(|m| m.contains_key("$ref")) {
            describe(&mut property, field.description.as_deref());
        }
        properties.insert(field.name.clone(), property);
        if field.required {
            required.push(field.name.clone());
        }
    }
    let mut object = json!({ "type": "object", "properties": properties });
    if let (false, Some(map)) = (required.is_empty(), object.as_object_mut()) {
        map.insert("required".to_owned(), json!(required));
    }
    object
}

fn type_schema(text: &str, prefix: &str) -> Value {
    fn convert(expr: &TypeExpr, prefix: &str) -> Value {
        match expr {
            TypeExpr::String => json!({ "type": "string" }),
            TypeExpr::Integer => json!({ "type": "integer", "format": "int32" }),
            TypeExpr::Long => json!({ "type": "integer", "format": "int64" }),
            TypeExpr::Number => json!({ "type": "number", "format": "double" }),
            TypeExpr::Boolean => json!({ "type": "boolean" }),
            TypeExpr::Json => json!({}),
            TypeExpr::Binary => json!({ "type": "string", "format": "binary" }),
            TypeExpr::IntOrString => json!({ "type": "string", "format": "int-or-string" }),
            TypeExpr::Patch => json!({ "type": "object" }),
            TypeExpr::Array(item) => json!({ "type": "array", "items": convert(item, prefix) }),
            TypeExpr::Map(item) => {
                json!({ "type": "object", "additionalProperties": convert(item, prefix) })
            }
            TypeExpr::Named(name) => {
                json!({ "$ref": format!("#/components/schemas/{prefix}{}", component_name(name)) })
            }
        }
    }
    match type_expr::parse(text) {
        Ok(expr) => convert(&expr, prefix),
        Err(_) => json!({}),
    }
}
