//! One operation of `main.tea`, with what the metadata adds, as an intermediate document.
//!
//! Where each field travels is read from its `WithOptions` function, not from the request
//! model: a field of the model that the function does not map is never sent, and is reported.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::api_docs::Metadata;
use super::tea::{Call, Field, TeaFile, TeaType};
use crate::import::definitions::convert::Finding;

/// How the Tea says that a value is required: a sentence of its description.
const REQUIRED_SENTENCE: &str = "This parameter is required.";

/// The query styles of `arrayToStringWithSpecifiedStyle` that the intermediate carries, as the
/// OpenAPI 3 `style` names them: `json` (the value as JSON text) and `simple` (comma joined).
const QUERY_STYLES: &[&str] = &["json", "simple"];

struct Builder<'a> {
    tea: &'a TeaFile,
    metadata: &'a [Metadata],
    operation: &'a str,
    definitions: BTreeMap<String, Value>,
    findings: &'a mut Vec<Finding>,
}

pub fn operation(
    tea: &TeaFile,
    call: &Call,
    metadata: &[Metadata],
    deprecated: &[String],
    findings: &mut Vec<Finding>,
) -> Value {
    let mut builder = Builder {
        tea,
        metadata,
        operation: &call.action,
        definitions: BTreeMap::new(),
        findings,
    };
    builder.check_call(call);
    let method = call.method.to_ascii_lowercase();
    let mut parameters = Vec::new();
    for argument in &call.path_arguments {
        let mut schema = json!({"type": "string"});
        builder.overlay_parameter(&mut schema, "path", argument);
        let mut parameter = json!({"name": argument, "in": "path", "required": true});
        merge_parameter(&mut parameter, schema);
        parameters.push(parameter);
    }
    let request = call
        .request_model
        .as_deref()
        .and_then(|name| tea.models.get(name));
    let field_of = |ident: &str| request.and_then(|m| m.fields.iter().find(|f| f.ident == ident));
    // The fields of the function's request (the shrunk model, when there is one), for the
    // mappings that name a shrunk field.
    let shrink_model = call
        .request_model
        .as_deref()
        .and_then(|name| tea.models.get(&name.replace("Request", "ShrinkRequest")));
    let mut mapped = Vec::new();
    for (key, ident) in &call.query {
        let (field, style) = match call.shrunk.get(ident) {
            Some((original, style)) => (field_of(original), Some(style.as_str())),
            None => (field_of(ident), None),
        };
        let Some(field) = field
            .or_else(|| shrink_model.and_then(|m| m.fields.iter().find(|f| &f.ident == ident)))
        else {
            builder.note(
                &format!("{}.query.{key}", call.function),
                format!("the query parameter maps `request.{ident}`, which the request model does not have; not imported"),
            );
            continue;
        };
        mapped.push(field.ident.clone());
        let mut schema = builder.field_schema(field, &format!("{}{}", call.action, field.ident));
        let required = take_required(&mut schema);
        let required = builder.overlay_parameter(&mut schema, "query", key) || required;
        let mut parameter = json!({"name": key, "in": "query", "required": required});
        if let Some(style) = style {
            if QUERY_STYLES.contains(&style) {
                parameter["style"] = Value::from(style);
            } else {
                builder.note(
                    &format!("{}.query.{key}", call.function),
                    format!("the query style `{style}` is not one the client writes"),
                );
            }
        } else if matches!(
            field.ty,
            TeaType::Array(_) | TeaType::Map(_) | TeaType::Inline(_) | TeaType::Named(_)
        ) {
            builder.note(
                &format!("{}.query.{key}", call.function),
                "a structured query value without a shrink style; sent as the SDK's flattened `Key.1` form is not supported",
            );
        }
        merge_parameter(&mut parameter, schema);
        parameters.push(parameter);
    }
    for (key, ident) in &call.headers {
        let Some(field) = field_of(ident) else {
            continue;
        };
        mapped.push(field.ident.clone());
        let mut schema = builder.field_schema(field, &format!("{}{}", call.action, field.ident));
        let required = take_required(&mut schema);
        let mut parameter = json!({"name": key, "in": "header", "required": required});
        merge_parameter(&mut parameter, schema);
        parameters.push(parameter);
    }
    if let Some(ident) = &call.whole_body {
        if let Some(field) = field_of(ident) {
            mapped.push(field.ident.clone());
            let mut schema = builder.field_schema(field, &format!("{}RequestBody", call.action));
            let required = take_required(&mut schema);
            builder.overlay_body(&mut schema);
            parameters.push(json!({
                "name": "body", "in": "body", "required": required, "schema": schema,
            }));
        }
    } else if !call.body.is_empty() {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (key, ident) in &call.body {
            let Some(field) = field_of(ident) else {
                builder.note(
                    &format!("{}.body.{key}", call.function),
                    format!("the body maps `request.{ident}`, which the request model does not have; not imported"),
                );
                continue;
            };
            mapped.push(field.ident.clone());
            let mut schema =
                builder.field_schema(field, &format!("{}RequestBody{}", call.action, field.ident));
            if take_required(&mut schema) {
                required.push(Value::from(key.as_str()));
            }
            properties.insert(key.clone(), schema);
        }
        let mut body = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            body["required"] = Value::Array(required);
        }
        builder.overlay_body(&mut body);
        let body_required = body
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty());
        parameters.push(json!({
            "name": "body", "in": "body", "required": body_required, "schema": body,
        }));
    }
    if let Some(model) = request {
        for field in &model.fields {
            if !mapped.contains(&field.ident)
                && !call.shrunk.values().any(|(o, _)| o == &field.ident)
            {
                builder.note(
                    &format!(
                        "{}.{}",
                        call.request_model.as_deref().unwrap_or_default(),
                        field.wire
                    ),
                    "a field of the request model that the call never sends; not imported",
                );
            }
        }
    }

    let mut operation = Map::new();
    operation.insert("operationId".into(), Value::from(call.action.as_str()));
    if call.deprecated.is_some() || deprecated.contains(&call.action) {
        operation.insert("deprecated".into(), Value::Bool(true));
    }
    operation.insert("parameters".into(), Value::Array(parameters));
    operation.insert("responses".into(), builder.responses(call));
    if call.body_type == "string" {
        operation.insert("produces".into(), json!(["text/plain"]));
    }
    let mut top = Map::new();
    top.insert("name".into(), Value::from(call.action.as_str()));
    top.insert("method".into(), Value::from(call.method.as_str()));
    if let Some(summary) = &call.summary {
        top.insert("summary".into(), Value::from(summary.as_str()));
    }
    let description = match (&call.description, &call.deprecated) {
        (Some(d), Some(note)) => Some(format!("{d}\n\n{note}")),
        (Some(d), None) => Some(d.clone()),
        (None, Some(note)) => Some(note.clone()),
        (None, None) => None,
    };
    if let Some(description) = description {
        top.insert("description".into(), Value::from(description));
    }
    if call.whole_body.is_some() || !call.body.is_empty() {
        top.insert("consumes".into(), json!(["application/json"]));
    }
    let mut path_item = Map::new();
    path_item.insert(method, Value::Object(operation));
    let mut paths = Map::new();
    paths.insert(call.path.clone(), Value::Object(path_item));
    top.insert("paths".into(), Value::Object(paths));
    let definitions: Map<String, Value> = builder.definitions.into_iter().collect();
    top.insert("definitions".into(), Value::Object(definitions));
    Value::Object(top)
}

/// Moves the schema's facts that a Swagger 2 parameter holds beside `in` into `parameter`.
fn merge_parameter(parameter: &mut Value, schema: Value) {
    let (Some(target), Value::Object(schema)) = (parameter.as_object_mut(), schema) else {
        return;
    };
    for (key, value) in schema {
        if key == "example" {
            target.insert("x-example".into(), value);
        } else {
            target.entry(key).or_insert(value);
        }
    }
}

/// Takes the builder's `x-required` mark out of a field schema.
fn take_required(schema: &mut Value) -> bool {
    schema
        .as_object_mut()
        .and_then(|o| o.remove("x-required"))
        .is_some_and(|v| v == Value::Bool(true))
}

impl<'a> Builder<'a> {
    fn note(&mut self, at: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            at: at.to_owned(),
            message: message.into(),
        });
    }

    fn check_call(&mut self, call: &Call) {
        let at = format!("{}.params", call.function);
        let expected = [
            ("style", call.style.as_str(), "ROA"),
            ("authType", call.auth_type.as_str(), "AK"),
            ("reqBodyType", call.request_body_type.as_str(), "json"),
            ("protocol", call.protocol.as_str(), "HTTPS"),
        ];
        for (key, found, wanted) in expected {
            if found != wanted {
                self.note(
                    &at,
                    format!("`{key}` is `{found}`; the client calls `{wanted}`"),
                );
            }
        }
    }

    /// The schema of a Tea field; `x-required` marks a required one for the caller to move.
    fn field_schema(&mut self, field: &Field, hint: &str) -> Value {
        let mut schema = self.type_schema(&field.ty, hint);
        let mut required = field.required;
        if let Some(object) = schema.as_object_mut() {
            if let Some(description) = &field.description {
                let (text, says_required) = without_required_sentence(description);
                required |= says_required;
                if !text.is_empty() {
                    object.insert("description".into(), Value::from(text));
                }
            }
            if let Some(example) = &field.example {
                object.insert("example".into(), Value::from(example.as_str()));
            }
            if field.deprecated {
                object.insert("deprecated".into(), Value::Bool(true));
            }
            if field.nullable {
                object.insert("x-nullable".into(), Value::Bool(true));
            }
            if required {
                object.insert("x-required".into(), Value::Bool(true));
            }
        }
        schema
    }

    fn type_schema(&mut self, ty: &TeaType, hint: &str) -> Value {
        match ty {
            TeaType::Basic(word) => match word.as_str() {
                "string" => json!({"type": "string"}),
                "boolean" => json!({"type": "boolean"}),
                "long" | "int64" => json!({"type": "integer", "format": "int64"}),
                "int32" | "integer" => json!({"type": "integer", "format": "int32"}),
                "float" | "double" | "number" => json!({"type": "number"}),
                "readable" | "bytes" => json!({"type": "file"}),
                _ => json!({}),
            },
            TeaType::Named(name) => {
                self.define(name);
                json!({"$ref": format!("#/definitions/{name}")})
            }
            TeaType::Array(item) => {
                json!({"type": "array", "items": self.type_schema(item, hint)})
            }
            TeaType::Map(value) => {
                let value = self.type_schema(value, &format!("{hint}Value"));
                if value.as_object().is_some_and(Map::is_empty) {
                    json!({"type": "object", "additionalProperties": true})
                } else {
                    json!({"type": "object", "additionalProperties": value})
                }
            }
            TeaType::Inline(fields) => self.object_schema(fields, hint),
        }
    }

    fn object_schema(&mut self, fields: &[Field], hint: &str) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            let mut schema = self.field_schema(field, &format!("{hint}{}", field.ident));
            if take_required(&mut schema) {
                required.push(Value::from(field.wire.as_str()));
            }
            properties.insert(field.wire.clone(), schema);
        }
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        schema
    }

    /// Adds the model `name` to the document's definitions, once.
    fn define(&mut self, name: &str) {
        if self.definitions.contains_key(name) {
            return;
        }
        // A placeholder first: a model that refers to itself finds its name.
        self.definitions.insert(name.to_owned(), json!({}));
        let Some(model) = self.tea.models.get(name) else {
            self.note(
                &format!("model {name}"),
                "referred to but not defined; read as JSON",
            );
            return;
        };
        let fields = model.fields.clone();
        let schema = self.object_schema(&fields, name);
        self.definitions.insert(name.to_owned(), schema);
    }

    /// The `body` of the response model, as the reply's schema, with the status the metadata
    /// documents (200 where none does).
    fn responses(&mut self, call: &Call) -> Value {
        let response = self.tea.models.get(&call.response_model);
        let body_field = response.and_then(|m| m.fields.iter().find(|f| f.ident == "body"));
        let statuses: Vec<u16> = self
            .metadata
            .iter()
            .map(|m| m.success_responses(self.operation))
            .find(|r| !r.is_empty())
            .map(|r| r.into_iter().map(|(status, _)| status).collect())
            .unwrap_or_else(|| vec![200]);
        let mut schema = match (call.body_type.as_str(), body_field) {
            ("none", _) | (_, None) => None,
            ("string", Some(_)) => {
                self.note(
                    &format!("{}.params.bodyType", call.function),
                    "the reply is text (`string`): read as bytes, with its media type",
                );
                Some(json!({"type": "file"}))
            }
            (_, Some(field)) => {
                let mut schema =
                    self.field_schema(field, &format!("{}ResponseBody", self.operation));
                take_required(&mut schema);
                if let Some(object) = schema.as_object_mut() {
                    object.remove("example");
                }
                Some(schema)
            }
        };
        if call.body_type == "array"
            && schema.as_ref().and_then(|s| s.get("type")) != Some(&Value::from("array"))
        {
            self.note(
                &format!("{}.params.bodyType", call.function),
                "the reply is an array, but the response model's body is not",
            );
        }
        if let Some(schema) = schema.as_mut() {
            let all = self.metadata;
            for metadata in all {
                for (_, response) in metadata.success_responses(self.operation) {
                    if let Some(source) = response.get("schema") {
                        self.overlay(schema, source, metadata, "reply", false);
                    }
                }
            }
        }
        let example = self
            .metadata
            .iter()
            .find_map(|m| m.reply_example(self.operation));
        let mut responses = Map::new();
        for status in statuses {
            let mut response = json!({"description": "Success"});
            if let Some(schema) = &schema {
                response["schema"] = schema.clone();
                if let Some(example) = &example {
                    response["examples"] = json!({"application/json": example});
                }
            }
            responses.insert(status.to_string(), response);
        }
        Value::Object(responses)
    }

    /// Adds to a parameter's schema what the metadata states of it; returns whether the newest
    /// metadata that has the parameter says it is required.
    fn overlay_parameter(&mut self, schema: &mut Value, location: &str, name: &str) -> bool {
        let operation = self.operation;
        self.overlay_each(
            schema,
            &format!("{location}.{name}"),
            location == "path",
            |m| m.parameter(operation, location, name),
        )
    }

    /// Adds what every metadata copy states of the body to `target`.
    fn overlay_body(&mut self, target: &mut Value) {
        let operation = self.operation;
        self.overlay_each(target, "body", false, |m| m.body(operation));
    }

    /// Overlays what each metadata copy that states it (`stated`) says of `target`, newest
    /// first; returns whether the newest says it is required. An older copy that marks it
    /// required where the newest does not is a finding, except where it is always required.
    fn overlay_each(
        &mut self,
        target: &mut Value,
        at: &str,
        always_required: bool,
        stated: impl Fn(&'a Metadata) -> Option<&'a Value>,
    ) -> bool {
        let all: &'a [Metadata] = self.metadata;
        let mut required = None;
        for metadata in all {
            let Some(source) = stated(metadata) else {
                continue;
            };
            let says = source.get("required") == Some(&Value::Bool(true));
            let newest = required.is_none();
            if newest {
                required = Some(says);
            } else if says && required == Some(false) && !always_required {
                self.note(
                    &format!("{}: {at}", metadata.file()),
                    "marked required here, but not by the newer definitions; optional",
                );
            }
            self.overlay(target, source, metadata, at, newest);
        }
        required.unwrap_or(false)
    }

    /// Adds to `target` the facts `source` (a schema of `metadata`) states and `target` lacks:
    /// an `enum`, bounds, a pattern, a description and an example; with `newest`, which of its
    /// properties are required. Differences in type are findings.
    fn overlay(
        &mut self,
        target: &mut Value,
        source: &Value,
        metadata: &Metadata,
        at: &str,
        newest: bool,
    ) {
        self.overlay_guarded(target, source, metadata, at, newest, 0);
    }

    fn overlay_guarded(
        &mut self,
        target: &mut Value,
        source: &Value,
        metadata: &Metadata,
        at: &str,
        newest: bool,
        depth: usize,
    ) {
        if depth > 12 {
            return;
        }
        let source = metadata.resolve(source);
        // A `$ref` of the target: the facts go into the definition it names.
        if let Some(name) = target
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .map(str::to_owned)
        {
            if let Some(mut definition) = self.definitions.remove(&name) {
                self.overlay_guarded(&mut definition, source, metadata, at, newest, depth + 1);
                self.definitions.insert(name, definition);
            }
            return;
        }
        let Some(object) = target.as_object_mut() else {
            return;
        };
        let target_type = object
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let source_type = source
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if target_type == "file" {
            return;
        }
        let compatible = target_type == source_type
            || target_type.is_empty()
            || source_type.is_empty()
            || (target_type == "number" && source_type == "integer");
        if !compatible {
            self.note(
                &format!("{}: {at}", metadata.file()),
                format!("the type is `{source_type}` here and `{target_type}` in main.tea; main.tea's is kept"),
            );
            return;
        }
        for key in [
            "enum",
            "minimum",
            "maximum",
            "minLength",
            "maxLength",
            "pattern",
            "description",
            "example",
        ] {
            if object.contains_key(key) {
                continue;
            }
            let value = source.get(key).or_else(|| match key {
                "description" => source.get("title"),
                _ => None,
            });
            let Some(value) = value else {
                continue;
            };
            if key == "enum" && target_type != "string" {
                continue;
            }
            let bound = matches!(key, "minimum" | "maximum" | "minLength" | "maxLength");
            let value = match (bound, value) {
                // The metadata writes some bounds as strings.
                (true, Value::String(text)) => match text.parse::<i64>() {
                    Ok(number) => {
                        self.note(
                            &format!("{}: {at}", metadata.file()),
                            format!("`{key}` is written as a string (`\"{text}\"`); read as the number {number}"),
                        );
                        Value::from(number)
                    }
                    Err(_) => value.clone(),
                },
                _ => value.clone(),
            };
            object.insert(key.to_owned(), value);
        }
        if let Some(source_items) = source.get("items") {
            if let Some(items) = object.get_mut("items") {
                let mut items = items.take();
                self.overlay_guarded(
                    &mut items,
                    source_items,
                    metadata,
                    &format!("{at}[]"),
                    newest,
                    depth + 1,
                );
                if let Some(slot) = target.get_mut("items") {
                    *slot = items;
                }
            }
            return;
        }
        let Some(source_properties) = source.get("properties").and_then(Value::as_object) else {
            return;
        };
        let Some(object) = target.as_object_mut() else {
            return;
        };
        let mut required: Vec<String> = object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let mut properties = object
            .remove("properties")
            .and_then(|p| p.as_object().cloned())
            .unwrap_or_default();
        for (name, source_property) in source_properties {
            let place = format!("{at}.{name}");
            let Some(property) = properties.get_mut(name) else {
                self.note(
                    &format!("{}: {place}", metadata.file()),
                    "stated here but not in main.tea, from which the SDK builds its calls; not imported",
                );
                continue;
            };
            let says =
                metadata.resolve(source_property).get("required") == Some(&Value::Bool(true));
            if says && !required.contains(name) {
                if newest {
                    required.push(name.clone());
                } else {
                    self.note(
                        &format!("{}: {place}", metadata.file()),
                        "marked required here, but not by the newer definitions; optional",
                    );
                }
            }
            let mut value = property.take();
            self.overlay_guarded(
                &mut value,
                source_property,
                metadata,
                &place,
                newest,
                depth + 1,
            );
            *property = value;
        }
        object.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            object.insert(
                "required".into(),
                Value::Array(required.into_iter().map(Value::from).collect()),
            );
        }
    }
}

/// The description without the Tea's "This parameter is required.", and whether it said so.
fn without_required_sentence(description: &str) -> (String, bool) {
    match description.find(REQUIRED_SENTENCE) {
        Some(at) => {
            let text = format!(
                "{}{}",
                &description[..at],
                &description[at + REQUIRED_SENTENCE.len()..]
            );
            (text.trim().to_owned(), true)
        }
        None => (description.trim().to_owned(), false),
    }
}
