//! A page imported over an operation whose spec the definitions importer wrote: the page refines
//! that spec instead of replacing it.
//!
//! The definitions hold facts a page never states (every response body, the error bodies,
//! examples, patterns, enums) and the page holds English prose the definitions lack. Replacing
//! one with the other loses half; so the definitions' spec is the base and the page is laid over
//! it:
//!
//! - what the page states is merged in: its title, descriptions, notes, permissions, and the
//!   constraints it states win;
//! - what only the definitions state stays: parameters, properties, statuses, examples and enum
//!   values the page leaves out;
//! - a page's type word is coarser than a definition's type (`String` for an enum, `Object` for
//!   a named schema), so the definitions' type stays unless it was the opaque `json`;
//! - the schemas several operations share (`schemas.yaml`, `service.yaml`) are never changed, so
//!   no other operation is touched;
//! - every disagreement between the two is listed, as `cloudgen cross-check` lists them.
//!
//! The result records the definition file in `source.refines`, so `import-definitions` keeps
//! the shared schemas it names and the operation stays re-importable from both sources.

use std::collections::BTreeSet;

use crate::load::model::{EnumValueSpec, FieldSpec, OperationFile, SchemaSpec};
use crate::resolve::type_expr::{self, TypeExpr};

/// The refined spec and where the two sources disagree.
#[derive(Debug, Clone)]
pub struct Refined {
    pub operation: OperationFile,
    /// One line each: where, and what each source states.
    pub disagreements: Vec<String>,
}

/// `page` (the spec the page alone gives) laid over `base` (the definitions importer's spec of
/// the same operation).
pub fn refine(page: &OperationFile, base: &OperationFile) -> Refined {
    let mut refiner = Refiner {
        page,
        out: base.clone(),
        disagreements: Vec::new(),
        paired: BTreeSet::new(),
    };
    refiner.operation();
    let Refiner {
        mut out,
        mut disagreements,
        ..
    } = refiner;
    out.schemas.sort_by(|a, b| a.name.cmp(&b.name));
    disagreements.dedup();
    Refined {
        operation: out,
        disagreements,
    }
}

struct Refiner<'a> {
    page: &'a OperationFile,
    out: OperationFile,
    disagreements: Vec<String>,
    /// Pairs of (definitions schema, page schema) already refined: schemas refer to each other.
    paired: BTreeSet<(String, String)>,
}

impl Refiner<'_> {
    fn disagree(&mut self, place: &str, what: &str, base: &str, page: &str) {
        self.disagreements.push(format!(
            "{place}: {what}: the definitions state {base}, the page {page}"
        ));
    }

    fn operation(&mut self) {
        let page = self.page;
        // Refining a refined spec again keeps the definition file it names.
        let refines = self
            .out
            .source
            .refines
            .clone()
            .unwrap_or_else(|| self.out.source.page.clone());
        self.out.source = page.source.clone();
        self.out.source.refines = Some(refines);
        self.out.title = page.title.clone();
        if page.description.is_some() {
            self.out.description = page.description.clone();
        }
        if !page.notes.is_empty() {
            self.out.notes = page.notes.clone();
        }
        if !page.permissions.is_empty() {
            self.out.permissions = page.permissions.clone();
        }
        if page.method != self.out.method || page.path != self.out.path {
            let (base_line, page_line) = (
                format!("{:?} {}", self.out.method, self.out.path),
                format!("{:?} {}", page.method, page.path),
            );
            self.disagree("request line", "method and path", &base_line, &page_line);
        }
        self.parameters();
        self.request_body();
        self.responses();
        for example in &page.examples {
            if !self.out.examples.contains(example) {
                self.out.examples.push(example.clone());
            }
        }
    }

    fn parameters(&mut self) {
        let page = self.page;
        for parameter in &page.parameters {
            let at = self.out.parameters.iter().position(|p| {
                p.location == parameter.location && p.name.eq_ignore_ascii_case(&parameter.name)
            });
            match at {
                Some(at) => {
                    let place = format!("parameter {}", parameter.name);
                    let mut field = self.out.parameters[at].clone();
                    self.field(&mut field, parameter, &place);
                    self.out.parameters[at] = field;
                }
                None => {
                    self.adopt(&parameter.type_expr);
                    self.out.parameters.push(parameter.clone());
                }
            }
        }
        let undocumented: Vec<String> =
            self.out
                .parameters
                .iter()
                .filter(|p| {
                    p.managed.is_none()
                        && !page.parameters.iter().any(|q| {
                            q.location == p.location && q.name.eq_ignore_ascii_case(&p.name)
                        })
                })
                .map(|p| p.name.clone())
                .collect();
        for name in undocumented {
            self.disagreements.push(format!(
                "parameter {name}: only the definitions state it (kept)"
            ));
        }
    }

    fn request_body(&mut self) {
        let page = self.page;
        match (self.out.request_body.clone(), &page.request_body) {
            (Some(mut base), Some(body)) => {
                base.type_expr = self.types(&base.type_expr, &body.type_expr, "request body");
                if base.required != body.required {
                    self.disagree(
                        "request body",
                        "required",
                        &base.required.to_string(),
                        &body.required.to_string(),
                    );
                    base.required = body.required;
                }
                if body.description.is_some() {
                    base.description = body.description.clone();
                }
                self.out.request_body = Some(base);
            }
            (None, Some(body)) => {
                self.adopt(&body.type_expr);
                self.out.request_body = Some(body.clone());
            }
            (Some(_), None) => self
                .disagreements
                .push("request body: only the definitions state one (kept)".to_owned()),
            (None, None) => {}
        }
    }

    fn responses(&mut self) {
        let page = self.page;
        for response in &page.responses {
            let place = format!("status {}", response.status);
            let Some(at) = self
                .out
                .responses
                .iter()
                .position(|r| r.status == response.status)
            else {
                if let Some(body) = &response.body {
                    self.adopt(&body.type_expr);
                }
                self.out.responses.push(response.clone());
                continue;
            };
            let mut base = self.out.responses[at].clone();
            base.description = response.description.clone();
            match (&mut base.body, &response.body) {
                (Some(body), Some(page_body)) => {
                    body.type_expr = self.types(&body.type_expr, &page_body.type_expr, &place);
                    if page_body.description.is_some() {
                        body.description = page_body.description.clone();
                    }
                }
                (None, Some(page_body)) => {
                    self.adopt(&page_body.type_expr);
                    base.body = Some(page_body.clone());
                }
                (Some(_), None) | (None, None) => {}
            }
            self.out.responses[at] = base;
        }
        self.out.responses.sort_by_key(|r| r.status);
    }

    /// `base` with what the page states of the same parameter or property.
    fn field(&mut self, base: &mut FieldSpec, page: &FieldSpec, place: &str) {
        base.type_expr = self.types(&base.type_expr, &page.type_expr, place);
        if base.required != page.required {
            self.disagree(
                place,
                "required",
                &base.required.to_string(),
                &page.required.to_string(),
            );
            base.required = page.required;
        }
        for (slot, stated) in [
            (&mut base.description, &page.description),
            (&mut base.constraints, &page.constraints),
            (&mut base.range, &page.range),
            (&mut base.example, &page.example),
            (&mut base.deprecated, &page.deprecated),
        ] {
            if stated.is_some() {
                slot.clone_from(stated);
            }
        }
        self.stated(place, "default", &mut base.default, &page.default);
        self.stated(place, "pattern", &mut base.pattern, &page.pattern);
        self.stated(place, "format", &mut base.format, &page.format);
        self.stated(place, "minimum", &mut base.minimum, &page.minimum);
        self.stated(place, "maximum", &mut base.maximum, &page.maximum);
        self.stated(place, "min_length", &mut base.min_length, &page.min_length);
        self.stated(place, "max_length", &mut base.max_length, &page.max_length);
        self.stated(place, "min_items", &mut base.min_items, &page.min_items);
        self.stated(place, "max_items", &mut base.max_items, &page.max_items);
        base.sensitive |= page.sensitive;
        base.read_only |= page.read_only;
    }

    /// A constraint the page states replaces the definitions' one; a different value is listed.
    fn stated<T: PartialEq + Clone + std::fmt::Display>(
        &mut self,
        place: &str,
        what: &str,
        base: &mut Option<T>,
        page: &Option<T>,
    ) {
        let Some(stated) = page else { return };
        if let Some(before) = base.as_ref().filter(|b| *b != stated) {
            let (before, after) = (before.to_string(), stated.to_string());
            self.disagree(place, what, &before, &after);
        }
        *base = Some(stated.clone());
    }

    /// The type to keep where the definitions state `base` and the page `page`; the schemas
    /// they name are refined pairwise.
    fn types(&mut self, base: &str, page: &str, place: &str) -> String {
        let (Ok(parsed_base), Ok(parsed_page)) = (type_expr::parse(base), type_expr::parse(page))
        else {
            return base.to_owned();
        };
        match self.pair(&parsed_base, &parsed_page, place) {
            Keep::Base => base.to_owned(),
            Keep::Page => {
                self.adopt(page);
                page.to_owned()
            }
        }
    }

    fn pair(&mut self, base: &TypeExpr, page: &TypeExpr, place: &str) -> Keep {
        use TypeExpr as T;
        match (base, page) {
            (T::Array(b), T::Array(p)) | (T::Map(b), T::Map(p)) => self.pair(b, p, place),
            (T::Named(b), T::Named(p)) => {
                self.schema(b, p);
                Keep::Base
            }
            // The page's word for an enum or an object the definitions name.
            (T::Named(_), T::String | T::Json) => Keep::Base,
            // A table or value list where the definitions had an opaque value.
            (T::Json, T::Named(_)) => Keep::Page,
            _ if base == page => Keep::Base,
            _ => {
                let show = |t: &TypeExpr| t.text_with(&|n| n.to_owned());
                let (b, p) = (show(base), show(page));
                self.disagree(place, "type", &b, &p);
                Keep::Base
            }
        }
    }

    /// Refines the definitions' schema `base` with the page's schema `page`. A schema the
    /// operation does not own (shared by several) is left as it is.
    fn schema(&mut self, base: &str, page: &str) {
        if !self.paired.insert((base.to_owned(), page.to_owned())) {
            return;
        }
        let Some(page_schema) = self.page.schemas.iter().find(|s| s.name == page).cloned() else {
            return;
        };
        let Some(at) = self.out.schemas.iter().position(|s| s.name == base) else {
            self.disagreements.push(format!(
                "schema {base}: shared with other operations; the page's text for it ({page}) is not applied"
            ));
            return;
        };
        let mut schema = self.out.schemas[at].clone();
        if page_schema.description.is_some() {
            schema.description = page_schema.description.clone();
        }
        match (&mut schema.properties, &page_schema.properties) {
            (Some(properties), Some(stated)) => self.properties(base, properties, stated),
            (None, None) => {}
            _ if schema.values.is_some() && page_schema.values.is_some() => {}
            _ if schema.alias.is_some() && page_schema.alias.is_some() => {}
            _ => self.disagreements.push(format!(
                "schema {base}: the definitions and the page ({page}) describe different kinds of type (kept the definitions')"
            )),
        }
        if let (Some(values), Some(stated)) = (&mut schema.values, &page_schema.values) {
            self.values(base, values, stated);
        }
        if let (Some(alias), Some(stated)) = (&schema.alias, &page_schema.alias) {
            let place = format!("schema {base}");
            schema.alias = Some(self.types(alias, stated, &place));
        }
        if let Some(slot) = self.out.schemas.iter_mut().find(|s| s.name == base) {
            *slot = schema;
        }
    }

    fn properties(&mut self, schema: &str, properties: &mut Vec<FieldSpec>, stated: &[FieldSpec]) {
        for property in stated {
            let place = format!("{schema}.{}", property.name);
            match properties.iter().position(|p| p.name == property.name) {
                Some(at) => {
                    let mut field = properties[at].clone();
                    self.field(&mut field, property, &place);
                    properties[at] = field;
                }
                None => {
                    self.adopt(&property.type_expr);
                    properties.push(property.clone());
                }
            }
        }
        for property in properties.iter() {
            if !stated.iter().any(|s| s.name == property.name) {
                self.disagreements.push(format!(
                    "{schema}.{}: only the definitions state it (kept)",
                    property.name
                ));
            }
        }
    }

    fn values(&mut self, schema: &str, values: &mut Vec<EnumValueSpec>, stated: &[EnumValueSpec]) {
        for value in stated {
            match values.iter_mut().find(|v| v.value == value.value) {
                Some(known) => {
                    if value.description.is_some() {
                        known.description = value.description.clone();
                    }
                }
                None => {
                    self.disagreements.push(format!(
                        "schema {schema}: value {:?}: only the page states it (added)",
                        value.value
                    ));
                    values.push(value.clone());
                }
            }
        }
        for value in values.iter() {
            if !stated.iter().any(|s| s.value == value.value) {
                self.disagreements.push(format!(
                    "schema {schema}: value {:?}: only the definitions state it (kept)",
                    value.value
                ));
            }
        }
    }

    /// Copies the page's schemas that `type_text` names, directly or not, into the spec: they
    /// come with a parameter, property or status only the page states.
    fn adopt(&mut self, type_text: &str) {
        let mut pending = type_expr::schema_names(type_text);
        while let Some(name) = pending.pop() {
            let Some(schema) = self.page.schemas.iter().find(|s| s.name == name) else {
                continue;
            };
            match self.out.schemas.iter().find(|s| s.name == name) {
                Some(existing) if existing == schema => continue,
                Some(_) => {
                    self.disagreements.push(format!(
                        "schema {name}: the page and the definitions give different schemas this name (kept the definitions')"
                    ));
                    continue;
                }
                None => {}
            }
            self.out.schemas.push(schema.clone());
            pending.extend(named_in(schema));
        }
    }
}

enum Keep {
    Base,
    Page,
}

/// The schema names a schema's properties and alias use.
fn named_in(schema: &SchemaSpec) -> Vec<String> {
    schema
        .properties
        .iter()
        .flatten()
        .map(|p| p.type_expr.as_str())
        .chain(schema.alias.as_deref())
        .flat_map(type_expr::schema_names)
        .collect()
}
