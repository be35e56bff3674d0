//! A read page turned into an operation spec: the rules both vendors share about types,
//! constraints, value sets, body types, schema names and the parameters the client supplies.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

use super::describe::{self, Described};
use super::model::{Page, Row, Table};
use super::report::Finding;
use super::types;
use crate::load::model::{
    EnumValueSpec, FieldSpec, ManagedBy, OperationFile, ParameterLocation, RequestBodySpec,
    ResponseBodySpec, ResponseSpec, SchemaSpec, ServiceFile, SourceSpec, Vendor,
};
use crate::resolve::type_expr;

/// The description an Alibaba success body gets when the page shows `{}` and no table.
pub const EMPTY_OBJECT: &str = "The response is an empty JSON object.";

struct Context<'a> {
    service: &'a ServiceFile,
    operation: &'a str,
    /// Schemas defined so far for this operation, in order.
    schemas: Vec<SchemaSpec>,
    findings: Vec<Finding>,
}

/// The spec of `page`, the operation named `operation`; `None` (with findings) when the page
/// lacks what every spec needs (its request line).
pub fn assemble(
    mut page: Page,
    service: &ServiceFile,
    operation: &str,
) -> (Option<OperationFile>, Vec<Finding>) {
    let mut context = Context {
        service,
        operation,
        schemas: Vec::new(),
        findings: Vec::new(),
    };
    let Some((_, method, path)) = page.request_line.clone() else {
        context.findings.push(Finding::new(
            0,
            "the page has no request line (METHOD /path)",
        ));
        return (None, context.findings);
    };
    name_field_tables(&mut page, operation);
    // A row without a usable name (a table cut short, a cell lost) cannot become a
    // parameter: it is left out rather than sent under a guessed name.
    page.parameters.retain(|(_, row)| {
        let usable = !row.name.is_empty() && !row.name.contains(['{', '}', ' ', '/']);
        if !usable {
            context.findings.push(Finding::new(
                row.line,
                format!(
                    "a parameter row without a usable name ({:?}); left out",
                    row.name
                ),
            ));
        }
        usable
    });
    let parameters: Vec<FieldSpec> = page
        .parameters
        .iter()
        .map(|(location, row)| {
            let mut field = context.field(row, Some(*location));
            field.managed = managed(service.vendor, *location, &row.name);
            field
        })
        .collect();
    let content_type_required = page.parameters.iter().any(|(l, r)| {
        *l == ParameterLocation::Header && r.name == "Content-Type" && r.required == Some(true)
    });
    let request_body = page.request_body.as_ref().map(|table| {
        let any_required = table.rows.iter().any(|r| r.required == Some(true));
        match context.service_schema_matching(table) {
            Some(name) => RequestBodySpec {
                type_expr: name,
                required: any_required,
                content_type: "application/json".to_owned(),
                description: None,
            },
            None => {
                let name = format!("{operation}RequestBody");
                context.object_schema(&name, table, None);
                RequestBodySpec {
                    type_expr: name,
                    required: any_required || content_type_required,
                    content_type: "application/json".to_owned(),
                    description: None,
                }
            }
        }
    });
    let request_body_type = request_body.as_ref().map(|b| b.type_expr.clone());
    let mut responses = context.responses(&page);
    if page.response_as_request {
        // "For the description about response parameters, see Request": the success body is
        // the request body's type.
        if let (Some(success), Some(type_expr)) = (
            responses
                .iter_mut()
                .find(|r| (200..300).contains(&r.status) && r.body.is_none()),
            request_body_type,
        ) {
            success.body = Some(ResponseBodySpec::json(type_expr, None));
        }
    }
    let first_success = responses
        .iter()
        .map(|r| r.status)
        .find(|s| (200..300).contains(s));
    let mut examples = page.examples.clone();
    examples.retain_mut(|example| {
        if example.kind != crate::load::model::ExampleKind::Response || example.status.is_some() {
            return true;
        }
        example.status = first_success;
        if first_success.is_none() {
            context.findings.push(Finding::new(
                0,
                "an example response, but no success status to put it under; left out",
            ));
        }
        first_success.is_some()
    });
    for table in &page.objects {
        if let Some(name) = &table.name {
            if !context.service_has(name) {
                context.object_schema(name, table, None);
            }
        }
    }
    let operation_file = OperationFile {
        operation: operation.to_owned(),
        source: SourceSpec {
            page: page.source_page.clone().unwrap_or_else(|| {
                format!("{} API reference: {operation}", product(&service.title))
            }),
            updated: page.updated.clone(),
            refines: None,
        },
        title: page.title.clone().unwrap_or_else(|| operation.to_owned()),
        description: page.description.clone(),
        notes: page.notes.clone(),
        method,
        group: match service.vendor {
            Vendor::Kubernetes => kubernetes_group(&path),
            _ => None,
        },
        path,
        idempotent: None,
        permissions: page.permissions.clone(),
        parameters,
        request_body,
        responses,
        examples,
        schemas: std::mem::take(&mut context.schemas),
    };
    context.check_references(&operation_file, &page);
    context.check_path(&operation_file, &page);
    (Some(operation_file), context.findings)
}

/// Older pages describe a nested object in a table captioned after its field (`Table 3 Data
/// structure of the spec field`) and give the row that holds it the type word `Table 3`: the
/// table becomes the schema `<Operation><Field>` (`CreateCoreV1NamespaceSpec`), and every row
/// that names its number has that type. A number no table of the page has stays as it is, and
/// is reported as an unknown type word.
fn name_field_tables(page: &mut Page, operation: &str) {
    let mut named = std::collections::BTreeMap::new();
    for table in &mut page.objects {
        if let (Some(field), Some(number), None) = (&table.field, table.number, &table.name) {
            let name = format!("{operation}{}", field.to_upper_camel_case());
            table.name = Some(name.clone());
            named.insert(number, name);
        }
    }
    let rows = page
        .parameters
        .iter_mut()
        .map(|(_, row)| row)
        .chain(page.request_body.iter_mut().flat_map(|t| t.rows.iter_mut()))
        .chain(page.objects.iter_mut().flat_map(|t| t.rows.iter_mut()))
        .chain(
            page.response_bodies
                .iter_mut()
                .flat_map(|b| b.body.iter_mut().flat_map(|t| t.rows.iter_mut())),
        );
    for row in rows {
        if let Some(name) = types::table_reference(&row.type_word).and_then(|n| named.get(&n)) {
            row.type_word = format!("{name} object");
        }
    }
}

/// The product a service title names, without its abbreviation: `Container Service for
/// Kubernetes (ACK)` is `Container Service for Kubernetes`.
fn product(title: &str) -> &str {
    match title.rfind(" (") {
        Some(at) if title.ends_with(')') => &title[..at],
        _ => title,
    }
}

/// Whether `part` is `whole` with some items left out, in the same order.
fn is_subsequence(part: &[&str], whole: &[&str]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|item| rest.any(|w| w == item))
}

/// The API group and version of a Kubernetes operation, as its path states them
/// (`/apis/rbac.authorization.k8s.io/v1/...` -> `rbac-authorization-v1`, `/api/v1/...` ->
/// `core-v1`), spelled as the OpenAPI document's tags are (`rbacAuthorization_v1`) in kebab
/// case; `None` for a path outside a group and version.
fn kubernetes_group(path: &str) -> Option<String> {
    use heck::ToKebabCase;
    let mut segments = path.trim_start_matches('/').split('/');
    let (group, version) = match segments.next()? {
        "api" => ("core".to_owned(), segments.next()?),
        "apis" => {
            let group = segments.next()?;
            let short = group.strip_suffix(".k8s.io").unwrap_or(group);
            (short.replace('.', "-").to_kebab_case(), segments.next()?)
        }
        _ => return None,
    };
    let versioned = version
        .strip_prefix('v')
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    versioned.then(|| format!("{group}-{version}"))
}

/// Parameters the client fills in itself, by their documented names.
fn managed(vendor: Vendor, location: ParameterLocation, name: &str) -> Option<ManagedBy> {
    match (vendor, location, name) {
        (Vendor::Huawei, ParameterLocation::Path, "project_id") => Some(ManagedBy::Project),
        (_, ParameterLocation::Header, "X-Auth-Token") => Some(ManagedBy::Auth),
        (_, ParameterLocation::Header, "Content-Type") => Some(ManagedBy::ContentType),
        _ => None,
    }
}

impl Context<'_> {
    fn service_has(&self, name: &str) -> bool {
        self.service.schemas.iter().any(|s| s.name == name)
    }

    /// The schema of service.yaml whose properties are exactly the table's rows, by name and
    /// order: the page repeats a shared object (an error body, Kubernetes' Status) inline.
    /// Failing that, the schema of an API whose types are kept by package that has every row
    /// of the table in the table's order and the fewest properties besides: a page written for
    /// an older version of the object, which has gained properties since (Kubernetes'
    /// `DeleteOptions`).
    fn service_schema_matching(&self, table: &Table) -> Option<String> {
        let names: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
        fn properties(schema: &SchemaSpec) -> Vec<&str> {
            schema
                .properties
                .iter()
                .flatten()
                .map(|p| p.name.as_str())
                .collect()
        }
        let exact = self.service.schemas.iter().find(|schema| {
            let own = properties(schema);
            !own.is_empty() && own == names
        });
        if let Some(schema) = exact {
            return Some(schema.name.clone());
        }
        if !self.service.types_by_package || names.len() < 2 {
            return None;
        }
        self.service
            .schemas
            .iter()
            .filter(|schema| is_subsequence(&names, &properties(schema)))
            .min_by_key(|schema| properties(schema).len())
            .map(|schema| schema.name.clone())
    }

    /// The service's error body, where an error status's table lists some of its properties,
    /// the code and the message among them: pages often leave out the fields a service adds
    /// to its errors later (CCE's `encoded_authorization_message`).
    fn error_body_matching(&self, table: &Table) -> Option<String> {
        let errors = &self.service.errors;
        let schema = self
            .service
            .schemas
            .iter()
            .find(|s| s.name == errors.body)?;
        let known: Vec<&str> = schema
            .properties
            .iter()
            .flatten()
            .map(|p| p.name.as_str())
            .collect();
        let names: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
        let subset = names.iter().all(|n| known.contains(n));
        (subset
            && names.contains(&errors.code.as_str())
            && names.contains(&errors.message.as_str()))
        .then(|| schema.name.clone())
    }

    /// Adds a schema, once: a second identical definition is the page repeating a table; a
    /// different one under the same name is a finding.
    fn add_schema(&mut self, schema: SchemaSpec, line: usize) {
        match self.schemas.iter().find(|s| s.name == schema.name) {
            Some(existing) if *existing == schema => {}
            Some(_) => self.findings.push(Finding::new(
                line,
                format!("a second, different table for {:?}", schema.name),
            )),
            None => self.schemas.push(schema),
        }
    }

    fn object_schema(&mut self, name: &str, table: &Table, description: Option<String>) {
        let properties = table.rows.iter().map(|row| self.field(row, None)).collect();
        self.add_schema(
            SchemaSpec {
                name: name.to_owned(),
                description,
                rust_name: None,
                properties: Some(properties),
                values: None,
                alias: None,
            },
            table.line,
        );
    }

    /// One row as a parameter (`location`) or a property.
    fn field(&mut self, row: &Row, location: Option<ParameterLocation>) -> FieldSpec {
        let lines: Vec<&str> = row.description.iter().map(String::as_str).collect();
        let described = describe::huawei_cell(&lines);
        let mut type_expr = match types::map(&row.type_word) {
            Some(type_expr) => type_expr,
            None => {
                self.findings.push(Finding::new(
                    row.line,
                    format!(
                        "unknown type word {:?} of {:?}; typed as json",
                        row.type_word, row.name
                    ),
                ));
                "json".to_owned()
            }
        };
        let all_text = [
            &described.description,
            &described.constraints,
            &described.range,
            &row.value_range,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
        let mut field = FieldSpec {
            name: row.name.clone(),
            location,
            required: row.required.unwrap_or(false),
            example: row.example.clone(),
            ..FieldSpec::default()
        };
        let Described {
            description,
            constraints,
            range,
            default,
            deprecated,
            minimum,
            maximum,
        } = described;
        // A value list: after a marker ("Valid values:"), as the Options block's bullets, or
        // as the description's bullets (`• zh_CN: Chinese`). The parameters the client
        // supplies (`Content-Type`, `X-Auth-Token`) keep their type.
        let supplied =
            location.is_some_and(|l| managed(self.service.vendor, l, &row.name).is_some());
        let values = describe::enumeration(&all_text)
            .or_else(|| range.as_deref().and_then(describe::bullet_values))
            .or_else(|| description.as_deref().and_then(describe::described_values))
            .filter(|_| !supplied);
        if matches!(type_expr.as_str(), "string" | "array<string>") {
            if let Some(values) = values {
                let name = row.name.to_upper_camel_case();
                if !self.service_has(&name) {
                    self.add_schema(
                        SchemaSpec {
                            name: name.clone(),
                            description: None,
                            rust_name: None,
                            properties: None,
                            values: Some(
                                values
                                    .into_iter()
                                    .map(|(value, description)| EnumValueSpec {
                                        value,
                                        description,
                                        rust_name: None,
                                    })
                                    .collect(),
                            ),
                            alias: None,
                        },
                        row.line,
                    );
                }
                type_expr = if type_expr == "string" {
                    name
                } else {
                    format!("array<{name}>")
                };
            }
        }
        if type_expr == "string" {
            let lengths = describe::lengths(&all_text);
            field.min_length = lengths.min.or(minimum.and_then(|m| u64::try_from(m).ok()));
            field.max_length = lengths.max.or(maximum.and_then(|m| u64::try_from(m).ok()));
        } else if matches!(type_expr.as_str(), "integer" | "long" | "number") {
            let (low, high) = describe::bounds(&all_text);
            field.minimum = minimum.or(low).or_else(|| describe::minimum(&all_text));
            field.maximum = maximum.or(high);
        }
        field.default = default.or_else(|| describe::default_in_prose(&all_text));
        field.type_expr = type_expr;
        field.description = description;
        field.constraints = constraints;
        field.range = range.or_else(|| row.value_range.clone());
        field.deprecated = deprecated;
        field
    }

    fn responses(&mut self, page: &Page) -> Vec<ResponseSpec> {
        let mut statuses = page.statuses.clone();
        for block in &page.response_bodies {
            if !statuses.iter().any(|s| s.status == block.status) {
                if !page.statuses.is_empty() {
                    self.findings.push(Finding::new(
                        block.line,
                        format!("status {} is not in the Status Codes table", block.status),
                    ));
                }
                statuses.push(block.clone());
            }
        }
        if let Some(success) = &page.implicit_success {
            if !statuses.iter().any(|s| s.status == success.status) {
                statuses.insert(0, success.clone());
            }
        }
        if statuses.is_empty() {
            self.findings
                .push(Finding::new(0, "the page documents no status code"));
        }
        let first_success = statuses
            .iter()
            .map(|s| s.status)
            .find(|s| (200..300).contains(s));
        let mut named_bodies: Vec<(Table, String)> = Vec::new();
        let mut responses = Vec::new();
        for status in &statuses {
            let block = page
                .response_bodies
                .iter()
                .find(|b| b.status == status.status);
            let description = status
                .description
                .clone()
                .or_else(|| block.and_then(|b| b.description.clone()))
                .unwrap_or_default();
            let body = match block.and_then(|b| b.body.as_ref()) {
                Some(table) => {
                    Some(self.body_type(table, status.status, first_success, &mut named_bodies))
                }
                None if page.empty_object_response && Some(status.status) == first_success => {
                    let name = format!("{}Response", self.operation);
                    self.add_schema(
                        SchemaSpec {
                            name: name.clone(),
                            description: Some(EMPTY_OBJECT.to_owned()),
                            rust_name: None,
                            properties: Some(Vec::new()),
                            values: None,
                            alias: None,
                        },
                        status.line,
                    );
                    Some(ResponseBodySpec::json(name, None))
                }
                None => None,
            };
            responses.push(ResponseSpec {
                status: status.status,
                description,
                body,
            });
        }
        responses
    }

    /// The type of a response body table: a bare value (`[items]`, `-`), a schema of
    /// service.yaml, or a schema of this operation named after it.
    fn body_type(
        &mut self,
        table: &Table,
        status: u16,
        first_success: Option<u16>,
        named: &mut Vec<(Table, String)>,
    ) -> ResponseBodySpec {
        if let [row] = table.rows.as_slice() {
            if row.name == "[items]" || row.name == "-" {
                let field = self.field(row, None);
                return ResponseBodySpec::json(field.type_expr, field.description);
            }
        }
        if status >= 400 {
            if let Some(name) = self.error_body_matching(table) {
                return ResponseBodySpec::json(name, None);
            }
        }
        if let Some(name) = self.service_schema_matching(table) {
            return ResponseBodySpec::json(name, None);
        }
        let same_rows = |a: &Table, b: &Table| {
            a.rows
                .iter()
                .map(|r| (&r.name, &r.type_word, &r.description))
                .eq(b
                    .rows
                    .iter()
                    .map(|r| (&r.name, &r.type_word, &r.description)))
        };
        if let Some((_, name)) = named.iter().find(|(t, _)| same_rows(t, table)) {
            return ResponseBodySpec::json(name.clone(), None);
        }
        let name = if Some(status) == first_success {
            format!("{}Response", self.operation)
        } else {
            format!("{}Response{status}", self.operation)
        };
        if table.items {
            // A JSON array of objects: the table's rows are each item's fields.
            let item = format!("{name}Item");
            self.object_schema(&item, table, None);
            let array = format!("array<{item}>");
            named.push((table.clone(), array.clone()));
            return ResponseBodySpec::json(array, None);
        }
        self.object_schema(&name, table, None);
        named.push((table.clone(), name.clone()));
        ResponseBodySpec::json(name, None)
    }

    /// The request line against the parameter tables: every placeholder needs its path
    /// parameter and every path parameter its placeholder, or the client would send a literal
    /// `{name}` (or drop the value).
    fn check_path(&mut self, operation: &OperationFile, page: &Page) {
        let line = page.request_line.as_ref().map_or(0, |(line, _, _)| *line);
        let placeholders: Vec<&str> = operation
            .path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        for name in &placeholders {
            let documented = operation
                .parameters
                .iter()
                .any(|p| p.location == Some(ParameterLocation::Path) && p.name == *name);
            if name.trim().is_empty() {
                self.findings
                    .push(Finding::new(line, "the path has an empty placeholder `{}`"));
            } else if !documented {
                self.findings.push(Finding::new(
                    line,
                    format!(
                        "the path's placeholder {{{name}}} has no row in a path parameter table"
                    ),
                ));
            }
        }
        for (location, row) in &page.parameters {
            if *location == ParameterLocation::Path && !placeholders.contains(&row.name.as_str()) {
                self.findings.push(Finding::new(
                    row.line,
                    format!(
                        "the path parameter {:?} has no placeholder in the request line",
                        row.name
                    ),
                ));
            }
        }
        if !operation
            .responses
            .iter()
            .any(|r| (200..300).contains(&r.status))
        {
            self.findings.push(Finding::new(
                0,
                "the page documents no success (2xx) status",
            ));
        }
    }

    /// Every schema a type names is a table of the page, a value set, or a schema of
    /// service.yaml.
    fn check_references(&mut self, operation: &OperationFile, page: &Page) {
        let defined: BTreeSet<&str> = operation
            .schemas
            .iter()
            .map(|s| s.name.as_str())
            .chain(self.service.schemas.iter().map(|s| s.name.as_str()))
            .collect();
        let rows = page
            .parameters
            .iter()
            .map(|(_, r)| r)
            .chain(page.request_body.iter().flat_map(|t| &t.rows))
            .chain(page.objects.iter().flat_map(|t| &t.rows))
            .chain(
                page.response_bodies
                    .iter()
                    .flat_map(|b| b.body.iter().flat_map(|t| &t.rows)),
            );
        let used: Vec<(String, usize)> = rows
            .filter_map(|row| Some((types::map(&row.type_word)?, row.line)))
            .flat_map(|(type_expr, line)| {
                type_expr::schema_names(&type_expr)
                    .into_iter()
                    .map(move |name| (name, line))
            })
            .collect();
        for (name, line) in used {
            if !defined.contains(name.as_str()) {
                self.findings.push(Finding::new(
                    line,
                    format!("type {name:?} has no table on the page and no schema in service.yaml"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kubernetes_path_names_its_group_and_version() {
        let group = |path| kubernetes_group(path);
        assert_eq!(
            group("/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings/{name}")
                .as_deref(),
            Some("rbac-authorization-v1")
        );
        assert_eq!(
            group("/api/v1/namespaces/{namespace}/pods").as_deref(),
            Some("core-v1")
        );
        assert_eq!(
            group("/apis/apps/v1/deployments").as_deref(),
            Some("apps-v1")
        );
        assert_eq!(
            group("/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas").as_deref(),
            Some("flowcontrol-apiserver-v1")
        );
        assert_eq!(group("/apis/apps/"), None);
        assert_eq!(group("/version/"), None);
        assert_eq!(group("/v3/projects/{project_id}/clusters"), None);
    }

    #[test]
    fn a_table_may_leave_out_properties_but_not_reorder_them() {
        assert!(is_subsequence(&["a", "c"], &["a", "b", "c"]));
        assert!(!is_subsequence(&["c", "a"], &["a", "b", "c"]));
        assert!(!is_subsequence(&["a", "d"], &["a", "b", "c"]));
    }
}
