//! Where a spec transcribed from a documentation page and the machine-readable definition of
//! the same operation disagree: a parameter, property or status only one of them lists, a
//! different type or required flag, a constraint (`pattern`, lengths, bounds, default, enum
//! values) only one states or that differs.
//!
//! Prose is not compared: the pages are English and the definitions Chinese.
//!
//! Each difference also says how the spec keeps the union of the two: the page's spec holds
//! what only the page states, the operation's supplement what only the definition states of its
//! constraints and the optional plain parameters only the definition lists; the rest (different
//! values, types or required flags, a required parameter or one of a schema type only the
//! definition lists) a person must settle, and until then the client follows the page.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use super::convert::{Draft, ServiceFacts};
use super::supplement::{self, Gatherer, Target, SUPPLEMENTS_DIR};
use super::{existing_operations, read_drafts, ImportError, DEFINITIONS_DIR, SOURCE_PREFIX};
use crate::load::model::{
    FieldSpec, OperationFile, ParameterLocation, SchemaSpec, ServiceFile, SupplementFile,
};
use crate::resolve::type_expr::{self, TypeExpr};

/// One disagreement between a page and a definition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The service folder (`huawei/cce`).
    pub service: String,
    pub operation: String,
    /// What differs: `parameters.cluster_id (path): pattern`.
    pub at: String,
    /// What the page says; `-` when it says nothing.
    pub page: String,
    /// What the definition says; `-` when it says nothing.
    pub definitions: String,
    /// How the spec keeps the union of both.
    pub union: Union,
}

/// How the spec keeps what both sources state, for one difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Union {
    /// Only the page states or lists it: the page's spec holds it.
    Page,
    /// Only the definition states this constraint or lists this optional parameter: the
    /// operation's supplement holds it.
    Supplement,
    /// Only the definition states or lists it, and the committed supplement lacks it:
    /// `cloudgen import-definitions` adds it.
    SupplementStale,
    /// The two state different things, or only the definition lists it: a person must settle
    /// it; until then the client follows the page.
    Settle,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let union = match self.union {
            Union::Page => "kept: the page's spec states it".to_owned(),
            Union::Supplement => format!(
                "kept: {SUPPLEMENTS_DIR}/{}.yaml adds it to the page's spec",
                self.operation
            ),
            Union::SupplementStale => format!(
                "missing: {SUPPLEMENTS_DIR}/{}.yaml lacks it; re-run `cloudgen import-definitions`",
                self.operation
            ),
            Union::Settle => {
                "to settle: the sources disagree; the client follows the page".to_owned()
            }
        };
        write!(
            f,
            "{} {}: {}\n    page:        {}\n    definitions: {}\n    union:       {union}",
            self.service, self.operation, self.at, self.page, self.definitions
        )
    }
}

/// The result for one service: the operations compared and their differences.
#[derive(Debug, Default)]
pub struct Comparison {
    pub compared: Vec<String>,
    pub differences: Vec<Difference>,
}

/// The result for one operation: its differences and the supplement it needs, if any.
#[derive(Debug, Default)]
pub struct Checked {
    pub differences: Vec<Difference>,
    pub supplement: Option<SupplementFile>,
}

/// Compares every page-transcribed operation of `service_dir` that has a definition file.
pub fn compare_service(specs: &Path, service_dir: &str) -> Result<Comparison, ImportError> {
    let root = specs.join(service_dir);
    let definitions = root.join(DEFINITIONS_DIR);
    let mut comparison = Comparison::default();
    if !definitions.is_dir() {
        return Ok(comparison);
    }
    let service_path = root.join("service.yaml");
    let service_text = std::fs::read_to_string(&service_path)
        .map_err(|e| ImportError(format!("{}: {e}", service_path.display())))?;
    let service: ServiceFile = serde_yaml::from_str(&service_text)
        .map_err(|e| ImportError(format!("{}: {e}", service_path.display())))?;
    let facts = ServiceFacts {
        error_body: &service.errors.body,
        error_code: &service.errors.code,
        error_message: &service.errors.message,
        request_id_header: service.request_id_header.as_deref(),
        endpoint: service.endpoint.template.as_deref(),
    };
    let pages: Vec<OperationFile> = existing_operations(&root.join("operations"))?
        .into_iter()
        .map(|existing| existing.spec)
        .filter(|op| !op.source.page.starts_with(SOURCE_PREFIX))
        .collect();
    if pages.is_empty() {
        return Ok(comparison);
    }
    let (drafts, _) = read_drafts(&definitions, &facts)?;
    for page in &pages {
        let Some(draft) = drafts
            .iter()
            .find(|d| d.operation.operation == page.operation)
        else {
            continue;
        };
        comparison.compared.push(page.operation.clone());
        let committed = supplement::read(&root, &page.operation)?;
        let checked = check_operation(service_dir, &service, page, draft, committed.as_ref());
        comparison.differences.extend(checked.differences);
    }
    comparison.differences.sort();
    Ok(comparison)
}

/// Compares the page-transcribed `page` with its definition `draft`: every difference, and the
/// supplement that completes the page with what only the definition states. `committed` is the
/// supplement on disk, against which each constraint only the definition states is told held
/// or missing.
pub fn check_operation(
    service_dir: &str,
    service: &ServiceFile,
    page: &OperationFile,
    draft: &Draft,
    committed: Option<&SupplementFile>,
) -> Checked {
    let mut differences = Vec::new();
    let mut checker = Checker {
        service: service_dir,
        operation: &page.operation,
        page_schemas: page
            .schemas
            .iter()
            .chain(&service.schemas)
            .map(|s| (s.name.as_str(), s))
            .collect(),
        definition_schemas: draft,
        visited: BTreeSet::new(),
        out: &mut differences,
        gatherer: Gatherer::default(),
        committed,
    };
    checker.operation(page, &draft.operation);
    let supplement = checker.gatherer.finish(page, &draft.file);
    differences.sort();
    Checked {
        differences,
        supplement,
    }
}

struct Checker<'a> {
    service: &'a str,
    operation: &'a str,
    page_schemas: BTreeMap<&'a str, &'a SchemaSpec>,
    definition_schemas: &'a Draft,
    visited: BTreeSet<(String, String)>,
    out: &'a mut Vec<Difference>,
    gatherer: Gatherer,
    committed: Option<&'a SupplementFile>,
}

const NOTHING: &str = "-";

impl Checker<'_> {
    /// A difference a person must settle.
    fn differ(
        &mut self,
        at: impl Into<String>,
        page: impl Into<String>,
        definitions: impl Into<String>,
    ) {
        self.differ_as(Union::Settle, at, page, definitions);
    }

    fn differ_as(
        &mut self,
        union: Union,
        at: impl Into<String>,
        page: impl Into<String>,
        definitions: impl Into<String>,
    ) {
        self.out.push(Difference {
            service: self.service.to_owned(),
            operation: self.operation.to_owned(),
            at: at.into(),
            page: page.into(),
            definitions: definitions.into(),
            union,
        });
    }

    fn operation(&mut self, page: &OperationFile, definition: &OperationFile) {
        if page.method != definition.method {
            self.differ(
                "method",
                format!("{:?}", page.method),
                format!("{:?}", definition.method),
            );
        }
        if page.path != definition.path {
            self.differ("path", &page.path, &definition.path);
        }
        let key = |p: &FieldSpec| {
            let location = p.location.map_or("?", ParameterLocation::as_str);
            let name = if location == "header" {
                p.name.to_ascii_lowercase()
            } else {
                p.name.clone()
            };
            (location, name)
        };
        let page_parameters: BTreeMap<_, _> = page.parameters.iter().map(|p| (key(p), p)).collect();
        let definition_parameters: BTreeMap<_, _> =
            definition.parameters.iter().map(|p| (key(p), p)).collect();
        for ((location, _), parameter) in &page_parameters {
            let at = format!("parameters.{} ({location})", parameter.name);
            let target = parameter.location.map(|location| Target::Parameter {
                name: parameter.name.clone(),
                location,
            });
            match definition_parameters.get(&(location, key(parameter).1)) {
                Some(other) => self.field(&at, target.as_ref(), parameter, other),
                None => self.differ_as(Union::Page, at, describe(parameter), "not listed"),
            }
        }
        for (k, parameter) in &definition_parameters {
            if page_parameters.contains_key(k) {
                continue;
            }
            let at = format!("parameters.{} ({})", parameter.name, k.0);
            if supplement::can_add(parameter) {
                self.gatherer.add_parameter(parameter);
                let held = self
                    .committed
                    .is_some_and(|file| supplement::adds(file, parameter));
                let union = if held {
                    Union::Supplement
                } else {
                    Union::SupplementStale
                };
                self.differ_as(union, at, "not listed", describe(parameter));
            } else {
                self.differ(at, "not listed", describe(parameter));
            }
        }
        match (&page.request_body, &definition.request_body) {
            (Some(a), Some(b)) => {
                if a.required != b.required {
                    self.differ(
                        "request body: required",
                        a.required.to_string(),
                        b.required.to_string(),
                    );
                }
                self.types("request body", &a.type_expr, &b.type_expr);
            }
            (Some(a), None) => self.differ_as(Union::Page, "request body", &a.type_expr, "none"),
            (None, Some(b)) => self.differ("request body", "none", &b.type_expr),
            (None, None) => {}
        }
        let statuses: BTreeSet<u16> = page
            .responses
            .iter()
            .chain(&definition.responses)
            .map(|r| r.status)
            .collect();
        for status in statuses {
            let a = page.responses.iter().find(|r| r.status == status);
            let b = definition.responses.iter().find(|r| r.status == status);
            let at = format!("responses.{status}");
            match (a, b) {
                (Some(a), Some(b)) => match (&a.body, &b.body) {
                    (Some(x), Some(y)) => {
                        self.types(&format!("{at} body"), &x.type_expr, &y.type_expr)
                    }
                    (Some(x), None) => {
                        self.differ_as(Union::Page, format!("{at} body"), &x.type_expr, "none")
                    }
                    (None, Some(y)) => self.differ(format!("{at} body"), "none", &y.type_expr),
                    (None, None) => {}
                },
                (Some(_), None) => self.differ_as(Union::Page, at, "listed", "not listed"),
                (None, Some(_)) => self.differ(at, "not listed", "listed"),
                (None, None) => {}
            }
        }
    }

    /// A parameter or property that both sources list; `target` names it for the supplement.
    fn field(
        &mut self,
        at: &str,
        target: Option<&Target>,
        page: &FieldSpec,
        definition: &FieldSpec,
    ) {
        if page.required != definition.required {
            self.differ(
                format!("{at}: required"),
                page.required.to_string(),
                definition.required.to_string(),
            );
        }
        let page_constraints = supplement::constraints(page);
        let definition_constraints = supplement::constraints(definition);
        let pairs = supplement::texts(&page_constraints)
            .into_iter()
            .zip(supplement::texts(&definition_constraints));
        for ((what, a), (_, b)) in pairs {
            let at = format!("{at}: {what}");
            match (a, b, target) {
                (a, b, _) if a == b => {}
                (Some(a), None, _) => self.differ_as(Union::Page, at, a, NOTHING),
                (None, Some(b), Some(target))
                    if self.gatherer.add(target, what, &definition_constraints) =>
                {
                    let held = self
                        .committed
                        .is_some_and(|file| supplement::holds(file, target, what, &b));
                    let union = if held {
                        Union::Supplement
                    } else {
                        Union::SupplementStale
                    };
                    self.differ_as(union, at, NOTHING, b);
                }
                (a, b, _) => self.differ(
                    at,
                    a.unwrap_or_else(|| NOTHING.to_owned()),
                    b.unwrap_or_else(|| NOTHING.to_owned()),
                ),
            }
        }
        self.types(at, &page.type_expr, &definition.type_expr);
    }

    /// Two type expressions, followed into the schemas they name.
    fn types(&mut self, at: &str, page: &str, definition: &str) {
        let (Ok(a), Ok(b)) = (type_expr::parse(page), type_expr::parse(definition)) else {
            if page != definition {
                self.differ(format!("{at}: type"), page, definition);
            }
            return;
        };
        self.exprs(at, &a, &b);
    }

    fn exprs(&mut self, at: &str, page: &TypeExpr, definition: &TypeExpr) {
        let page = self.unalias_page(page);
        let definition = self.unalias_definition(definition);
        match (&page, &definition) {
            (TypeExpr::Array(a), TypeExpr::Array(b)) => self.exprs(&format!("{at}[]"), a, b),
            (TypeExpr::Map(a), TypeExpr::Map(b)) => self.exprs(&format!("{at}{{}}"), a, b),
            (TypeExpr::Named(a), TypeExpr::Named(b)) => self.schemas(at, a, b),
            (a, b) if a == b => {}
            (a, b) => self.differ(
                format!("{at}: type"),
                self.shape_page(a),
                self.shape_definition(b),
            ),
        }
    }

    fn unalias_page(&self, expr: &TypeExpr) -> TypeExpr {
        unalias(expr, |name| self.page_schemas.get(name).copied())
    }

    fn unalias_definition(&self, expr: &TypeExpr) -> TypeExpr {
        unalias(expr, |name| self.definition_schemas.schemas.get(name))
    }

    fn shape_page(&self, expr: &TypeExpr) -> String {
        shape(expr, |name| self.page_schemas.get(name).copied())
    }

    fn shape_definition(&self, expr: &TypeExpr) -> String {
        shape(expr, |name| self.definition_schemas.schemas.get(name))
    }

    fn schemas(&mut self, at: &str, page: &str, definition: &str) {
        if !self
            .visited
            .insert((page.to_owned(), definition.to_owned()))
        {
            return;
        }
        let a = self.page_schemas.get(page).copied();
        let b = self.definition_schemas.schemas.get(definition).cloned();
        let (Some(a), Some(b)) = (a, b) else {
            return;
        };
        match (&a.properties, &b.properties, &a.values, &b.values) {
            (Some(x), Some(y), _, _) => {
                let y_by_name: BTreeMap<&str, &FieldSpec> =
                    y.iter().map(|f| (f.name.as_str(), f)).collect();
                let x_names: BTreeSet<&str> = x.iter().map(|f| f.name.as_str()).collect();
                for field in x {
                    let at = format!("{at}.{}", field.name);
                    let target = Target::Property {
                        schema: page.to_owned(),
                        name: field.name.clone(),
                    };
                    match y_by_name.get(field.name.as_str()) {
                        Some(other) => self.field(&at, Some(&target), field, other),
                        None => self.differ_as(Union::Page, at, describe(field), "not listed"),
                    }
                }
                for field in y {
                    if !x_names.contains(field.name.as_str()) {
                        self.differ(
                            format!("{at}.{}", field.name),
                            "not listed",
                            describe(field),
                        );
                    }
                }
            }
            (_, _, Some(x), Some(y)) => {
                let x: BTreeSet<&str> = x.iter().map(|v| v.value.as_str()).collect();
                let y: BTreeSet<&str> = y.iter().map(|v| v.value.as_str()).collect();
                if x != y {
                    let list =
                        |s: &BTreeSet<&str>| s.iter().copied().collect::<Vec<_>>().join(", ");
                    self.differ(format!("{at}: values"), list(&x), list(&y));
                }
            }
            _ => {
                let a_shape = self.shape_page(&TypeExpr::Named(page.to_owned()));
                let b_shape = self.shape_definition(&TypeExpr::Named(definition.to_owned()));
                self.differ(format!("{at}: type"), a_shape, b_shape);
            }
        }
    }
}

/// `expr` with aliases followed to what they stand for (a few steps at most: the generator
/// reports alias cycles).
fn unalias<'s>(expr: &TypeExpr, lookup: impl Fn(&str) -> Option<&'s SchemaSpec>) -> TypeExpr {
    let mut current = expr.clone();
    for _ in 0..8 {
        let TypeExpr::Named(name) = &current else {
            break;
        };
        let Some(next) = lookup(name)
            .and_then(|s| s.alias.as_deref())
            .and_then(|alias| type_expr::parse(alias).ok())
        else {
            break;
        };
        current = next;
    }
    current
}

/// A type as the comparison shows it: objects and enums by kind, not by name, since the two
/// sources name their schemas differently.
fn shape<'s>(expr: &TypeExpr, lookup: impl Fn(&str) -> Option<&'s SchemaSpec>) -> String {
    expr.text_with(&|name| match lookup(name) {
        Some(s) if s.values.is_some() => format!("enum {name}"),
        Some(s) if s.properties.is_some() => format!("object {name}"),
        _ => name.to_owned(),
    })
}

fn describe(field: &FieldSpec) -> String {
    let mut out = format!("listed, {}", field.type_expr);
    if field.required {
        out.push_str(", required");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::spec_file::supplement_yaml;
    use crate::resolve::supplement::tests::{demo_files, SERVICE};
    use serde_json::json;

    const PAGE: &str = "operation: CreateWidget\nsource: {page: Creating a Widget}\n\
        title: Creating a Widget\nmethod: POST\npath: /v1/widgets/{zone}\n\
        parameters:\n- {name: zone, in: path, type: string, required: true}\n\
        request_body: {type: Widget, required: true}\n\
        responses:\n- {status: 201, description: Created}\n\
        schemas:\n- name: Widget\n  properties:\n\
        \x20 - {name: name, type: string, required: true}\n\
        \x20 - {name: size, type: integer, maximum: 10}\n\
        \x20 - {name: colour, type: string}\n";

    fn definition() -> serde_json::Value {
        json!({
            "name": "CreateWidget", "method": "post", "base_path": "/",
            "definitions": {"Body": {"properties": {
                "name": {"type": "string", "maxLength": 64},
                "size": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 20}
            }, "required": ["name"]}},
            "paths": {"/v1/widgets/{zone}": {"post": {
                "parameters": [
                    {"in": "path", "name": "zone", "type": "string", "required": true, "pattern": "^[a-z]+$"},
                    {"in": "query", "name": "dry_run", "type": "boolean"},
                    {"in": "query", "name": "ticket", "type": "string", "required": true},
                    {"in": "body", "name": "B", "required": true, "schema": {"$ref": "#/definitions/Body"}}
                ],
                "responses": {"201": {"description": "ok"}}
            }}}
        })
    }

    /// The properties of a page's schema: a constraint only the definition states goes into the
    /// supplement, a different one is to settle, and the generated client holds the union; so
    /// does an optional parameter only the definition lists.
    #[test]
    fn a_property_constraint_only_the_definition_states_reaches_the_client() {
        let service: ServiceFile = serde_yaml::from_str(SERVICE).unwrap();
        let page: OperationFile = serde_yaml::from_str(PAGE).unwrap();
        let facts = ServiceFacts {
            error_body: "Err",
            error_code: "error_code",
            error_message: "error_msg",
            request_id_header: None,
            endpoint: None,
        };
        let draft = super::super::convert::convert("CreateWidget.json", &definition(), &facts);
        let checked = check_operation("huawei/demo", &service, &page, &draft, None);
        let unions: Vec<(&str, Union)> = checked
            .differences
            .iter()
            .map(|d| (d.at.as_str(), d.union))
            .collect();
        assert_eq!(
            unions,
            [
                // Optional and plain: added whole. Required: it would change every call.
                ("parameters.dry_run (query)", Union::SupplementStale),
                ("parameters.ticket (query)", Union::Settle),
                ("parameters.zone (path): pattern", Union::SupplementStale),
                ("request body.colour", Union::Page),
                ("request body.name: max_length", Union::SupplementStale),
                ("request body.size: maximum", Union::Settle),
                ("request body.size: minimum", Union::SupplementStale),
            ]
        );
        let supplement = checked.supplement.expect("a supplement");
        let text = supplement_yaml(&supplement).unwrap();
        assert_eq!(
            text,
            "operation: CreateWidget\n\
             source: definitions/CreateWidget.json (release in definitions/VERSION)\n\
             parameters:\n- name: zone\n  in: path\n  pattern: ^[a-z]+$\n\
             schemas:\n- name: Widget\n  properties:\n  - name: name\n    max_length: 64\n\
             \x20 - name: size\n    minimum: 1\n\
             added_parameters:\n- name: dry_run\n  in: query\n  type: boolean\n"
        );
        // With the supplement committed, the same comparison says the union holds them.
        let held = check_operation("huawei/demo", &service, &page, &draft, Some(&supplement));
        assert!(held
            .differences
            .iter()
            .all(|d| d.union != Union::SupplementStale));

        let sources = demo_files(&[
            ("service.yaml", SERVICE),
            ("operations/CreateWidget.yaml", PAGE),
            ("supplements/CreateWidget.yaml", &text),
        ]);
        let generated = crate::generate_from_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
        let types = generated
            .iter()
            .find(|f| f.path == "src/huawei/demo/types.rs")
            .unwrap();
        assert!(
            types.contents.contains("Length: at most 64 characters."),
            "{}",
            types.contents
        );
        // The page's maximum stays beside the definition's minimum.
        assert!(
            types.contents.contains("Range of values: 1 to 10."),
            "{}",
            types.contents
        );
        let operation = generated
            .iter()
            .find(|f| f.path == "src/huawei/demo/create_widget.rs")
            .unwrap();
        assert!(
            operation
                .contents
                .contains("pub fn dry_run(mut self, value: bool) -> Self"),
            "{}",
            operation.contents
        );
    }
}
