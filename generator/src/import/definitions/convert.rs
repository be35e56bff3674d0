//! One definition file (one operation) turned into an operation spec and the schemas it uses.
//!
//! Schemas keep the definition's names here; inline objects and enums get names derived from
//! where they appear (`ClusterSpec` + `hostNetwork` -> `ClusterSpecHostNetwork`). Sharing and
//! renaming across operations happens afterwards, in `share`.
//!
//! Every key of the definition is either mapped to a field of the spec, listed in [`IGNORED`]
//! (the API Explorer's own bookkeeping, which says nothing about the wire), or reported as a
//! [`Finding`] with the file and the place.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::text;
use crate::load::model::{
    EnumValueSpec, ExampleKind, ExampleSpec, FieldSpec, HttpMethod, ItemsSpec, ManagedBy,
    OperationFile, ParameterLocation, QueryStyle, RequestBodySpec, ResponseBodySpec, ResponseSpec,
    SchemaSpec, SourceSpec,
};
use crate::resolve::naming;

/// Keys of the API Explorer's bookkeeping: display order, portal flags, regions where the
/// operation is offered, SDK and gateway settings. None of them changes a request or a reply.
pub const IGNORED: &[&str] = &[
    "x-order",
    "x-is-registered",
    "x-open-region-cloud",
    "x-annotations",
    "x-methodAnnotations",
    "x-is_inner_param",
    "x-hcs-ignore",
    "x-onlyCustomAnnotation",
    "x-imports",
    "x-support-sdk",
    "x-support-hcs",
    "x-support-isv",
    "x-support-apig-group",
    "x-apiexplorer-hide",
    "x-scope",
    "x-name",
    "x-api-category",
    "x-api-type",
    "x-publishpath",
    "x-constraint",
    "x-cpp-exclude",
    "x-apig-group",
    "x-apigateway-request-type",
    "x-apigateway-backend",
    "x-apigateway-cors",
    "x-apigateway-match-mode",
    "x-apigateway-ratelimit",
    "x-addValid",
    "x-workspace-api-auth",
    "tags",
    "schemes",
    "security",
];

/// The deprecation notice of a field the definitions mark `deprecated`.
const DEPRECATED_FIELD: &str = "The API definitions mark this field deprecated.";

/// Top-level keys describing where the definition sits in the API Explorer.
const IGNORED_TOP: &[&str] = &[
    "id",
    "host",
    "group_id",
    "info_version",
    "product_short",
    "region_id",
    "schemes",
    "tags",
    "version",
];

/// Something of a definition file that the spec does not hold, or holds differently.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// Where in the file, as a JSON path (`definitions.Cluster.properties.spec`).
    pub at: String,
    pub message: String,
}

/// One definition file, converted.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The definition file's name (`ListClusters.json`).
    pub file: String,
    pub operation: OperationFile,
    /// The schemas the operation uses, by the definition's names.
    pub schemas: BTreeMap<String, SchemaSpec>,
    pub findings: Vec<Finding>,
    /// What the operation spec holds in fields that a supplement does not carry (`read_only`,
    /// item counts, `format`, `sensitive`): findings instead, where the spec is kept from a
    /// documentation page.
    pub page_findings: Vec<Finding>,
    /// Why the operation cannot be generated; empty when it can.
    pub unsupported: Vec<String>,
}

/// What the conversion needs to know about the service.
pub struct ServiceFacts<'a> {
    /// The schema of the service's error body and its code and message properties.
    pub error_body: &'a str,
    pub error_code: &'a str,
    pub error_message: &'a str,
    /// The response header that carries the request id, mapped by the service.
    pub request_id_header: Option<&'a str>,
    /// The service's endpoint template, which every definition read must be served at.
    pub endpoint: Option<&'a str>,
}

/// Converts the definition `json` read from `file`.
pub fn convert(file: &str, json: &Value, facts: &ServiceFacts<'_>) -> Draft {
    let empty = Map::new();
    let top = json.as_object().unwrap_or(&empty);
    let name = top
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| file.trim_end_matches(".json").to_owned());
    let mut converter = Converter {
        operation: name.clone(),
        definitions: top
            .get("definitions")
            .and_then(Value::as_object)
            .unwrap_or(&empty),
        shared_parameters: top
            .get("parameters")
            .and_then(Value::as_object)
            .unwrap_or(&empty),
        schemas: BTreeMap::new(),
        findings: Vec::new(),
        page_findings: Vec::new(),
        unsupported: Vec::new(),
    };
    let operation = converter.operation_file(file, top, facts);
    let mut findings = converter.findings;
    findings.sort();
    findings.dedup();
    let mut page_findings = converter.page_findings;
    page_findings.sort();
    page_findings.dedup();
    Draft {
        file: file.to_owned(),
        operation,
        schemas: converter.schemas,
        findings,
        page_findings,
        unsupported: converter.unsupported,
    }
}

struct Converter<'a> {
    operation: String,
    definitions: &'a Map<String, Value>,
    shared_parameters: &'a Map<String, Value>,
    schemas: BTreeMap<String, SchemaSpec>,
    findings: Vec<Finding>,
    page_findings: Vec<Finding>,
    unsupported: Vec<String>,
}

const PARAMETER_KEYS: &[&str] = &[
    "name",
    "in",
    "type",
    "format",
    "required",
    "description",
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "default",
    "enum",
    "items",
    "x-example",
    "schema",
    "style",
];

const FIELD_KEYS: &[&str] = &[
    "type",
    "format",
    "description",
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "default",
    "enum",
    "items",
    "example",
    "x-example",
    "$ref",
    "allOf",
    "properties",
    "required",
    "additionalProperties",
];

/// Keys a parameter or property states beside its type that [`Converter::field`] maps into the
/// spec's `read_only`, `sensitive`, `min_items`, `max_items` and `unique_items`.
///
/// `x-minLength` and `x-maxLength` appear only on arrays; where `minItems` and `maxItems` are
/// there too they nearly always have the same values, and the `x-type` beside them
/// (`List<@Size(min=1, max=64) String>`) gives the items' lengths separately. They are the
/// array's size, the bound of a Java `@Size` on the list, and are read as item counts.
const FIELD_FACT_KEYS: &[&str] = &[
    "readOnly",
    "deprecated",
    "x-nullable",
    "x-isSensitive",
    "minItems",
    "maxItems",
    "uniqueItems",
    "x-minLength",
    "x-maxLength",
    "x-type",
];

/// Keys of an array's `items` that [`Converter::field`] maps into the spec's `items`.
const ITEM_CONSTRAINT_KEYS: [&str; 3] = ["minLength", "maxLength", "pattern"];

/// The keys of [`FIELD_KEYS`] read where a schema is not a field (an array's items, a map's
/// values, a named alias): the constraints of a value, which only a field holds, are left out
/// so that they are reported rather than dropped.
fn unconstrained_keys() -> Vec<&'static str> {
    let constraints = [
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "default",
    ];
    FIELD_KEYS
        .iter()
        .copied()
        .filter(|key| !constraints.contains(key))
        .collect()
}

/// The keys an array's item counts are read from, lower and upper bound, in the order the
/// report names them. On an array `minLength` and `maxLength` count items too.
const MIN_ITEMS_KEYS: [&str; 3] = ["minItems", "x-minLength", "minLength"];
const MAX_ITEMS_KEYS: [&str; 3] = ["maxItems", "x-maxLength", "maxLength"];

impl<'a> Converter<'a> {
    fn note(&mut self, at: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            at: at.to_owned(),
            message: message.into(),
        });
    }

    /// Reports every key of `object` that is neither in `mapped` nor bookkeeping.
    fn check_keys(&mut self, object: &Map<String, Value>, at: &str, mapped: &[&str]) {
        for (key, value) in object {
            // Request examples are read, and their leftovers reported, by `request_examples`.
            let example = key.starts_with("x-request-examples");
            if example || mapped.contains(&key.as_str()) || IGNORED.contains(&key.as_str()) {
                continue;
            }
            let shown = match value {
                Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            };
            self.note(at, format!("`{key}` ({shown}) is not mapped"));
        }
    }

    fn operation_file(
        &mut self,
        file: &str,
        top: &Map<String, Value>,
        facts: &ServiceFacts<'_>,
    ) -> OperationFile {
        for (key, value) in top {
            let known = [
                "name",
                "method",
                "paths",
                "parameters",
                "definitions",
                "summary",
                "description",
                "consumes",
                "group",
                "base_path",
                "components",
                "security_definitions",
                "uri",
            ];
            if IGNORED_TOP.contains(&key.as_str()) {
                continue;
            }
            if !known.contains(&key.as_str()) {
                self.note(key, "not mapped");
            }
            let says_something = match key.as_str() {
                "base_path" => !(value.is_null() || value.as_str() == Some("/")),
                "components" | "security_definitions" | "uri" => !value.is_null(),
                _ => false,
            };
            if says_something {
                self.note(key, format!("`{value}` is not mapped"));
            }
        }
        let empty = Map::new();
        let paths = top
            .get("paths")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if paths.len() != 1 {
            self.unsupported
                .push(format!("{} paths; an operation has one", paths.len()));
        }
        let (path, path_item) = paths
            .iter()
            .next()
            .map(|(p, i)| (p.clone(), i.as_object().unwrap_or(&empty)))
            .unwrap_or_else(|| ("/".to_owned(), &empty));
        let method_word = top
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let method = match method_word.as_str() {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            "delete" => HttpMethod::Delete,
            "head" => HttpMethod::Head,
            "options" => HttpMethod::Options,
            other => {
                self.unsupported
                    .push(format!("the method `{other}` is not an HTTP method"));
                HttpMethod::Get
            }
        };
        let op = path_item
            .get(&method_word)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let op_at = format!("paths.{path}.{method_word}");
        for key in path_item.keys() {
            if key != &method_word && key != "parameters" {
                self.note(&format!("paths.{path}.{key}"), "not mapped");
            }
        }
        self.check_keys(
            op,
            &op_at,
            &[
                "description",
                "summary",
                "operationId",
                "parameters",
                "responses",
                "deprecated",
                "produces",
                "consumes",
            ],
        );
        let request_examples = self.request_examples(op, &op_at);
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            if id != self.operation {
                self.note(
                    &format!("{op_at}.operationId"),
                    format!(
                        "`{id}` differs from the name `{}`; the name is used",
                        self.operation
                    ),
                );
            }
        }
        // The operation's own media types replace the document's (Swagger 2.0, `consumes`).
        let consumes = [op.get("consumes"), top.get("consumes")]
            .into_iter()
            .flatten()
            .map(media_types)
            .find(|list| !list.is_empty())
            .unwrap_or_default();
        // An upload form's `formData` parameters become form parameters; any other encoding
        // of the request body is not one the client can write.
        // A body offered in the Kubernetes patch types is a patch, whose kind sets the type.
        let patch = consumes
            .iter()
            .any(|c| PATCH_MEDIA_TYPES.contains(&c.as_str()));
        // A body offered in several media types, JSON among them (or `*/*`, any), is sent as
        // JSON; one offered only in others cannot be written.
        let writable = |c: &String| {
            accepts_json(c) || c == MULTIPART_FORM_DATA || PATCH_MEDIA_TYPES.contains(&c.as_str())
        };
        if !consumes.iter().any(writable) {
            if let Some(other) = consumes.first() {
                self.unsupported.push(format!(
                    "the request body is `{other}`; only JSON and `{MULTIPART_FORM_DATA}` are supported"
                ));
            }
        }
        // Likewise a reply: JSON when JSON (or anything) is offered, asked for with `Accept`.
        let produces = op.get("produces").map(media_types).unwrap_or_default();
        let reply_media = match produces.iter().any(|c| accepts_json(c)) {
            true => None,
            false => produces.first().cloned(),
        };
        // A file is asked for in the first type offered that is not JSON, `*/*` included (a
        // proxy answers with whatever it proxies).
        let file_media = produces
            .iter()
            .find(|c| !c.starts_with("application/json"))
            .cloned();

        let title = [op.get("summary"), top.get("summary")]
            .into_iter()
            .flatten()
            .find_map(Value::as_str)
            .unwrap_or(&self.operation)
            .trim()
            .to_owned();
        let description = [op.get("description"), top.get("description")]
            .into_iter()
            .flatten()
            .find_map(Value::as_str)
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty() && *d != title);
        let mut notes = Vec::new();
        if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
            notes.push("The API definitions mark this operation deprecated.".to_owned());
        }

        let (parameters, mut request_body) = self.parameters(&path, path_item, op, &op_at);
        if let (true, Some(body)) = (patch, &mut request_body) {
            // The definition the body names (`meta.v1.Patch`, an empty object) is the patch.
            let named = std::mem::replace(&mut body.type_expr, "patch".to_owned());
            self.schemas.remove(&named);
            body.content_type = PATCH_MEDIA_TYPES[0].to_owned();
        } else if let Some(body) = &mut request_body {
            body.content_type = json_content_type(&consumes);
        }
        let (responses, mut examples) = self.responses(
            op,
            &op_at,
            reply_media.as_deref(),
            file_media.as_deref(),
            facts,
        );
        let mut all_examples = request_examples;
        all_examples.append(&mut examples);
        if !responses.iter().any(|r| (200..300).contains(&r.status)) {
            self.unsupported
                .push("the definition documents no 2xx status".to_owned());
        }
        OperationFile {
            operation: self.operation.clone(),
            source: SourceSpec {
                page: format!("definitions/{file}"),
                updated: None,
                refines: None,
            },
            title,
            description,
            notes,
            method,
            group: top.get("group").and_then(Value::as_str).map(str::to_owned),
            path,
            idempotent: None,
            permissions: Vec::new(),
            parameters,
            request_body,
            responses,
            examples: all_examples,
            schemas: Vec::new(),
        }
    }

    fn request_examples(&mut self, op: &Map<String, Value>, at: &str) -> Vec<ExampleSpec> {
        let mut examples = Vec::new();
        let mut used = BTreeSet::new();
        let suffixes = std::iter::once(String::new()).chain((1..=9).map(|n| format!("-{n}")));
        for suffix in suffixes {
            let key = |kind: &str| format!("x-request-examples{kind}{suffix}");
            let body = op.get(&key(""));
            let line = op.get(&key("-url")).and_then(Value::as_str);
            let description = op
                .get(&key("-description"))
                .or_else(|| op.get(&key("-text")))
                .and_then(Value::as_str);
            if body.is_none() && line.is_none() && description.is_none() {
                continue;
            }
            for kind in ["", "-url", "-description", "-text"] {
                used.insert(key(kind));
            }
            examples.push(ExampleSpec {
                kind: ExampleKind::Request,
                status: None,
                description: description.map(|d| d.trim().to_owned()),
                request_line: line.map(|l| l.trim().to_owned()),
                body: body.map(example_text),
            });
        }
        for key in op.keys() {
            if key.starts_with("x-request-examples") && !used.contains(key) {
                self.note(&format!("{at}.{key}"), "not mapped");
            }
        }
        examples
    }

    fn parameters<'b>(
        &mut self,
        path: &str,
        path_item: &'b Map<String, Value>,
        op: &'b Map<String, Value>,
        op_at: &str,
    ) -> (Vec<FieldSpec>, Option<RequestBodySpec>)
    where
        'a: 'b,
    {
        // Parameters of the path item apply unless the operation lists the same one.
        let mut listed: Vec<(String, &'b Value)> = Vec::new();
        let own = op.get("parameters").and_then(Value::as_array);
        let shared = path_item.get("parameters").and_then(Value::as_array);
        for (origin, list) in [
            (format!("{op_at}.parameters"), own),
            (format!("paths.{path}.parameters"), shared),
        ] {
            for (index, entry) in list.into_iter().flatten().enumerate() {
                listed.push((format!("{origin}[{index}]"), entry));
            }
        }
        let mut parameters: Vec<FieldSpec> = Vec::new();
        let mut body = None;
        let mut seen = BTreeSet::new();
        for (at, entry) in listed {
            let (at, parameter) = match entry.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = reference.trim_start_matches("#/parameters/");
                    match self.shared_parameters.get(name).and_then(Value::as_object) {
                        Some(p) => (format!("parameters.{name}"), p),
                        None => {
                            self.unsupported
                                .push(format!("{at}: the parameter `{reference}` is not defined"));
                            continue;
                        }
                    }
                }
                None => match entry.as_object() {
                    Some(p) => (at, p),
                    None => continue,
                },
            };
            let wire = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let location = parameter
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if !seen.insert((location.to_ascii_lowercase(), wire.to_ascii_lowercase())) {
                continue;
            }
            self.check_keys(parameter, &at, &[PARAMETER_KEYS, FIELD_FACT_KEYS].concat());
            let location = match location.as_str() {
                "path" => ParameterLocation::Path,
                "query" => ParameterLocation::Query,
                "header" => ParameterLocation::Header,
                "formData" => ParameterLocation::Form,
                "body" => {
                    body = Some(self.request_body(parameter, &at));
                    continue;
                }
                other => {
                    self.unsupported.push(format!(
                        "{at}: the parameter `{wire}` is in `{other}`; only path, query, header, form and a JSON body are supported"
                    ));
                    continue;
                }
            };
            let hint = format!("{}{}", self.operation, naming::camel(&wire));
            let mut as_schema = Value::Object(parameter.clone());
            let file_part = location == ParameterLocation::Form && is_file(&as_schema);
            if file_part {
                // Read by `field` as a plain value; the type is set to `binary` below.
                as_schema["type"] = Value::from("string");
            }
            let mut field = self.field(&wire, &as_schema, false, &hint, &at);
            if file_part {
                field.type_expr = "binary".to_owned();
            }
            if field.read_only {
                self.note(
                    &at,
                    "`readOnly` on a parameter is not mapped: a parameter is always sent",
                );
                field.read_only = false;
            }
            field.location = Some(location);
            field.style = self.query_style(parameter, location, &field.type_expr, &at);
            field.required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            field.managed = match location {
                ParameterLocation::Header if wire.eq_ignore_ascii_case("X-Auth-Token") => {
                    Some(ManagedBy::Auth)
                }
                ParameterLocation::Header if wire.eq_ignore_ascii_case("Content-Type") => {
                    Some(ManagedBy::ContentType)
                }
                ParameterLocation::Path if wire == "project_id" => Some(ManagedBy::Project),
                _ => None,
            };
            if location == ParameterLocation::Path && !field.required {
                self.note(
                    &at,
                    "a path parameter not marked required; it is required, as every path parameter",
                );
                field.required = true;
            }
            parameters.push(field);
        }
        let path_placeholders = placeholders(path);
        for parameter in &parameters {
            if parameter.location == Some(ParameterLocation::Path)
                && !path_placeholders.contains(&parameter.name)
            {
                self.unsupported.push(format!(
                    "the path parameter `{}` has no `{{{}}}` placeholder in the path `{path}`",
                    parameter.name, parameter.name
                ));
            }
        }
        for placeholder in path_placeholders {
            let declared = parameters
                .iter()
                .any(|p| p.location == Some(ParameterLocation::Path) && p.name == placeholder);
            if !declared {
                self.unsupported.push(format!(
                    "the path placeholder `{{{placeholder}}}` has no path parameter"
                ));
            }
        }
        name_parameters(&mut parameters, body.is_some());
        (parameters, body)
    }

    fn request_body(&mut self, parameter: &Map<String, Value>, at: &str) -> RequestBodySpec {
        let hint = format!("{}RequestBody", self.operation);
        let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
        let type_expr = self.type_of(&schema, &hint, &format!("{at}.schema"));
        let description = parameter
            .get("description")
            .and_then(Value::as_str)
            .and_then(|d| text::blocks(d).description);
        RequestBodySpec {
            type_expr,
            required: parameter.get("required").and_then(Value::as_bool) == Some(true),
            content_type: "application/json".to_owned(),
            description,
        }
    }

    fn responses(
        &mut self,
        op: &Map<String, Value>,
        op_at: &str,
        reply_media: Option<&str>,
        file_media: Option<&str>,
        facts: &ServiceFacts<'_>,
    ) -> (Vec<ResponseSpec>, Vec<ExampleSpec>) {
        let empty = Map::new();
        let listed = op
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let success_count = listed.keys().filter(|s| s.starts_with('2')).count();
        let mut responses = Vec::new();
        let mut examples = Vec::new();
        for (status_text, response) in listed {
            let at = format!("{op_at}.responses.{status_text}");
            let Ok(status) = status_text.parse::<u16>() else {
                self.note(&at, "a status that is not a number is not mapped");
                continue;
            };
            let empty = Map::new();
            let response = response.as_object().unwrap_or(&empty);
            self.check_keys(
                response,
                &at,
                &["description", "schema", "examples", "headers"],
            );
            for header in response
                .get("headers")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|h| h.keys())
            {
                if Some(header.as_str()) != facts.request_id_header {
                    self.note(
                        &format!("{at}.headers.{header}"),
                        "a response header is not mapped",
                    );
                }
            }
            let description = response
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_owned();
            let schema = response.get("schema");
            let body = if (200..300).contains(&status) {
                schema.map(|schema| {
                    let hint = if success_count > 1 {
                        format!("{}ResponseBody{status}", self.operation)
                    } else {
                        format!("{}ResponseBody", self.operation)
                    };
                    let description = schema
                        .get("description")
                        .and_then(Value::as_str)
                        .and_then(|d| text::blocks(d).description);
                    let schema_at = format!("{at}.schema");
                    if is_file(schema) {
                        // A file reply is read as raw bytes whatever media type it is
                        // documented with.
                        self.check_keys(
                            schema.as_object().unwrap_or(&empty),
                            &schema_at,
                            &["type", "description"],
                        );
                        return ResponseBodySpec {
                            type_expr: "binary".to_owned(),
                            content_type: file_media.unwrap_or(OCTET_STREAM).to_owned(),
                            description,
                        };
                    }
                    if let Some(media) = reply_media {
                        self.unsupported.push(format!(
                            "{schema_at}: the reply is `{media}` but not a file; only JSON and file replies are supported"
                        ));
                    }
                    ResponseBodySpec::json(self.type_of(schema, &hint, &schema_at), description)
                })
            } else {
                schema.and_then(|schema| self.error_body(schema, &at, facts))
            };
            for (media, example) in response
                .get("examples")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if !media.starts_with("application/json") {
                    self.note(
                        &format!("{at}.examples.{media}"),
                        "an example that is not JSON is not mapped",
                    );
                    continue;
                }
                examples.push(ExampleSpec {
                    kind: ExampleKind::Response,
                    status: Some(status),
                    description: None,
                    request_line: None,
                    body: Some(example_text(example)),
                });
            }
            responses.push(ResponseSpec {
                status,
                description,
                body,
            });
        }
        responses.sort_by_key(|r| r.status);
        (responses, examples)
    }

    /// The service's error body, when the definition's error schema has its code and message;
    /// otherwise the status is documented without a typed body, and that is reported.
    fn error_body(
        &mut self,
        schema: &Value,
        at: &str,
        facts: &ServiceFacts<'_>,
    ) -> Option<ResponseBodySpec> {
        let flattened = self.flatten(schema);
        let properties = flattened.get("properties").and_then(Value::as_object);
        let has = |name: &str| properties.is_some_and(|p| p.contains_key(name));
        let shown = schema
            .get("$ref")
            .and_then(Value::as_str)
            .map(|r| r.trim_start_matches("#/definitions/").to_owned())
            .unwrap_or_else(|| "an inline schema".to_owned());
        // Said once per schema, not once per status that uses it.
        let place = schema
            .get("$ref")
            .and_then(Value::as_str)
            .map(|r| r.trim_start_matches("#/").replace('/', "."))
            .unwrap_or_else(|| format!("{at}.schema"));
        if has(facts.error_code) && has(facts.error_message) {
            let extra: Vec<&String> = properties
                .into_iter()
                .flat_map(|p| p.keys())
                .filter(|k| {
                    ![
                        facts.error_code,
                        facts.error_message,
                        "encoded_authorization_message",
                    ]
                    .contains(&k.as_str())
                })
                .collect();
            if !extra.is_empty() {
                self.note(
                    &place,
                    format!(
                        "the error body `{shown}` is read as the service's `{}`; its other properties ({}) stay in the raw body",
                        facts.error_body,
                        extra.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            return Some(ResponseBodySpec::json(facts.error_body.to_owned(), None));
        }
        self.note(
            &place,
            format!(
                "the error body `{shown}` has no `{}` and `{}`: documented without a typed body (the raw body stays in the error)",
                facts.error_code, facts.error_message
            ),
        );
        None
    }

    /// `schema` with `allOf` merged and a top-level `$ref` followed: the properties and
    /// required names of all its parts.
    fn flatten(&self, schema: &Value) -> Map<String, Value> {
        let mut seen = BTreeSet::new();
        self.flatten_guarded(schema, &mut seen)
    }

    fn flatten_guarded(&self, schema: &Value, seen: &mut BTreeSet<String>) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(object) = schema.as_object() else {
            return out;
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/definitions/");
            if !seen.insert(name.to_owned()) {
                return out;
            }
            if let Some(target) = self.definitions.get(name) {
                out = self.flatten_guarded(target, seen);
            }
            seen.remove(name);
        }
        let mut properties = out
            .remove("properties")
            .and_then(|p| p.as_object().cloned())
            .unwrap_or_default();
        let mut required: Vec<Value> = out
            .remove("required")
            .and_then(|r| r.as_array().cloned())
            .unwrap_or_default();
        for part in object
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let merged = self.flatten_guarded(part, seen);
            for (key, value) in merged {
                match key.as_str() {
                    "properties" => {
                        if let Some(p) = value.as_object() {
                            properties.extend(p.clone());
                        }
                    }
                    "required" => required.extend(value.as_array().cloned().unwrap_or_default()),
                    _ => {
                        out.entry(key).or_insert(value);
                    }
                }
            }
        }
        for (key, value) in object {
            match key.as_str() {
                "allOf" | "$ref" => {}
                "properties" => {
                    if let Some(p) = value.as_object() {
                        properties.extend(p.clone());
                    }
                }
                "required" => required.extend(value.as_array().cloned().unwrap_or_default()),
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        let is_object = !properties.is_empty()
            || object.contains_key("allOf")
            || object.contains_key("properties");
        if is_object {
            out.insert("properties".to_owned(), Value::Object(properties));
            out.insert("type".to_owned(), Value::String("object".to_owned()));
        }
        if !required.is_empty() {
            out.insert("required".to_owned(), Value::Array(required));
        }
        out
    }

    /// The type expression of `schema`; an inline object or enum becomes a schema named `hint`.
    fn type_of(&mut self, schema: &Value, hint: &str, at: &str) -> String {
        let empty = Map::new();
        let object = schema.as_object().unwrap_or(&empty);
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return self.definition(reference, at);
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            let only_ref = parts.len() == 1 && parts[0].get("$ref").is_some();
            if only_ref && !object.contains_key("properties") {
                return self.type_of(&parts[0], hint, at);
            }
            let flattened = Value::Object(self.flatten(schema));
            let name = self.free_name(hint);
            self.object_schema(&name, &flattened, at);
            return name;
        }
        let word = object
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let format = object.get("format").and_then(Value::as_str);
        match word {
            "string" if format == Some("int-or-string") => "int-or-string".to_owned(),
            "string" => match object.get("enum").and_then(Value::as_array) {
                Some(values) if !values.is_empty() => {
                    let name = self.free_name(hint);
                    self.enum_schema(&name, object, values, at);
                    name
                }
                _ => "string".to_owned(),
            },
            "integer" if format == Some("int64") => "long".to_owned(),
            "integer" => "integer".to_owned(),
            "number" => "number".to_owned(),
            "boolean" => "boolean".to_owned(),
            "array" => {
                let items = object.get("items").cloned().unwrap_or(Value::Null);
                if let Some(items_object) = items.as_object() {
                    // An item's lengths and pattern are mapped by `field` where the array is a
                    // field of strings, and taken out before; anywhere else they are reported.
                    self.check_keys(items_object, &format!("{at}.items"), &unconstrained_keys());
                }
                let item = self.type_of(&items, hint, &format!("{at}.items"));
                format!("array<{item}>")
            }
            "file" => {
                self.unsupported
                    .push(format!("{at}: a file (binary) value is not supported"));
                "json".to_owned()
            }
            "object" | "" => {
                if object.contains_key("properties") {
                    let name = self.free_name(hint);
                    self.object_schema(&name, schema, at);
                    return name;
                }
                match object.get("additionalProperties") {
                    Some(Value::Object(value)) if !value.is_empty() => {
                        let inner = Value::Object(value.clone());
                        self.check_keys(
                            value,
                            &format!("{at}.additionalProperties"),
                            &unconstrained_keys(),
                        );
                        let item = self.type_of(&inner, &format!("{hint}Value"), at);
                        format!("map<{item}>")
                    }
                    Some(Value::Object(_)) | Some(Value::Bool(true)) => "map<json>".to_owned(),
                    _ => "json".to_owned(),
                }
            }
            other => {
                self.note(
                    at,
                    format!("the type `{other}` is not mapped; read as JSON"),
                );
                "json".to_owned()
            }
        }
    }

    /// A name for an inline schema that no definition and no earlier inline schema uses.
    fn free_name(&self, hint: &str) -> String {
        let base = naming::camel(hint);
        let taken =
            |name: &str| self.definitions.contains_key(name) || self.schemas.contains_key(name);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|name| !taken(name))
            .unwrap_or(base)
    }

    /// The schema name of the definition `reference` points at, converting it on first use.
    fn definition(&mut self, reference: &str, at: &str) -> String {
        let name = reference.trim_start_matches("#/definitions/").to_owned();
        if self.schemas.contains_key(&name) {
            return name;
        }
        let Some(schema) = self.definitions.get(&name) else {
            self.note(at, format!("`{reference}` is not defined; read as JSON"));
            return "json".to_owned();
        };
        // A placeholder first, so that a schema referring to itself finds its name.
        self.put(&name, &Map::new(), Some(Vec::new()), None, None);
        let at = format!("definitions.{name}");
        let empty = Map::new();
        let object = schema.as_object().unwrap_or(&empty);
        let has_properties = object.contains_key("properties") || object.contains_key("allOf");
        let enum_values = object.get("enum").and_then(Value::as_array);
        let word = object
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if has_properties {
            let flattened = Value::Object(self.flatten(schema));
            self.object_schema(&name, &flattened, &at);
        } else if let (Some(values), "string") = (enum_values, word) {
            self.enum_schema(&name, object, values, &at);
        } else {
            self.check_keys(object, &at, &unconstrained_keys());
            let alias = self.type_of(schema, &format!("{name}Item"), &at);
            self.put(&name, object, None, None, Some(alias));
        }
        name
    }

    fn object_schema(&mut self, name: &str, schema: &Value, at: &str) {
        let empty = Map::new();
        let object = schema.as_object().unwrap_or(&empty);
        // A placeholder first, so that a property referring back finds the name taken.
        self.put(name, &Map::new(), Some(Vec::new()), None, None);
        self.check_keys(
            object,
            at,
            &[
                "type",
                "description",
                "properties",
                "required",
                "example",
                "additionalProperties",
                "allOf",
            ],
        );
        if object
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(false))
        {
            self.note(
                at,
                "`additionalProperties` beside `properties` is not mapped: the listed properties are kept",
            );
        }
        let required: BTreeSet<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut fields = Vec::new();
        for (wire, property) in object
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let hint = format!("{name}{}", naming::camel(wire));
            let at = format!("{at}.properties.{wire}");
            let empty = Map::new();
            self.check_keys(
                property.as_object().unwrap_or(&empty),
                &at,
                &[FIELD_KEYS, FIELD_FACT_KEYS].concat(),
            );
            fields.push(self.field(wire, property, required.contains(wire.as_str()), &hint, &at));
        }
        name_fields(&mut fields);
        self.put(name, object, Some(fields), None, None);
    }

    fn enum_schema(&mut self, name: &str, object: &Map<String, Value>, values: &[Value], at: &str) {
        let mut seen = BTreeSet::new();
        let mut specs = Vec::new();
        for value in values {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !seen.insert(text.clone()) {
                self.note(
                    at,
                    format!("the enum value `{text}` is listed twice; kept once"),
                );
                continue;
            }
            specs.push(EnumValueSpec {
                value: text,
                description: None,
                rust_name: None,
            });
        }
        name_variants(&mut specs);
        self.put(name, object, None, Some(specs), None);
    }

    /// Records the schema `name`; its description is the description block of `object`.
    fn put(
        &mut self,
        name: &str,
        object: &Map<String, Value>,
        properties: Option<Vec<FieldSpec>>,
        values: Option<Vec<EnumValueSpec>>,
        alias: Option<String>,
    ) {
        let description = object
            .get("description")
            .and_then(Value::as_str)
            .and_then(|d| text::blocks(d).description);
        self.schemas.insert(
            name.to_owned(),
            SchemaSpec {
                name: name.to_owned(),
                description,
                rust_name: None,
                properties,
                values,
                alias,
            },
        );
    }

    /// A property or parameter: its type, the description's blocks and the machine-readable
    /// constraints.
    fn field(
        &mut self,
        wire: &str,
        schema: &Value,
        required: bool,
        hint: &str,
        at: &str,
    ) -> FieldSpec {
        // The keys this field maps are not the type's: an inline object's schema does not
        // report them again. Nor do the items of a read-only array, when they say it again,
        // nor the items of an array of strings, whose constraints the field holds.
        let mut typed = schema.clone();
        let string_items = schema.get("items").is_some_and(|items| {
            items.get("type").and_then(Value::as_str) == Some("string")
                && items.get("enum").is_none()
        }) && schema.get("type").and_then(Value::as_str) == Some("array");
        if let Some(object) = typed.as_object_mut() {
            let read_only = object.get("readOnly") == Some(&Value::Bool(true));
            if let Some(items) = object.get_mut("items").and_then(Value::as_object_mut) {
                items.retain(|key, value| {
                    let repeated = read_only && key == "readOnly" && value == &Value::Bool(true);
                    let held = string_items && ITEM_CONSTRAINT_KEYS.contains(&key.as_str());
                    !repeated && !held
                });
            }
            object.retain(|key, _| !FIELD_FACT_KEYS.contains(&key.as_str()));
        }
        let type_expr = self.type_of(&typed, hint, at);
        let items = if type_expr == "array<string>" {
            self.item_constraints(schema, at)
        } else {
            if let Some(value) = schema.get("x-type") {
                self.note(
                    at,
                    format!("`x-type` (`{}`) is not mapped", scalar_text(value)),
                );
            }
            None
        };
        let empty = Map::new();
        let object = schema.as_object().unwrap_or(&empty);
        let blocks = object
            .get("description")
            .and_then(Value::as_str)
            .map(text::blocks)
            .unwrap_or_default();
        let mut range = blocks.range;
        let word = object
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let (Some(values), true) = (
            object.get("enum").and_then(Value::as_array),
            word != "string",
        ) {
            // Only string enums become enum types; other closed sets are stated in the range.
            let listed = values
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let stated = format!("One of: {listed}");
            range = Some(match range {
                Some(text) => format!("{text}\n{stated}"),
                None => stated,
            });
        }
        let default = object.get("default").map(scalar_text).or(blocks.default);
        let example = object
            .get("example")
            .or_else(|| object.get("x-example"))
            .map(scalar_text);
        let number = |key: &str, converter: &mut Self| -> Option<i64> {
            let value = object.get(key)?;
            match value.as_i64() {
                Some(n) => Some(n),
                None => {
                    converter.note(
                        at,
                        format!("`{key}` ({value}) is not a whole number; not mapped"),
                    );
                    None
                }
            }
        };
        let minimum = number("minimum", self);
        let maximum = number("maximum", self);
        let length = |key: &str, converter: &mut Self| -> Option<u64> {
            let value = object.get(key)?;
            match value.as_u64() {
                Some(n) => Some(n),
                None => {
                    converter.note(at, format!("`{key}` ({value}) is not a length; not mapped"));
                    None
                }
            }
        };
        let is_array = type_expr.starts_with("array<");
        let (min_length, max_length) = if is_array {
            (None, None)
        } else {
            (length("minLength", self), length("maxLength", self))
        };
        let mut format = None;
        if let Some(text) = object.get("format").and_then(Value::as_str) {
            let sized = matches!(
                (word, text),
                ("integer", "int32" | "int64") | ("number", "float" | "double")
            );
            if type_expr == "string" {
                format = Some(text.to_owned());
            } else if !sized {
                self.note(
                    at,
                    format!("`format` (`{text}`) is not mapped: the value is a {word}"),
                );
            }
        }
        let read_only = self.flag(object, "readOnly", at);
        // Every optional value of the client may be null in a reply, and an unset one is left
        // out of a request; a required nullable value is one the client cannot express.
        if self.flag(object, "x-nullable", at) && required {
            self.note(at, "`x-nullable` on a required value is not mapped");
        }
        let sensitive = self.flag(object, "x-isSensitive", at);
        let (min_items, max_items, unique_items) = if is_array {
            (
                self.item_count(object, MIN_ITEMS_KEYS, u64::max, at),
                self.item_count(object, MAX_ITEMS_KEYS, u64::min, at),
                self.flag(object, "uniqueItems", at),
            )
        } else {
            for key in [
                "minItems",
                "maxItems",
                "uniqueItems",
                "x-minLength",
                "x-maxLength",
            ] {
                if let Some(value) = object.get(key) {
                    let kind = if word.is_empty() { "schema" } else { word };
                    self.note(
                        at,
                        format!("`{key}` (`{value}`) is not mapped: the value is a {kind}, not an array"),
                    );
                }
            }
            (None, None, false)
        };
        let held = [
            ("readOnly", read_only, "read_only"),
            ("x-isSensitive", sensitive, "sensitive"),
            ("uniqueItems", unique_items, "unique_items"),
            ("format", format.is_some(), "format"),
        ]
        .into_iter()
        .chain(MIN_ITEMS_KEYS.map(|key| (key, min_items.is_some(), "min_items")))
        .chain(MAX_ITEMS_KEYS.map(|key| (key, max_items.is_some(), "max_items")));
        for (key, mapped, spec_key) in held {
            if let (true, Some(value)) = (mapped, object.get(key)) {
                let shown = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                self.page_findings.push(Finding {
                    at: at.to_owned(),
                    message: format!(
                        "`{key}` (`{shown}`) is not mapped: the spec is kept from a documentation page, and a supplement holds no `{spec_key}`"
                    ),
                });
            }
        }
        FieldSpec {
            name: wire.to_owned(),
            location: None,
            managed: None,
            aliases: Vec::new(),
            type_expr,
            required,
            description: blocks.description,
            constraints: blocks.constraints,
            range,
            default,
            example,
            min_length,
            max_length,
            pattern: object
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            minimum,
            maximum,
            min_items,
            max_items,
            unique_items,
            items,
            format,
            read_only,
            sensitive,
            deprecated: self
                .flag(object, "deprecated", at)
                .then(|| DEPRECATED_FIELD.to_owned()),
            style: None,
            rust_name: None,
        }
    }

    /// The `style` of a query parameter whose list is one value; any other `style` is reported.
    fn query_style(
        &mut self,
        parameter: &Map<String, Value>,
        location: ParameterLocation,
        type_expr: &str,
        at: &str,
    ) -> Option<QueryStyle> {
        let style = parameter.get("style")?;
        let known = match style.as_str() {
            Some("json") => Some(QueryStyle::Json),
            Some("simple") if type_expr.starts_with("array<") => Some(QueryStyle::Simple),
            _ => None,
        };
        match known {
            Some(style) if location == ParameterLocation::Query => Some(style),
            _ => {
                self.note(at, format!("`style` (`{style}`) is not mapped"));
                None
            }
        }
    }

    /// The lengths and pattern of the string items of the array `schema`.
    ///
    /// `x-type` (`List<@Size(min=0, max=255) String>`) is the Java type of the list: its `@Size`
    /// is each string's length. Where the items state lengths too it says nothing new when it
    /// agrees and is reported when it does not; where they state none, its lengths are mapped.
    fn item_constraints(&mut self, schema: &Value, at: &str) -> Option<ItemsSpec> {
        let items_at = format!("{at}.items");
        let empty = Map::new();
        let items = schema
            .get("items")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let length = |key: &str, converter: &mut Self| -> Option<u64> {
            let value = items.get(key)?;
            let count = value.as_u64();
            if count.is_none() {
                converter.note(
                    &items_at,
                    format!("`{key}` ({value}) is not a length; not mapped"),
                );
            }
            count
        };
        let mut spec = ItemsSpec {
            min_length: length("minLength", self),
            max_length: length("maxLength", self),
            pattern: items
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        if let Some(value) = schema.get("x-type") {
            let sizes = value.as_str().and_then(java_list_sizes);
            match sizes {
                Some((min, max)) if spec.min_length.is_none() && spec.max_length.is_none() => {
                    spec.min_length = Some(min);
                    spec.max_length = Some(max);
                }
                Some(sizes)
                    if (spec.min_length, spec.max_length) == (Some(sizes.0), Some(sizes.1)) => {}
                _ => self.note(
                    at,
                    format!("`x-type` (`{}`) is not mapped", scalar_text(value)),
                ),
            }
        }
        let stated = ["minLength", "maxLength", "pattern"]
            .into_iter()
            .filter_map(|key| Some((key, items.get(key)?)));
        for (key, value) in stated {
            self.page_findings.push(Finding {
                at: items_at.clone(),
                message: format!(
                    "`{key}` (`{}`) is not mapped: the spec is kept from a documentation page, and a supplement holds no `items`",
                    scalar_text(value)
                ),
            });
        }
        (spec != ItemsSpec::default()).then_some(spec)
    }

    /// A boolean keyword (`readOnly: true`); anything but a boolean is reported.
    fn flag(&mut self, object: &Map<String, Value>, key: &str, at: &str) -> bool {
        match object.get(key) {
            None => false,
            Some(Value::Bool(value)) => *value,
            Some(other) => {
                self.note(
                    at,
                    format!("`{key}` ({other}) is not a boolean; not mapped"),
                );
                false
            }
        }
    }

    /// One bound of an array's item count, from the first of `keys` and its synonyms. Where
    /// they state different values the `tighter` one is used, so that an array within it
    /// satisfies every statement, and the difference is reported.
    fn item_count(
        &mut self,
        object: &Map<String, Value>,
        keys: [&str; 3],
        tighter: fn(u64, u64) -> u64,
        at: &str,
    ) -> Option<u64> {
        let mut stated = Vec::new();
        for key in keys {
            let Some(value) = object.get(key) else {
                continue;
            };
            match value.as_u64() {
                Some(count) => stated.push((key, count)),
                None => self.note(at, format!("`{key}` ({value}) is not a count; not mapped")),
            }
        }
        let chosen = stated.iter().map(|(_, count)| *count).reduce(tighter)?;
        if stated.iter().any(|(_, count)| *count != chosen) {
            let listed = stated
                .iter()
                .map(|(key, count)| format!("`{key}` (`{count}`)"))
                .collect::<Vec<_>>()
                .join(", ");
            self.note(
                at,
                format!("{listed} differ: the tighter bound, {chosen}, is mapped"),
            );
        }
        Some(chosen)
    }
}

/// The bounds of `@Size` in the Java type of a list of strings,
/// `List<@Size(min=0, max=255) String>`.
fn java_list_sizes(java: &str) -> Option<(u64, u64)> {
    let inner = java
        .strip_prefix("List<@Size(")?
        .strip_suffix(") String>")?;
    let (min, max) = inner.split_once(", ")?;
    let min = min.strip_prefix("min=")?.parse().ok()?;
    let max = max.strip_prefix("max=")?.parse().ok()?;
    Some((min, max))
}

/// `consumes` / `produces`: a list, or a JSON text of a list.
/// The request encoding of an upload form.
const MULTIPART_FORM_DATA: &str = "multipart/form-data";

/// The `Content-Type` of a JSON body offered in `consumes`, as the official SDKs choose it
/// (`huaweicloudsdkcore` 3.1.219, `utils/http_utils.py`, `select_header_content_type`): the
/// types in lower case; `application/json` when it or `*/*` is among them, else the first.
/// The header is signed, so a client that chose otherwise would not send what the SDK does.
fn json_content_type(consumes: &[String]) -> String {
    let lower: Vec<String> = consumes.iter().map(|c| c.trim().to_lowercase()).collect();
    if lower.is_empty() || lower.iter().any(|c| c == "application/json" || c == "*/*") {
        return "application/json".to_owned();
    }
    match lower.iter().find(|c| accepts_json(c)) {
        Some(json) => json.clone(),
        None => "application/json".to_owned(),
    }
}

/// Whether a body in the media type `media` may be JSON: JSON itself (with any parameters) or
/// `*/*`, which the definitions write where a JSON schema follows.
fn accepts_json(media: &str) -> bool {
    media.starts_with("application/json") || media.trim() == "*/*"
}

/// The media types of a Kubernetes patch, each a kind of [`patch`](crate::resolve::type_expr)
/// body: JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch and
/// server-side apply (in YAML, of which JSON is a subset; `+cbor` is not written).
pub const PATCH_MEDIA_TYPES: &[&str] = &[
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
    "application/apply-patch+cbor",
];
/// The media type of a file reply whose definition names none.
const OCTET_STREAM: &str = "application/octet-stream";

/// Whether a schema or parameter is a file (`type: file`).
fn is_file(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("file")
}

fn media_types(value: &Value) -> Vec<String> {
    let parsed;
    let list = match value {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
            &parsed
        }
        other => other,
    };
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// An example as text: a string verbatim, anything else as indented JSON.
fn example_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_else(|_| other.to_string()),
    }
}

/// A default or example value as the spec holds it: strings verbatim, others as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Claims `derived` (compared without its raw prefix) in `taken`, or else the first free name
/// of `alternatives(bare)`, which is then the value's `rust_name`.
fn claim(
    derived: &str,
    taken: &mut BTreeSet<String>,
    alternatives: impl Fn(&str) -> Box<dyn Iterator<Item = String>>,
) -> Option<String> {
    let bare = naming::bare(derived).to_owned();
    if taken.insert(bare.clone()) {
        return None;
    }
    let renamed = alternatives(&bare).find(|name| !taken.contains(name))?;
    taken.insert(renamed.clone());
    Some(renamed)
}

/// Gives `rust_name`s where two properties would become the same Rust field.
fn name_fields(fields: &mut [FieldSpec]) {
    let mut taken = BTreeSet::new();
    for field in fields.iter_mut() {
        let bare_suffix = |bare: &str| -> Box<dyn Iterator<Item = String>> {
            let bare = bare.to_owned();
            Box::new((2..).map(move |n| format!("{bare}_{n}")))
        };
        if let Some(renamed) = claim(&naming::snake(&field.name), &mut taken, bare_suffix) {
            field.rust_name = Some(renamed);
        }
    }
}

/// Gives `rust_name`s where a parameter would collide with another or with a builder member.
fn name_parameters(parameters: &mut [FieldSpec], has_body: bool) {
    let mut taken: BTreeSet<String> = ["client", "call_options", "send"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    if has_body {
        taken.insert("body".to_owned());
    }
    for parameter in parameters.iter_mut() {
        if matches!(
            parameter.managed,
            Some(ManagedBy::Auth | ManagedBy::ContentType)
        ) {
            continue;
        }
        let param_suffix = |bare: &str| -> Box<dyn Iterator<Item = String>> {
            let bare = bare.to_owned();
            Box::new(
                std::iter::once(format!("{bare}_param"))
                    .chain((2..).map(move |n| format!("{bare}_param{n}"))),
            )
        };
        if let Some(renamed) = claim(&naming::snake(&parameter.name), &mut taken, param_suffix) {
            parameter.rust_name = Some(renamed);
        }
    }
}

/// Gives `rust_name`s where two values would become the same variant, or the reserved one.
fn name_variants(values: &mut [EnumValueSpec]) {
    let mut taken: BTreeSet<String> =
        std::iter::once(crate::resolve::UNKNOWN_VARIANT.to_owned()).collect();
    for value in values.iter_mut() {
        let number_suffix = |bare: &str| -> Box<dyn Iterator<Item = String>> {
            let bare = bare.to_owned();
            Box::new((2..).map(move |n| format!("{bare}{n}")))
        };
        if let Some(renamed) = claim(&naming::camel(&value.value), &mut taken, number_suffix) {
            value.rust_name = Some(renamed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FACTS: ServiceFacts<'static> = ServiceFacts {
        error_body: "ErrorResponse",
        error_code: "error_code",
        error_message: "error_msg",
        request_id_header: Some("X-Request-Id"),
        endpoint: None,
    };

    fn definition() -> Value {
        json!({
            "name": "CreateThing", "method": "post", "base_path": "/",
            "consumes": "[\"application/json\"]",
            "parameters": {
                "p": {"in": "path", "name": "project_id", "type": "string", "required": true},
                "t": {"in": "header", "name": "X-Auth-Token", "type": "string", "required": true}
            },
            "definitions": {
                "Base": {"properties": {"id": {"type": "string", "readOnly": true}}, "required": ["id"]},
                "Thing": {"allOf": [{"$ref": "#/definitions/Base"}, {"properties": {
                    "size": {"type": "integer", "format": "int64", "minimum": 1},
                    "mode": {"type": "string", "enum": ["fast", "Fast", "slow"]},
                    "level": {"type": "integer", "enum": [1, 2]},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "extra": {"type": "object"},
                    "spec": {"type": "object", "properties": {"on": {"type": "boolean"}}}
                }}]},
                "Err": {"properties": {"error_code": {"type": "string"}, "error_msg": {"type": "string"}}}
            },
            "paths": {"/v1/{project_id}/things": {"post": {
                "summary": "创建",
                "parameters": [
                    {"$ref": "#/parameters/p"}, {"$ref": "#/parameters/t"},
                    {"in": "query", "name": "body", "type": "string"},
                    {"in": "body", "name": "B", "required": true, "schema": {"$ref": "#/definitions/Thing"}}
                ],
                "responses": {
                    "201": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}},
                    "400": {"description": "bad", "schema": {"$ref": "#/definitions/Err"}}
                }
            }}}
        })
    }

    #[test]
    fn maps_the_shapes_of_a_definition() {
        let draft = convert("CreateThing.json", &definition(), &FACTS);
        assert!(draft.unsupported.is_empty(), "{:?}", draft.unsupported);
        let op = &draft.operation;
        assert_eq!(op.source.page, "definitions/CreateThing.json");
        assert_eq!(op.parameters[0].managed, Some(ManagedBy::Project));
        assert_eq!(op.parameters[1].managed, Some(ManagedBy::Auth));
        // A query parameter named like the body setter gets another Rust name.
        assert_eq!(op.parameters[2].rust_name.as_deref(), Some("body_param"));
        assert_eq!(op.request_body.as_ref().unwrap().type_expr, "Thing");
        assert_eq!(
            op.responses[1].body.as_ref().unwrap().type_expr,
            "ErrorResponse"
        );

        let thing = draft.schemas["Thing"].properties.as_ref().unwrap();
        let field = |name: &str| thing.iter().find(|f| f.name == name).unwrap();
        assert!(
            field("id").required,
            "allOf merges the base's required names"
        );
        assert_eq!(field("size").type_expr, "long");
        assert_eq!(field("size").minimum, Some(1));
        assert_eq!(field("mode").type_expr, "ThingMode");
        assert_eq!(field("level").type_expr, "integer");
        assert_eq!(field("level").range.as_deref(), Some("One of: 1, 2"));
        assert_eq!(field("labels").type_expr, "map<string>");
        assert_eq!(field("extra").type_expr, "json");
        assert_eq!(field("spec").type_expr, "ThingSpec");
        let values = draft.schemas["ThingMode"].values.as_ref().unwrap();
        assert_eq!(values[1].rust_name.as_deref(), Some("Fast2"));
        assert!(draft.schemas.contains_key("ThingSpec"));
        assert!(field("id").read_only, "allOf keeps the base's readOnly");
    }

    #[test]
    fn field_facts_are_mapped_where_the_type_holds_them() {
        let mut json = definition();
        json["definitions"]["Thing"]["allOf"][1]["properties"] = json!({
            "ids": {"type": "array", "items": {"type": "string"}, "minItems": 0,
                    "x-minLength": 1, "maxItems": 100, "x-maxLength": 100, "uniqueItems": true},
            "names": {"type": "array", "items": {"type": "string"}, "minLength": 0, "maxLength": 20},
            "at": {"type": "string", "format": "date-time", "readOnly": true},
            "runs": {"type": "array", "readOnly": true, "items": {"type": "string", "readOnly": true}},
            "marks": {"type": "array", "items": {"type": "string", "readOnly": true}},
            "zones": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64,
                      "pattern": "^[a-z]+$"}, "x-type": "List<@Size(min=1, max=64) String>"},
            "hosts": {"type": "array", "items": {"type": "string"},
                      "x-type": "List<@Size(min=0, max=255) String>"},
            "tags": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 63}},
            "nets": {"type": "array", "items": {"type": "string", "maxLength": 100},
                     "x-type": "List<@Size(min=1, max=255) String>"},
            "password": {"type": "string", "x-isSensitive": true},
            "label": {"type": "string", "minItems": 1, "maxItems": 56},
            "inner": {"type": "object", "readOnly": true, "properties": {"on": {"type": "boolean"}}}
        });
        let draft = convert("CreateThing.json", &json, &FACTS);
        let thing = draft.schemas["Thing"].properties.as_ref().unwrap();
        let field = |name: &str| thing.iter().find(|f| f.name == name).unwrap();
        let ids = field("ids");
        assert_eq!((ids.min_items, ids.max_items), (Some(1), Some(100)));
        assert!(ids.unique_items);
        let names = field("names");
        assert_eq!(
            (names.min_items, names.max_items, names.max_length),
            (Some(0), Some(20), None),
            "an array's lengths count its items"
        );
        assert_eq!(field("at").format.as_deref(), Some("date-time"));
        assert!(field("at").read_only && !field("at").sensitive);
        assert!(field("password").sensitive);
        assert!(field("inner").read_only);
        let label = field("label");
        assert_eq!((label.min_items, label.max_items), (None, None));

        let at = |name: &str| format!("definitions.Thing.properties.{name}");
        let about = |name: &str| -> Vec<&str> {
            draft
                .findings
                .iter()
                .filter(|f| f.at == at(name))
                .map(|f| f.message.as_str())
                .collect()
        };
        assert_eq!(
            about("ids"),
            ["`minItems` (`0`), `x-minLength` (`1`) differ: the tighter bound, 1, is mapped"]
        );
        assert!(about("at").is_empty() && about("password").is_empty());
        assert!(about("inner").is_empty(), "{:?}", about("inner"));
        assert!(field("runs").read_only && about("runs").is_empty());
        let items = |name: &str| field(name).items.clone().unwrap_or_default();
        let zones = items("zones");
        assert_eq!(
            (zones.min_length, zones.max_length, zones.pattern.as_deref()),
            (Some(1), Some(64), Some("^[a-z]+$"))
        );
        assert!(
            about("zones").is_empty(),
            "an agreeing `x-type` says nothing new"
        );
        let hosts = items("hosts");
        assert_eq!((hosts.min_length, hosts.max_length), (Some(0), Some(255)));
        assert_eq!(
            items("nets").max_length,
            Some(100),
            "the items' own lengths stay"
        );
        assert_eq!(
            about("tags.additionalProperties"),
            ["`maxLength` (`63`) is not mapped"],
            "a map value's constraints are reported, not dropped"
        );
        assert_eq!(
            about("nets"),
            ["`x-type` (`List<@Size(min=1, max=255) String>`) is not mapped"]
        );
        // Read-only items of an array that is not itself read-only are not the field's.
        assert!(!field("marks").read_only);
        assert_eq!(about("marks.items"), ["`readOnly` (`true`) is not mapped"]);
        assert_eq!(
            about("label"),
            [
                "`maxItems` (`56`) is not mapped: the value is a string, not an array",
                "`minItems` (`1`) is not mapped: the value is a string, not an array"
            ]
        );
        // Where the spec is kept from a page, what only these fields hold is reported instead.
        assert!(draft
            .page_findings
            .iter()
            .any(|f| f.at == at("at") && f.message.contains("no `read_only`")));
    }

    #[test]
    fn a_file_upload_becomes_form_parameters() {
        let mut json = definition();
        let post = &mut json["paths"]["/v1/{project_id}/things"]["post"];
        post["parameters"][3] =
            json!({"in": "formData", "name": "content", "type": "file", "required": true});
        post["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"in": "formData", "name": "note", "type": "string"}));
        post["consumes"] = json!(["multipart/form-data"]);
        let draft = convert("CreateThing.json", &json, &FACTS);
        assert!(draft.unsupported.is_empty(), "{:?}", draft.unsupported);
        let op = &draft.operation;
        assert!(op.request_body.is_none());
        let form: Vec<(&str, &str)> = op
            .parameters
            .iter()
            .filter(|p| p.location == Some(ParameterLocation::Form))
            .map(|p| (p.name.as_str(), p.type_expr.as_str()))
            .collect();
        assert_eq!(form, [("content", "binary"), ("note", "string")]);
    }

    #[test]
    fn a_file_reply_is_read_as_raw_bytes_with_its_media_type() {
        let mut json = definition();
        let post = &mut json["paths"]["/v1/{project_id}/things"]["post"];
        post["produces"] = json!(["application/octet-stream"]);
        post["responses"]["201"]["schema"] = json!({"type": "file", "description": "The archive"});
        let draft = convert("CreateThing.json", &json, &FACTS);
        assert!(draft.unsupported.is_empty(), "{:?}", draft.unsupported);
        let body = draft.operation.responses[0].body.as_ref().unwrap();
        assert_eq!(
            (body.type_expr.as_str(), body.content_type.as_str()),
            ("binary", "application/octet-stream")
        );
    }

    #[test]
    fn other_encodings_are_not_generated_and_say_why() {
        let mut json = definition();
        let post = &mut json["paths"]["/v1/{project_id}/things"]["post"];
        post["consumes"] = json!(["application/xml"]);
        post["produces"] = json!(["text/csv"]);
        let draft = convert("CreateThing.json", &json, &FACTS);
        assert!(
            draft
                .unsupported
                .iter()
                .any(|r| r.contains("`application/xml`")),
            "{:?}",
            draft.unsupported
        );
        assert!(
            draft
                .unsupported
                .iter()
                .any(|r| r.contains("`text/csv` but not a file")),
            "{:?}",
            draft.unsupported
        );
    }
}
