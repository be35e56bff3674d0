//! Huawei definitions written in OpenAPI 3 form, read as the Swagger 2 form of the others.
//!
//! Most API Explorer definitions are Swagger 2 (`definitions`, `parameters`, a `body`
//! parameter, `schema` on a response). Newer ones (IAM's V5 operations, about one file in ten
//! across the catalogue) are OpenAPI 3: `components.schemas`, `components.parameters`,
//! parameters whose type is in a `schema`, a `requestBody` and responses with a `content` per
//! media type. Both say the same things; this module rewrites the second form into the first,
//! in place, so that one converter reads every file. What has no Swagger 2 counterpart is left
//! where it is, and the converter reports it as not mapped.

use serde_json::{Map, Value};

/// Whether `document` is in OpenAPI 3 form: it has `components`, or an operation has a
/// `requestBody` or a response with `content`.
pub fn is_openapi3(document: &Value) -> bool {
    if document.get("components").is_some_and(Value::is_object) {
        return true;
    }
    operations(document).any(|op| {
        op.get("requestBody").is_some()
            || op
                .get("responses")
                .and_then(Value::as_object)
                .is_some_and(|r| r.values().any(|r| r.get("content").is_some()))
    })
}

/// The operations of a definition: every method of every path.
pub fn operations(document: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(Value::as_object)
}

/// Rewrites `document` from OpenAPI 3 form into Swagger 2 form. Returns whether it was in
/// OpenAPI 3 form.
pub fn to_swagger2(document: &mut Value) -> bool {
    if !is_openapi3(document) {
        return false;
    }
    let Some(top) = document.as_object_mut() else {
        return false;
    };
    if let Some(Value::Object(mut components)) = top.remove("components") {
        if let Some(Value::Object(schemas)) = components.remove("schemas") {
            let definitions = object_entry(top, "definitions");
            for (name, schema) in schemas {
                definitions.entry(name).or_insert(schema);
            }
        }
        if let Some(Value::Object(parameters)) = components.remove("parameters") {
            let shared = object_entry(top, "parameters");
            for (name, mut parameter) in parameters {
                lift_parameter_schema(&mut parameter);
                shared.entry(name).or_insert(parameter);
            }
        }
        if !components.is_empty() {
            // Kept where the converter reports it (`components.<key>` is not mapped).
            top.insert("components".to_owned(), Value::Object(components));
        }
    }
    let mut consumes = Vec::new();
    if let Some(Value::Object(paths)) = top.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (key, op) in item.iter_mut() {
                if key == "parameters" {
                    for parameter in op.as_array_mut().into_iter().flatten() {
                        lift_parameter_schema(parameter);
                    }
                    continue;
                }
                if let Some(op) = op.as_object_mut() {
                    consumes.extend(operation_to_swagger2(op));
                }
            }
        }
    }
    // A Huawei file describes one operation; its request media types are the file's.
    if !consumes.is_empty() && !top.get("consumes").is_some_and(|c| c.as_str() != Some("")) {
        top.insert(
            "consumes".to_owned(),
            Value::from(Value::from(consumes).to_string()),
        );
    }
    rewrite_refs(document);
    true
}

fn object_entry<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    if !map.get(key).is_some_and(Value::is_object) {
        map.insert(key.to_owned(), Value::Object(Map::new()));
    }
    map.get_mut(key)
        .and_then(Value::as_object_mut)
        .expect("just inserted an object")
}

/// Rewrites one operation; returns the media types of its request body.
fn operation_to_swagger2(op: &mut Map<String, Value>) -> Vec<String> {
    for parameter in op
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        lift_parameter_schema(parameter);
    }
    let mut consumes = Vec::new();
    if let Some(Value::Object(mut request)) = op.remove("requestBody") {
        let content = match request.remove("content") {
            Some(Value::Object(content)) => content,
            _ => Map::new(),
        };
        consumes.extend(content.keys().cloned());
        // The first media type's schema is the body; every media type of a Huawei file
        // carries the same schema.
        if let Some((media, Value::Object(mut one))) = content.into_iter().next() {
            let form = media.starts_with("application/x-www-form-urlencoded")
                || media.starts_with("multipart/form-data");
            match one.remove("schema") {
                Some(schema) if form => form_parameters(op, &schema),
                Some(schema) => {
                    let mut body = Map::new();
                    body.insert("name".to_owned(), Value::from("body"));
                    body.insert("in".to_owned(), Value::from("body"));
                    for key in ["required", "description"] {
                        if let Some(value) = request.remove(key) {
                            body.insert(key.to_owned(), value);
                        }
                    }
                    body.insert("schema".to_owned(), schema);
                    push_parameter(op, Value::Object(body));
                }
                None => {}
            }
            if let Some(example) = one.remove("example") {
                op.entry("x-request-examples-1-1")
                    .or_insert_with(|| example.clone());
            }
        }
    }
    let mut produces: Vec<String> = Vec::new();
    for response in op
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|r| r.values_mut())
        .filter_map(Value::as_object_mut)
    {
        let Some(Value::Object(content)) = response.remove("content") else {
            continue;
        };
        let mut examples = Map::new();
        let mut schema = None;
        for (media, one) in content {
            if !produces.contains(&media) {
                produces.push(media.clone());
            }
            if schema.is_none() {
                schema = one.get("schema").cloned();
            }
            if let Some(example) = one.get("example") {
                examples.insert(media, example.clone());
            }
        }
        if let Some(schema) = schema {
            response.insert("schema".to_owned(), schema);
        }
        if !examples.is_empty() {
            response.insert("examples".to_owned(), Value::Object(examples));
        }
    }
    if !produces.is_empty() && !op.contains_key("produces") {
        op.insert("produces".to_owned(), Value::from(produces));
    }
    consumes
}

/// The properties of a form body's schema, as `formData` parameters.
fn form_parameters(op: &mut Map<String, Value>, schema: &Value) {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, property) in properties {
        let mut parameter = property.as_object().cloned().unwrap_or_default();
        parameter.insert("name".to_owned(), Value::from(name.as_str()));
        parameter.insert("in".to_owned(), Value::from("formData"));
        parameter.insert(
            "required".to_owned(),
            Value::from(required.contains(&name.as_str())),
        );
        push_parameter(op, Value::Object(parameter));
    }
}

fn push_parameter(op: &mut Map<String, Value>, parameter: Value) {
    match op.get_mut("parameters").and_then(Value::as_array_mut) {
        Some(list) => list.push(parameter),
        None => {
            op.insert("parameters".to_owned(), Value::from(vec![parameter]));
        }
    }
}

/// An OpenAPI 3 parameter states its type in `schema`; a Swagger 2 parameter states it on
/// itself. A `schema` that names a definition stays (the converter reads it as the
/// parameter's type).
fn lift_parameter_schema(parameter: &mut Value) {
    let Some(parameter) = parameter.as_object_mut() else {
        return;
    };
    if parameter.get("in").and_then(Value::as_str) == Some("body") {
        return;
    }
    let Some(Value::Object(schema)) = parameter.get("schema") else {
        return;
    };
    if schema.contains_key("$ref") {
        return;
    }
    let schema = schema.clone();
    parameter.remove("schema");
    for (key, value) in schema {
        // What the parameter itself says wins over its schema.
        parameter.entry(key).or_insert(value);
    }
    // OpenAPI 3's `example` is Swagger 2's `x-example` on a parameter.
    if let Some(example) = parameter.remove("example") {
        parameter.entry("x-example").or_insert(example);
    }
}

/// `#/components/schemas/X` becomes `#/definitions/X`, `#/components/parameters/X` becomes
/// `#/parameters/X`, wherever a `$ref` is.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (from, to) in [
                    ("#/components/schemas/", "#/definitions/"),
                    ("#/components/parameters/", "#/parameters/"),
                ] {
                    if let Some(rest) = reference.strip_prefix(from) {
                        *reference = format!("{to}{rest}");
                    }
                }
            }
            map.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_openapi3_operation_reads_as_swagger2() {
        let mut document = json!({
            "components": {
                "parameters": {"ProviderId": {"in": "path", "name": "provider_id", "required": true,
                    "schema": {"type": "string", "pattern": "^[a-z]{1,64}$"}}},
                "schemas": {"Body": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
                            "A": {"type": "string"}}
            },
            "consumes": "",
            "paths": {"/v5/p/{provider_id}": {"post": {
                "parameters": [{"$ref": "#/components/parameters/ProviderId"},
                               {"in": "query", "name": "limit", "schema": {"type": "integer", "example": 5}}],
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Body"}, "example": {"a": "x"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A"}}}}}
            }}}
        });
        assert!(to_swagger2(&mut document));
        assert_eq!(
            document["definitions"]["Body"]["properties"]["a"]["$ref"],
            "#/definitions/A"
        );
        assert_eq!(
            document["parameters"]["ProviderId"]["pattern"],
            "^[a-z]{1,64}$"
        );
        assert!(document["parameters"]["ProviderId"].get("schema").is_none());
        let op = &document["paths"]["/v5/p/{provider_id}"]["post"];
        assert_eq!(op["parameters"][0]["$ref"], "#/parameters/ProviderId");
        assert_eq!(op["parameters"][1]["type"], "integer");
        assert_eq!(op["parameters"][1]["x-example"], 5);
        assert_eq!(op["parameters"][2]["in"], "body");
        assert_eq!(op["parameters"][2]["required"], true);
        assert_eq!(op["parameters"][2]["schema"]["$ref"], "#/definitions/Body");
        assert!(op.get("requestBody").is_none());
        assert_eq!(op["responses"]["200"]["schema"]["$ref"], "#/definitions/A");
        assert_eq!(op["produces"], json!(["application/json"]));
        assert_eq!(document["consumes"], "[\"application/json\"]");
        assert!(document.get("components").is_none());
    }

    #[test]
    fn a_form_body_becomes_form_parameters() {
        let mut document = json!({"paths": {"/x": {"post": {
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "required": ["grant_type"],
                "properties": {"grant_type": {"type": "string"}, "scope": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok"}}
        }}}});
        assert!(to_swagger2(&mut document));
        let parameters = &document["paths"]["/x"]["post"]["parameters"];
        assert_eq!(parameters[0]["in"], "formData");
        assert_eq!(parameters[0]["name"], "grant_type");
        assert_eq!(parameters[0]["required"], true);
        assert_eq!(parameters[1]["required"], false);
    }

    #[test]
    fn a_swagger2_document_is_left_alone() {
        let mut document = json!({"definitions": {}, "paths": {"/x": {"get": {
            "responses": {"200": {"schema": {"$ref": "#/definitions/A"}}}}}}});
        let before = document.clone();
        assert!(!to_swagger2(&mut document));
        assert_eq!(document, before);
    }
}
