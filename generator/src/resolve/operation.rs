//! One operation file: parameters, body and responses checked and resolved.

use std::collections::{BTreeMap, HashSet};

use super::model::{
    Checks, ErrorBody, HttpMethod, Location, Operation, Output, Parameter, Permission,
    QueryEncoding, ReplyBody, RequestBody, ResourceType, StatusDoc, StatusVariant, Supplier,
    TypeRef,
};
use super::schema::{field_docs, field_rust_name, SchemaTable};
use super::{naming, placeholders, source_name, Report};
use crate::load::locations::NodePath;
use crate::load::model::{
    ExampleKind, FieldSpec, ManagedBy, OperationFile, ParameterLocation, QueryStyle,
    ResponseBodySpec,
};
use crate::load::{Parsed, ServiceSources};

/// Names the service module itself defines, which no operation may take.
const SERVICE_MODULE_NAMES: &[&str] = &["Client", "Error", "SERVICE"];
/// Fields and methods every request builder has.
const BUILDER_MEMBERS: &[&str] = &["client", "call_options", "send"];

pub(crate) fn resolve(
    file: &Parsed<OperationFile>,
    source: &ServiceSources,
    schemas: &SchemaTable<'_>,
    error_body: Option<&ErrorBody>,
    report: &mut Report<'_, OperationFile>,
) -> Option<Operation> {
    let spec = &file.value;
    let root = NodePath::root();
    let before = report.problems.len();

    let expected_file = format!("{}.yaml", spec.operation);
    let file_name = file
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if file_name != expected_file {
        report.error(
            &root.key("operation"),
            format!(
                "the operation `{}` belongs in a file named `{expected_file}`",
                spec.operation
            ),
        );
    }
    let feature = spec.group.as_ref().map(|group| {
        let valid = !group.is_empty()
            && group
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            report.error(
                &root.key("group"),
                format!("the group `{group}` must be lower-case letters, digits and `-`, as it becomes a cargo feature"),
            );
        }
        format!("{}-{group}", naming::service_feature(&source.service.value))
    });
    let fn_name = naming::snake(&spec.operation);
    let builder_name = naming::camel(&spec.operation);
    if fn_name == "types" || SERVICE_MODULE_NAMES.contains(&builder_name.as_str()) {
        report.error(
            &root.key("operation"),
            format!(
                "the operation name `{}` is taken by the generated service module",
                spec.operation
            ),
        );
    }
    if schemas.has_rust_name(&builder_name) {
        report.error(
            &root.key("operation"),
            format!(
                "the operation `{}` and a schema both become the Rust type `{builder_name}`",
                spec.operation
            ),
        );
    }
    if !spec.path.starts_with('/') {
        report.error(&root.key("path"), "the path must start with `/`");
    }

    let method = match spec.method {
        crate::load::model::HttpMethod::Get => HttpMethod::Get,
        crate::load::model::HttpMethod::Post => HttpMethod::Post,
        crate::load::model::HttpMethod::Put => HttpMethod::Put,
        crate::load::model::HttpMethod::Patch => HttpMethod::Patch,
        crate::load::model::HttpMethod::Delete => HttpMethod::Delete,
        crate::load::model::HttpMethod::Head => HttpMethod::Head,
        crate::load::model::HttpMethod::Options => HttpMethod::Options,
    };
    let parameters = resolve_parameters(spec, schemas, report);
    let body = spec.request_body.as_ref().and_then(|body| {
        match schemas.resolve_body_type(&body.type_expr) {
            Ok(ty) => Some(RequestBody {
                media_type: (ty != TypeRef::Patch
                    && body.content_type != "application/json"
                    && is_json_media_type(&body.content_type))
                .then(|| body.content_type.clone()),
                ty,
                required: body.required,
                description: body.description.clone(),
                checks: Checks::default(),
            }),
            Err(message) => {
                report.error(&root.key("request_body").key("type"), message);
                None
            }
        }
    });
    if body.is_some() && parameters.iter().any(|p| p.location == Location::Form) {
        report.error(
            &root.key("request_body"),
            "the operation has form parameters, which are its body; it cannot also have a `request_body`",
        );
    }
    let mut builder_members: BTreeMap<&str, &str> = BUILDER_MEMBERS
        .iter()
        .map(|m| (*m, "the builder"))
        .collect();
    if body.is_some() {
        builder_members.insert("body", "the request body");
    }
    for (index, parameter) in parameters.iter().enumerate() {
        if parameter.supplier == Supplier::Credentials
            || parameter.supplier == Supplier::BodyEncoding
        {
            continue;
        }
        if let Some(owner) =
            builder_members.insert(naming::bare(&parameter.rust_name), &parameter.wire_name)
        {
            report.error(
                &root.key("parameters").index(index).key("name"),
                format!(
                    "the parameter `{}` becomes the builder member `{}`, which {owner} already uses; give it a `rust_name`",
                    parameter.wire_name, parameter.rust_name
                ),
            );
        }
    }
    let (output, errors) = resolve_responses(spec, &builder_name, schemas, error_body, report);
    check_examples(spec, report);

    if report.problems.len() > before {
        return None;
    }
    Some(Operation {
        name: spec.operation.clone(),
        fn_name,
        builder_name,
        title: spec.title.clone(),
        description: spec.description.clone(),
        notes: spec.notes.clone(),
        method,
        path: spec.path.clone(),
        idempotent: spec.idempotent.unwrap_or(matches!(
            method,
            HttpMethod::Get | HttpMethod::Head | HttpMethod::Put | HttpMethod::Delete
        )),
        permissions: spec
            .permissions
            .iter()
            .map(|p| Permission {
                action: p.action.clone(),
                access_level: p.access_level.clone(),
                resource_types: p
                    .resource_types
                    .iter()
                    .map(|r| ResourceType {
                        name: r.name.clone(),
                        required: r.required,
                        pattern: r.pattern.clone(),
                    })
                    .collect(),
                condition_keys: p.condition_keys.clone(),
                dependencies: p.dependencies.clone(),
            })
            .collect(),
        parameters,
        body,
        output: output?,
        errors,
        source: source_name(&source.service_dir, &format!("operations/{file_name}")),
        feature,
        paging: None,
        waiters: Vec::new(),
    })
}

fn resolve_parameters(
    spec: &OperationFile,
    schemas: &SchemaTable<'_>,
    report: &mut Report<'_, OperationFile>,
) -> Vec<Parameter> {
    let mut parameters = Vec::new();
    let mut seen = HashSet::new();
    let path_placeholders = placeholders(&spec.path);
    for (index, field) in spec.parameters.iter().enumerate() {
        let at = NodePath::root().key("parameters").index(index);
        if let Some(parameter) = resolve_parameter(field, &at, schemas, report) {
            let key = match parameter.location {
                Location::Header => (parameter.location, parameter.wire_name.to_ascii_lowercase()),
                location => (location, parameter.wire_name.clone()),
            };
            if !seen.insert(key) {
                report.error(
                    &at.key("name"),
                    format!("the parameter `{}` is listed twice", parameter.wire_name),
                );
                continue;
            }
            if parameter.location == Location::Path
                && !path_placeholders.contains(&parameter.wire_name)
            {
                report.error(
                    &at.key("name"),
                    format!(
                        "the path parameter `{}` has no `{{{}}}` placeholder in the path `{}`",
                        parameter.wire_name, parameter.wire_name, spec.path
                    ),
                );
            }
            parameters.push(parameter);
        }
    }
    for placeholder in &path_placeholders {
        let declared = spec
            .parameters
            .iter()
            .any(|p| p.location == Some(ParameterLocation::Path) && &p.name == placeholder);
        if !declared {
            report.error(
                &NodePath::root().key("path"),
                format!("the placeholder `{{{placeholder}}}` in the path has no path parameter"),
            );
        }
    }
    parameters
}

fn resolve_parameter(
    field: &FieldSpec,
    at: &NodePath,
    schemas: &SchemaTable<'_>,
    report: &mut Report<'_, OperationFile>,
) -> Option<Parameter> {
    let Some(location) = field.location else {
        report.error(
            at,
            format!(
                "the parameter `{}` needs `in`: path, query, header or form",
                field.name
            ),
        );
        return None;
    };
    let location = match location {
        ParameterLocation::Path => Location::Path,
        ParameterLocation::Query => Location::Query,
        ParameterLocation::Header => Location::Header,
        ParameterLocation::Form => Location::Form,
    };
    if !field.aliases.is_empty() {
        report.error(
            &at.key("aliases"),
            "`aliases` is for object properties, not parameters",
        );
    }
    let supplier = match (field.managed, location) {
        (None, _) => Supplier::Caller,
        (Some(ManagedBy::Project), Location::Path) => Supplier::CallerOrProject,
        (Some(ManagedBy::Auth), Location::Header) => Supplier::Credentials,
        (Some(ManagedBy::ContentType), Location::Header) => Supplier::BodyEncoding,
        (Some(managed), _) => {
            let (name, wanted) = match managed {
                ManagedBy::Project => ("project", "path"),
                ManagedBy::Auth => ("auth", "header"),
                ManagedBy::ContentType => ("content-type", "header"),
            };
            report.error(
                &at.key("managed"),
                format!(
                    "`managed: {name}` is for {wanted} parameters; `{}` is not one",
                    field.name
                ),
            );
            return None;
        }
    };
    if location == Location::Path && !field.required {
        report.error(
            &at.key("required"),
            format!("the path parameter `{}` must be required", field.name),
        );
    }
    let rust_name = match field_rust_name(field) {
        Ok(name) => name,
        Err(message) => {
            report.error(&at.key("rust_name"), message);
            return None;
        }
    };
    let resolved = match location {
        Location::Form => schemas.resolve_payload_type(&field.type_expr),
        _ => schemas.resolve_type(&field.type_expr),
    };
    let ty = match resolved {
        Ok(ty) => ty,
        Err(message) => {
            report.error(&at.key("type"), message);
            return None;
        }
    };
    let is_scalar = |ty: &TypeRef| match ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => true,
        TypeRef::Named(name) => schemas.is_enum(name),
        TypeRef::IntOrString => true,
        TypeRef::Json | TypeRef::Binary | TypeRef::Patch | TypeRef::Array(_) | TypeRef::Map(_) => {
            false
        }
    };
    let encoding = match (field.style, location) {
        (None, _) => QueryEncoding::Repeated,
        (Some(QueryStyle::Json), Location::Query) => QueryEncoding::Json,
        (Some(QueryStyle::Simple), Location::Query) => QueryEncoding::Comma,
        (Some(_), _) => {
            report.error(&at.key("style"), "`style` is for query parameters");
            return None;
        }
    };
    let fits = match (&location, &ty) {
        // Any value serializes as JSON text.
        _ if encoding == QueryEncoding::Json => true,
        (Location::Query, TypeRef::Array(item)) => is_scalar(item),
        (Location::Query, _) if encoding == QueryEncoding::Comma => false,
        (Location::Form, TypeRef::Binary) => true,
        (_, ty) => is_scalar(ty),
    };
    if !fits {
        report.error(
            &at.key("type"),
            format!(
                "a {} parameter must be a string, number, boolean or enum{}",
                match location {
                    Location::Path => "path",
                    Location::Query => "query",
                    Location::Header => "header",
                    Location::Form => "form",
                },
                match location {
                    Location::Query => ", or an array of those",
                    Location::Form => ", or `binary` for a file",
                    _ => "",
                }
            ),
        );
    }
    for (key, message) in schemas.check_facts(field, &ty, true) {
        report.error(&at.key(key), message);
    }
    Some(Parameter {
        wire_name: field.name.clone(),
        rust_name,
        location,
        encoding,
        ty,
        required: field.required,
        supplier,
        docs: field_docs(field),
        checks: Checks::default(),
    })
}

fn resolve_responses(
    spec: &OperationFile,
    builder_name: &str,
    schemas: &SchemaTable<'_>,
    error_body: Option<&ErrorBody>,
    report: &mut Report<'_, OperationFile>,
) -> (Option<Output>, Vec<StatusDoc>) {
    let mut success = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (index, response) in spec.responses.iter().enumerate() {
        let at = NodePath::root().key("responses").index(index);
        if !(100..=599).contains(&response.status) {
            report.error(
                &at.key("status"),
                format!("`{}` is not an HTTP status", response.status),
            );
            continue;
        }
        if !seen.insert(response.status) {
            report.error(
                &at.key("status"),
                format!("the status {} is listed twice", response.status),
            );
            continue;
        }
        let doc = StatusDoc {
            status: response.status,
            description: response.description.clone(),
        };
        if (200..300).contains(&response.status) {
            let body = response
                .body
                .as_ref()
                .and_then(|body| reply_body(body, &at.key("body"), schemas, report));
            success.push((doc, body));
            continue;
        }
        let ty =
            response
                .body
                .as_ref()
                .and_then(|body| match schemas.resolve_type(&body.type_expr) {
                    Ok(ty) => Some(ty),
                    Err(message) => {
                        report.error(&at.key("body").key("type"), message);
                        None
                    }
                });
        if let (Some(TypeRef::Named(name)), Some(error_body)) = (&ty, error_body) {
            if *name != error_body.type_name {
                report.error(
                    &at.key("body").key("type"),
                    format!(
                        "the error bodies of a service share one type, `{}` (service.yaml `errors.body`); this one is `{name}`",
                        error_body.type_name
                    ),
                );
            }
        } else if ty.is_some() {
            report.error(
                &at.key("body").key("type"),
                "an error body must be the service's error body schema",
            );
        }
        errors.push(doc);
    }
    let output = match success.len() {
        0 => {
            report.error(
                &NodePath::root().key("responses"),
                "an operation needs at least one 2xx response",
            );
            None
        }
        1 => success
            .pop()
            .map(|(status, body)| Output::Single { status, body }),
        _ => {
            let enum_name = format!("{builder_name}Response");
            if schemas.has_rust_name(&enum_name) {
                report.error(
                    &NodePath::root().key("responses"),
                    format!("the response type `{enum_name}` of this operation is also the name of a schema"),
                );
            }
            Some(Output::ByStatus {
                enum_name,
                variants: success
                    .into_iter()
                    .map(|(status, body)| StatusVariant {
                        variant: status_variant(status.status),
                        status,
                        body,
                    })
                    .collect(),
            })
        }
    };
    (output, errors)
}

/// How a success reply's body is read: JSON into a type, or raw bytes for `binary`.
fn reply_body(
    body: &ResponseBodySpec,
    at: &NodePath,
    schemas: &SchemaTable<'_>,
    report: &mut Report<'_, OperationFile>,
) -> Option<ReplyBody> {
    let ty = match schemas.resolve_payload_type(&body.type_expr) {
        Ok(ty) => ty,
        Err(message) => {
            report.error(&at.key("type"), message);
            return None;
        }
    };
    if ty == TypeRef::Binary {
        return Some(ReplyBody::Binary {
            content_type: body.content_type.clone(),
        });
    }
    if !is_json_media_type(&body.content_type) {
        report.error(
            &at.key("content_type"),
            format!(
                "a reply in `{}` is not JSON, so it can only be read as `binary`, not `{}`",
                body.content_type, body.type_expr
            ),
        );
        return None;
    }
    Some(ReplyBody::Json(ty))
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json_media_type(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The variant name for a success status: its reason phrase.
fn status_variant(status: u16) -> String {
    match status {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritativeInformation".to_owned(),
        204 => "NoContent".to_owned(),
        205 => "ResetContent".to_owned(),
        206 => "PartialContent".to_owned(),
        207 => "MultiStatus".to_owned(),
        other => format!("Status{other}"),
    }
}

fn check_examples(spec: &OperationFile, report: &mut Report<'_, OperationFile>) {
    for (index, example) in spec.examples.iter().enumerate() {
        let at = NodePath::root().key("examples").index(index);
        match (example.kind, example.status) {
            (ExampleKind::Response, None) => {
                report.error(&at, "a response example needs the `status` it belongs to")
            }
            (ExampleKind::Response, Some(status))
                if !spec.responses.iter().any(|r| r.status == status) =>
            {
                report.error(
                    &at.key("status"),
                    format!("the example's status {status} is not among the responses"),
                )
            }
            (ExampleKind::Request, Some(_)) => {
                report.error(&at.key("status"), "a request example has no status")
            }
            _ => {}
        }
    }
}
