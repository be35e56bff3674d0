//! Supplements: the constraints a definition states that the documentation page of the same
//! operation leaves out, kept in `supplements/<Operation>.yaml` beside the page's spec.
//!
//! The page's spec is never touched (it stays byte for byte what the page importer writes);
//! the `resolve` stage fills the page's empty fields from the supplement, so the client holds
//! the union of what both sources state. Of the parameters both list, only the machine-form
//! constraints are carried over (lengths, `pattern`, bounds, default): they are what
//! `cloudgen cross-check` compares, while the definitions' prose is Chinese and the pages'
//! English. An optional parameter of a plain type that only the definition lists is carried
//! over whole: leaving it unset sends what the page's spec sends, so it only adds.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ImportError, DEFINITIONS_DIR};
use crate::load::model::{
    FieldSpec, OperationFile, ParameterLocation, SupplementField, SupplementFile, SupplementSchema,
};

/// The folder below a service's specs that holds the supplements.
pub const SUPPLEMENTS_DIR: &str = "supplements";

/// Which parameter or property a constraint belongs to, as the page's spec names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Parameter {
        name: String,
        location: ParameterLocation,
    },
    Property {
        schema: String,
        name: String,
    },
}

/// The constraints of `field` in a supplement's form (without name and location).
pub fn constraints(field: &FieldSpec) -> SupplementField {
    SupplementField {
        min_length: field.min_length,
        max_length: field.max_length,
        pattern: field.pattern.clone(),
        minimum: field.minimum,
        maximum: field.maximum,
        default: field.default.clone(),
        ..SupplementField::default()
    }
}

/// Each constraint of `field` by key, as text; `None` where it states none.
pub fn texts(field: &SupplementField) -> [(&'static str, Option<String>); 6] {
    let number = |n: Option<i64>| n.map(|n| n.to_string());
    let length = |n: Option<u64>| n.map(|n| n.to_string());
    [
        ("pattern", field.pattern.clone()),
        ("min_length", length(field.min_length)),
        ("max_length", length(field.max_length)),
        ("minimum", number(field.minimum)),
        ("maximum", number(field.maximum)),
        ("default", field.default.clone()),
    ]
}

/// Copies the constraint `key` of `from` into `to`.
fn copy(key: &str, from: &SupplementField, to: &mut SupplementField) {
    match key {
        "pattern" => to.pattern.clone_from(&from.pattern),
        "min_length" => to.min_length = from.min_length,
        "max_length" => to.max_length = from.max_length,
        "minimum" => to.minimum = from.minimum,
        "maximum" => to.maximum = from.maximum,
        "default" => to.default.clone_from(&from.default),
        _ => {}
    }
}

/// The text of the constraint `key` of `field`.
fn text(field: &SupplementField, key: &str) -> Option<String> {
    texts(field)
        .into_iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, value)| value)
}

/// The entry of `target` in `file`, if it has one.
fn entry<'f>(file: &'f SupplementFile, target: &Target) -> Option<&'f SupplementField> {
    match target {
        Target::Parameter { name, location } => file
            .parameters
            .iter()
            .find(|p| p.location == Some(*location) && p.name == *name),
        Target::Property { schema, name } => file
            .schemas
            .iter()
            .find(|s| s.name == *schema)
            .and_then(|s| s.properties.iter().find(|p| p.name == *name)),
    }
}

/// Whether `file` states `value` for the constraint `key` of `target`.
pub fn holds(file: &SupplementFile, target: &Target, key: &str, value: &str) -> bool {
    entry(file, target).and_then(|f| text(f, key)).as_deref() == Some(value)
}

/// The supplement of one operation, gathered while its page and definition are compared.
#[derive(Debug, Default)]
pub struct Gatherer {
    /// In the order the comparison meets them, which depends only on the two specs.
    entries: Vec<(Target, SupplementField)>,
    /// Parameters only the definition lists, in the definition's order.
    added_parameters: Vec<FieldSpec>,
}

/// Whether a parameter only the definition lists can complete the page's spec: an optional one
/// whose type names no schema (the definition's schemas are not the page's). A required one
/// would change every call, and is for a person to settle.
pub fn can_add(parameter: &FieldSpec) -> bool {
    !parameter.required
        && parameter.location.is_some()
        && parameter.managed.is_none()
        && crate::resolve::type_expr::schema_names(&parameter.type_expr).is_empty()
}

/// Whether `file` adds `parameter` as the definition states it.
pub fn adds(file: &SupplementFile, parameter: &FieldSpec) -> bool {
    file.added_parameters.iter().any(|p| p == parameter)
}

impl Gatherer {
    /// Adds the constraint `key` of `definition` to `target`; false when the supplement already
    /// holds a different value for it (a page schema compared with two definition schemas),
    /// which then stays out.
    pub fn add(&mut self, target: &Target, key: &str, definition: &SupplementField) -> bool {
        if !self.entries.iter().any(|(t, _)| t == target) {
            self.entries
                .push((target.clone(), SupplementField::default()));
        }
        let Some((_, entry)) = self.entries.iter_mut().find(|(t, _)| t == target) else {
            return false;
        };
        match text(entry, key) {
            Some(held) => Some(held) == text(definition, key),
            None => {
                copy(key, definition, entry);
                true
            }
        }
    }

    /// Adds `parameter`, which only the definition lists and [`can_add`] allows, whole.
    pub fn add_parameter(&mut self, parameter: &FieldSpec) {
        self.added_parameters.push(parameter.clone());
    }

    /// The supplement of `page`, from the definition file `definition_file`; `None` when there
    /// is nothing to add. Parameters and properties are in the page's order, schemas by name.
    pub fn finish(self, page: &OperationFile, definition_file: &str) -> Option<SupplementFile> {
        let mut parameters = Vec::new();
        let mut schemas: BTreeMap<String, Vec<SupplementField>> = BTreeMap::new();
        for (target, mut field) in self.entries {
            match target {
                Target::Parameter { name, location } => {
                    field.name = name;
                    field.location = Some(location);
                    parameters.push(field);
                }
                Target::Property { schema, name } => {
                    field.name = name;
                    schemas.entry(schema).or_default().push(field);
                }
            }
        }
        let position = |list: &[FieldSpec], field: &SupplementField| {
            list.iter()
                .position(|f| f.name == field.name && f.location == field.location)
        };
        parameters.sort_by_key(|p| position(&page.parameters, p));
        let page_schemas: BTreeMap<&str, &[FieldSpec]> = page
            .schemas
            .iter()
            .filter_map(|s| Some((s.name.as_str(), s.properties.as_deref()?)))
            .collect();
        let schemas: Vec<SupplementSchema> = schemas
            .into_iter()
            .map(|(name, mut properties)| {
                if let Some(list) = page_schemas.get(name.as_str()) {
                    properties.sort_by_key(|p| position(list, p));
                }
                SupplementSchema { name, properties }
            })
            .collect();
        let added_parameters = self.added_parameters;
        if parameters.is_empty() && schemas.is_empty() && added_parameters.is_empty() {
            return None;
        }
        Some(SupplementFile {
            operation: page.operation.clone(),
            // Without the release, like `schemas.yaml`: a release that leaves these
            // constraints alone leaves this file alone.
            source: format!(
                "{DEFINITIONS_DIR}/{definition_file} (release in {DEFINITIONS_DIR}/VERSION)"
            ),
            parameters,
            schemas,
            added_parameters,
        })
    }
}

/// The committed supplement of `operation` below `service_root`, if there is one.
pub fn read(service_root: &Path, operation: &str) -> Result<Option<SupplementFile>, ImportError> {
    let path = service_root
        .join(SUPPLEMENTS_DIR)
        .join(format!("{operation}.yaml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(ImportError(format!("{}: {error}", path.display()))),
    };
    serde_yaml::from_str(&text)
        .map(Some)
        .map_err(|e| ImportError(format!("{}: {e}", path.display())))
}
