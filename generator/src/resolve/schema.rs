//! Named schemas: collected from every file of a service into one namespace, named for Rust,
//! and resolved into objects, enums and aliases.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::model::{Checks, EnumValue, Field, FieldDocs, Schema, SchemaKind, TypeRef};
use super::naming;
use super::type_expr::{self, TypeExpr};
use crate::diagnostics::Diagnostic;
use crate::load::locations::{Locations, NodePath};
use crate::load::model::{FieldSpec, SchemaSpec};
use crate::load::ServiceSources;

/// The name reserved for the catch-all variant that keeps values an enum does not list.
pub const UNKNOWN_VARIANT: &str = "Unrecognized";

/// A node of a file, for reporting.
#[derive(Clone)]
pub(crate) struct Place<'a> {
    pub path: &'a Path,
    pub locations: &'a Locations,
    pub at: NodePath,
}

impl Place<'_> {
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, self.locations.find(&self.at), message)
    }

    fn key(&self, key: &str) -> Self {
        Place {
            at: self.at.key(key),
            ..self.clone()
        }
    }

    fn index(&self, index: usize) -> Self {
        Place {
            at: self.at.index(index),
            ..self.clone()
        }
    }
}

struct Entry<'a> {
    spec: &'a SchemaSpec,
    rust_name: String,
    place: Place<'a>,
}

/// The schemas of one service.
pub(crate) struct SchemaTable<'a> {
    entries: Vec<Entry<'a>>,
    by_doc_name: HashMap<&'a str, usize>,
    /// The entries by Rust name, in order (several only when names collide, an error).
    by_rust_name: HashMap<String, Vec<usize>>,
}

impl<'a> SchemaTable<'a> {
    /// Gathers the schemas of the service file and of every operation file. A schema defined
    /// twice with the same content is one schema; different content under one name is an error.
    pub fn collect(source: &'a ServiceSources, problems: &mut Vec<Diagnostic>) -> Self {
        let mut table = SchemaTable {
            entries: Vec::new(),
            by_doc_name: HashMap::new(),
            by_rust_name: HashMap::new(),
        };
        let files = std::iter::once((
            &source.service.path,
            &source.service.locations,
            &source.service.value.schemas,
        ))
        .chain(
            source
                .schemas
                .iter()
                .map(|s| (&s.path, &s.locations, &s.value.schemas)),
        )
        .chain(
            source
                .operations
                .iter()
                .map(|o| (&o.path, &o.locations, &o.value.schemas)),
        );
        let by_package = source.service.value.types_by_package;
        let mut rust_names: HashMap<String, &str> = HashMap::new();
        for (path, locations, schemas) in files {
            for (index, spec) in schemas.iter().enumerate() {
                let place = Place {
                    path,
                    locations,
                    at: NodePath::root().key("schemas").index(index),
                };
                if let Some(&existing) = table.by_doc_name.get(spec.name.as_str()) {
                    let first = &table.entries[existing];
                    if first.spec != spec {
                        problems.push(place.key("name").error(format!(
                            "schema `{}` is already defined differently in {}",
                            spec.name,
                            first.place.path.display()
                        )));
                    }
                    continue;
                }
                let rust_name = match &spec.rust_name {
                    Some(name) if !naming::is_valid_identifier(name) => {
                        problems.push(
                            place
                                .key("rust_name")
                                .error(format!("`{name}` is not a valid Rust type name")),
                        );
                        name.clone()
                    }
                    Some(name) => match naming::package_module(&spec.name).filter(|_| by_package) {
                        Some(module) => format!("{module}::{name}"),
                        None => name.clone(),
                    },
                    None => naming::schema_rust_name(&spec.name, by_package),
                };
                if spec.name.trim().is_empty() {
                    problems.push(place.key("name").error("a schema needs a name"));
                }
                if let Some(other) =
                    rust_names.insert(naming::bare(&rust_name).to_owned(), &spec.name)
                {
                    problems.push(place.key("name").error(format!(
                        "schema `{}` and schema `{other}` both become the Rust type `{rust_name}`; give one a `rust_name`",
                        spec.name
                    )));
                }
                table.by_doc_name.insert(&spec.name, table.entries.len());
                table
                    .by_rust_name
                    .entry(rust_name.clone())
                    .or_default()
                    .push(table.entries.len());
                table.entries.push(Entry {
                    spec,
                    rust_name,
                    place,
                });
            }
        }
        table
    }

    /// Whether a Rust type name is taken by a schema.
    pub fn has_rust_name(&self, name: &str) -> bool {
        self.by_rust_name.contains_key(name)
    }

    /// The entries with this Rust name, in the order they were defined.
    fn with_rust_name(&self, name: &str) -> impl Iterator<Item = &Entry<'a>> {
        self.by_rust_name
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&index| self.entries.get(index))
    }

    /// The fields of the object schema with this Rust name.
    pub fn object_fields(&self, rust_name: &str) -> Option<&'a [FieldSpec]> {
        let entry = self.with_rust_name(rust_name).next()?;
        entry.spec.properties.as_deref()
    }

    /// Resolves a type expression against the schemas of the service.
    pub fn resolve_type(&self, text: &str) -> Result<TypeRef, String> {
        let expr = type_expr::parse(text)?;
        if expr.mentions_binary() {
            let what = match expr {
                TypeExpr::Binary => "`binary` (raw bytes)".to_owned(),
                _ => format!("`{}` holds `binary` (raw bytes), which", text.trim()),
            };
            return Err(format!(
                "{what} is only for a form parameter or a whole success reply body"
            ));
        }
        self.resolve_expr(&expr)
    }

    /// Like [`resolve_type`](Self::resolve_type), but `binary` on its own is accepted too: the
    /// type of a file part of a form or of a reply read as raw bytes.
    pub fn resolve_payload_type(&self, text: &str) -> Result<TypeRef, String> {
        match type_expr::parse(text)? {
            TypeExpr::Binary => Ok(TypeRef::Binary),
            _ => self.resolve_type(text),
        }
    }

    /// Like [`resolve_type`](Self::resolve_type), but a Kubernetes `patch` is accepted too:
    /// the type of a whole request body.
    pub fn resolve_body_type(&self, text: &str) -> Result<TypeRef, String> {
        match type_expr::parse(text)? {
            TypeExpr::Patch => Ok(TypeRef::Patch),
            _ => self.resolve_type(text),
        }
    }

    fn resolve_expr(&self, expr: &TypeExpr) -> Result<TypeRef, String> {
        Ok(match expr {
            TypeExpr::String => TypeRef::String,
            TypeExpr::Integer => TypeRef::I32,
            TypeExpr::Long => TypeRef::I64,
            TypeExpr::Number => TypeRef::F64,
            TypeExpr::Boolean => TypeRef::Bool,
            TypeExpr::Json => TypeRef::Json,
            TypeExpr::Binary => TypeRef::Binary,
            TypeExpr::IntOrString => TypeRef::IntOrString,
            TypeExpr::Patch => {
                return Err(
                    "`patch` (a Kubernetes patch) is only for a whole request body".to_owned(),
                )
            }
            TypeExpr::Array(item) => TypeRef::Array(Box::new(self.resolve_expr(item)?)),
            TypeExpr::Map(item) => TypeRef::Map(Box::new(self.resolve_expr(item)?)),
            TypeExpr::Named(name) => match self.by_doc_name.get(name.as_str()) {
                Some(&index) => TypeRef::Named(self.entries[index].rust_name.clone()),
                None => return Err(self.unknown_type(name)),
            },
        })
    }

    fn unknown_type(&self, name: &str) -> String {
        let hint = self
            .entries
            .iter()
            .find(|e| naming::last_segment(&e.spec.name) == name || e.rust_name == name)
            .map(|e| format!("; did you mean `{}`?", e.spec.name))
            .unwrap_or_default();
        format!("unknown type `{name}`: no schema of that name in this service{hint}")
    }

    /// What is wrong with the facts `spec` states beside its resolved type `ty`, each with the
    /// key it is at: item counts on a value that is not an array, a `format` on one that is not
    /// a string, a lower item count above the upper one, `read_only` on a parameter.
    pub fn check_facts(
        &self,
        spec: &FieldSpec,
        ty: &TypeRef,
        is_parameter: bool,
    ) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        let ty = self.unaliased(ty);
        let counts = [
            ("min_items", spec.min_items.is_some()),
            ("max_items", spec.max_items.is_some()),
            ("unique_items", spec.unique_items),
        ];
        if let Some((key, _)) = counts.iter().find(|(_, stated)| *stated) {
            if !matches!(ty, TypeRef::Array(_)) {
                problems.push((
                    *key,
                    format!(
                        "`{key}` is for arrays, and `{}` is not one",
                        spec.type_expr.trim()
                    ),
                ));
            }
        }
        if spec.items.is_some() {
            let strings =
                matches!(&ty, TypeRef::Array(item) if self.unaliased(item) == TypeRef::String);
            if !strings {
                problems.push((
                    "items",
                    format!(
                        "`items` constraints are for arrays of strings, and `{}` is not one",
                        spec.type_expr.trim()
                    ),
                ));
            }
        }
        if let (Some(min), Some(max)) = (spec.min_items, spec.max_items) {
            if min > max {
                problems.push((
                    "min_items",
                    format!("`min_items` ({min}) is more than `max_items` ({max})"),
                ));
            }
        }
        if spec.format.is_some() && ty != TypeRef::String {
            problems.push((
                "format",
                format!(
                    "`format` is for strings, and `{}` is not one (a number's size is its type: `integer`, `long`)",
                    spec.type_expr.trim()
                ),
            ));
        }
        if is_parameter && spec.read_only {
            problems.push((
                "read_only",
                "`read_only` is for object properties: a parameter is always sent".to_owned(),
            ));
        }
        problems
    }

    /// `ty` with aliases followed to the type they stand for; an alias cycle (reported
    /// elsewhere) stops after as many steps as there are schemas.
    fn unaliased(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty.clone();
        for _ in 0..=self.entries.len() {
            let TypeRef::Named(name) = &current else {
                break;
            };
            let alias = self
                .with_rust_name(name)
                .next()
                .and_then(|entry| entry.spec.alias.as_deref());
            match alias.map(|text| self.resolve_type(text)) {
                Some(Ok(next)) => current = next,
                _ => break,
            }
        }
        current
    }

    /// Whether the schema with this Rust name is an enum (its values travel as plain strings).
    pub fn is_enum(&self, rust_name: &str) -> bool {
        self.with_rust_name(rust_name)
            .any(|e| e.spec.values.is_some())
    }

    /// Resolves every schema, reporting what is wrong with each.
    pub fn resolve(&self, problems: &mut Vec<Diagnostic>) -> Vec<Schema> {
        let mut schemas: Vec<Schema> = self
            .entries
            .iter()
            .filter_map(|entry| self.resolve_entry(entry, problems))
            .collect();
        box_recursive_fields(&mut schemas);
        self.check_alias_cycles(&schemas, problems);
        schemas
    }

    fn resolve_entry(&self, entry: &Entry<'a>, problems: &mut Vec<Diagnostic>) -> Option<Schema> {
        let spec = entry.spec;
        let place = &entry.place;
        let kinds = [
            spec.properties.is_some(),
            spec.values.is_some(),
            spec.alias.is_some(),
        ];
        let kind = match kinds.iter().filter(|k| **k).count() {
            1 => {
                if let Some(properties) = &spec.properties {
                    SchemaKind::Object(self.resolve_fields(
                        properties,
                        &place.key("properties"),
                        problems,
                    ))
                } else if let Some(values) = &spec.values {
                    SchemaKind::Enum(resolve_values(values, &place.key("values"), problems))
                } else {
                    let alias = spec.alias.as_deref().unwrap_or_default();
                    match self.resolve_type(alias) {
                        Ok(ty) => SchemaKind::Alias(ty),
                        Err(message) => {
                            problems.push(place.key("alias").error(message));
                            return None;
                        }
                    }
                }
            }
            _ => {
                problems.push(place.error(format!(
                    "schema `{}` needs exactly one of `properties`, `values` and `alias`",
                    spec.name
                )));
                return None;
            }
        };
        Some(Schema {
            rust_name: entry.rust_name.clone(),
            doc_name: spec.name.clone(),
            description: spec.description.clone(),
            kind,
            checked: false,
        })
    }

    fn resolve_fields(
        &self,
        specs: &[FieldSpec],
        place: &Place<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        let mut wire_names = HashSet::new();
        let mut rust_names: HashMap<String, &str> = HashMap::new();
        for (index, spec) in specs.iter().enumerate() {
            let place = place.index(index);
            if spec.location.is_some() {
                problems.push(
                    place
                        .key("in")
                        .error("`in` is for parameters; an object property has no location"),
                );
            }
            if spec.managed.is_some() {
                problems.push(
                    place
                        .key("managed")
                        .error("`managed` is for parameters, not object properties"),
                );
            }
            for wire_name in std::iter::once(&spec.name).chain(&spec.aliases) {
                if !wire_names.insert(wire_name.as_str()) {
                    problems.push(
                        place
                            .key("name")
                            .error(format!("the property `{wire_name}` is listed twice")),
                    );
                }
            }
            let rust_name = match field_rust_name(spec) {
                Ok(name) => name,
                Err(message) => {
                    problems.push(place.key("rust_name").error(message));
                    continue;
                }
            };
            if let Some(other) = rust_names.insert(naming::bare(&rust_name).to_owned(), &spec.name)
            {
                if *other == spec.name {
                    // The same name twice, reported above as listed twice.
                    continue;
                }
                problems.push(place.key("name").error(format!(
                    "the properties `{}` and `{other}` both become the Rust field `{rust_name}`; give one a `rust_name`",
                    spec.name
                )));
            }
            let ty = match self.resolve_type(&spec.type_expr) {
                Ok(ty) => ty,
                Err(message) => {
                    problems.push(place.key("type").error(message));
                    continue;
                }
            };
            for (key, message) in self.check_facts(spec, &ty, false) {
                problems.push(place.key(key).error(message));
            }
            fields.push(Field {
                wire_name: spec.name.clone(),
                aliases: spec.aliases.clone(),
                rust_name,
                ty,
                required: spec.required,
                boxed: false,
                docs: field_docs(spec),
                checks: Checks::default(),
            });
        }
        fields
    }

    /// Reports the aliases that expand to themselves, directly (`A: B`, `B: A`) or through a
    /// container (`A: array<B>`, `B: A`): Rust cannot expand such a type alias.
    fn check_alias_cycles(&self, schemas: &[Schema], problems: &mut Vec<Diagnostic>) {
        let aliases: HashMap<&str, Vec<&str>> = schemas
            .iter()
            .filter_map(|s| match &s.kind {
                SchemaKind::Alias(ty) => Some((s.rust_name.as_str(), nested_names(ty))),
                _ => None,
            })
            .collect();
        for start in aliases.keys() {
            let mut seen = HashSet::new();
            let mut stack: Vec<&str> = aliases.get(start).cloned().unwrap_or_default();
            while let Some(current) = stack.pop() {
                if current == *start {
                    if let Some(entry) = self.with_rust_name(start).next() {
                        problems.push(entry.place.key("alias").error(format!(
                            "the alias `{}` refers to itself; an alias cycle has no type",
                            entry.spec.name
                        )));
                    }
                    break;
                }
                if seen.insert(current) {
                    stack.extend(aliases.get(current).into_iter().flatten());
                }
            }
        }
    }
}

/// The schemas a type expression names, at any depth of `array<>` and `map<>`.
fn nested_names(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(name) => vec![name.as_str()],
        TypeRef::Array(item) | TypeRef::Map(item) => nested_names(item),
        _ => Vec::new(),
    }
}

/// The Rust name of a parameter or property.
pub(crate) fn field_rust_name(spec: &FieldSpec) -> Result<String, String> {
    match &spec.rust_name {
        Some(name) if naming::is_valid_identifier(name) => Ok(name.clone()),
        Some(name) => Err(format!("`{name}` is not a valid Rust field name")),
        None if spec.name.trim().is_empty() => Err("a field needs a name".to_owned()),
        None => Ok(naming::snake(&spec.name)),
    }
}

pub(crate) fn field_docs(spec: &FieldSpec) -> FieldDocs {
    FieldDocs {
        description: spec.description.clone(),
        constraints: spec.constraints.clone(),
        range: spec.range.clone(),
        default: spec.default.clone(),
        example: spec.example.clone(),
        min_length: spec.min_length,
        max_length: spec.max_length,
        pattern: spec.pattern.clone(),
        minimum: spec.minimum,
        maximum: spec.maximum,
        min_items: spec.min_items,
        max_items: spec.max_items,
        unique_items: spec.unique_items,
        items: spec.items.clone(),
        format: spec.format.clone(),
        read_only: spec.read_only,
        sensitive: spec.sensitive,
        deprecated: spec.deprecated.clone(),
    }
}

fn resolve_values(
    specs: &[crate::load::model::EnumValueSpec],
    place: &Place<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<EnumValue> {
    if specs.is_empty() {
        problems.push(place.error("an enum needs at least one value"));
    }
    let mut values = Vec::new();
    let mut seen_values = HashSet::new();
    let mut variants: BTreeMap<String, &str> = BTreeMap::new();
    for (index, spec) in specs.iter().enumerate() {
        let place = place.index(index);
        if !seen_values.insert(spec.value.as_str()) {
            problems.push(
                place
                    .key("value")
                    .error(format!("the value `{}` is listed twice", spec.value)),
            );
            continue;
        }
        let variant = match &spec.rust_name {
            Some(name) if !naming::is_valid_identifier(name) => {
                problems.push(
                    place
                        .key("rust_name")
                        .error(format!("`{name}` is not a valid Rust variant name")),
                );
                continue;
            }
            Some(name) => name.clone(),
            None => naming::camel(&spec.value),
        };
        if naming::bare(&variant) == UNKNOWN_VARIANT {
            problems.push(place.key("value").error(format!(
                "the variant `{UNKNOWN_VARIANT}` is reserved for values the documentation does not list; give this value a `rust_name`"
            )));
        }
        if let Some(other) = variants.insert(naming::bare(&variant).to_owned(), &spec.value) {
            problems.push(place.key("value").error(format!(
                "the values `{}` and `{other}` both become the variant `{variant}`; give one a `rust_name`",
                spec.value
            )));
        }
        values.push(EnumValue {
            value: spec.value.clone(),
            variant,
            description: spec.description.clone(),
        });
    }
    values
}

/// Marks the fields through which a type contains itself, so that Rust can give it a size.
/// Only direct references count: `Vec` and `BTreeMap` already store their items on the heap.
///
/// A field of `A` whose type `B` leads back to `A` closes a cycle exactly when `A` and `B` are
/// in the same strongly connected component of the direct-reference graph, so one pass over
/// the graph decides every field (a search per field would be quadratic in the schemas).
pub(crate) fn box_recursive_fields(schemas: &mut [Schema]) {
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(schemas.len());
    for (id, schema) in schemas.iter().enumerate() {
        ids.entry(schema.rust_name.as_str()).or_insert(id);
    }
    let edges: Vec<Vec<usize>> = schemas
        .iter()
        .map(|s| {
            let targets: Vec<&TypeRef> = match &s.kind {
                SchemaKind::Object(fields) => fields.iter().map(|f| &f.ty).collect(),
                SchemaKind::Alias(ty) => vec![ty],
                SchemaKind::Enum(_) => Vec::new(),
            };
            targets
                .into_iter()
                .filter_map(|ty| ids.get(named(ty)?).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let owners: Vec<usize> = (0..schemas.len())
        .map(|id| {
            ids.get(schemas[id].rust_name.as_str())
                .copied()
                .unwrap_or(id)
        })
        .collect();
    let boxed: Vec<Vec<bool>> = schemas
        .iter()
        .zip(&owners)
        .map(|(schema, &owner)| match &schema.kind {
            SchemaKind::Object(fields) => fields
                .iter()
                .map(|field| {
                    named(&field.ty)
                        .and_then(|target| ids.get(target))
                        .is_some_and(|&target| component[target] == component[owner])
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (schema, boxed) in schemas.iter_mut().zip(boxed) {
        if let SchemaKind::Object(fields) = &mut schema.kind {
            for (field, boxed) in fields.iter_mut().zip(boxed) {
                if named(&field.ty).is_some() {
                    field.boxed = boxed;
                }
            }
        }
    }
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name.as_str()),
        _ => None,
    }
}

/// The strongly connected component of every node (Tarjan's algorithm, with an explicit stack
/// so that a long chain of schemas cannot overflow the thread's stack).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut index = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..count {
        if index[root] != UNVISITED {
            continue;
        }
        // (node, how many of its edges are done)
        let mut work = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((node, done)) = work.last().copied() {
            if let Some(&next) = edges[node].get(done) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[next] == UNVISITED {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn components_group_exactly_the_nodes_on_a_cycle() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 3 -> 3 a self-loop, 4 -> 0 and 5 alone are not on one.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![0], vec![]];
        let component = strongly_connected_components(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        for other in [3, 4, 5] {
            assert_ne!(component[other], component[0], "node {other}");
        }
        assert_ne!(component[4], component[5]);
    }
}
