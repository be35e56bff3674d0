//! What the client checks before a request is sent: each constraint the spec states of a
//! request value (pattern, lengths, bounds, item counts, unique items) that the value's type
//! can break, on the parameters the caller sets and on the fields of the types a request
//! carries.
//!
//! A type implements the runtime's `Checked` when requests carry it and one of its fields has a
//! check, directly or through a type of its own; a field is then checked when it has a
//! constraint or its type is such a type. Fields set by the service (`read_only`) are not
//! checked: requests ignore them.
//!
//! Patterns are checked with the runtime's engine (`regex`, the same crate here); a pattern it
//! cannot compile is not checked, and is listed in `Service::unchecked_patterns`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Checks, FieldDocs, SchemaKind, Service, Supplier, TypeRef};

/// Sets `checks` of the caller's parameters and of the fields of the types requests carry,
/// `checked` of those types, and `unchecked_patterns` of the service.
pub fn assign(service: &mut Service) {
    let mut unchecked = Vec::new();
    let carried = carried_by_requests(service);
    let aliases: BTreeMap<String, TypeRef> = service
        .schemas
        .iter()
        .filter_map(|s| match &s.kind {
            SchemaKind::Alias(ty) => Some((s.rust_name.clone(), ty.clone())),
            _ => None,
        })
        .collect();

    // The fields' own checks, of the carried types.
    for schema in &mut service.schemas {
        if !carried.contains(&schema.rust_name) {
            continue;
        }
        let SchemaKind::Object(fields) = &mut schema.kind else {
            continue;
        };
        for field in fields.iter_mut().filter(|f| !f.docs.read_only) {
            let at = format!("{}.{}", schema.doc_name, field.wire_name);
            field.checks = own_checks(&field.docs, &field.ty, &at, &mut unchecked);
        }
    }
    // The types with a check, through their fields' types, to a fixed point.
    let mut checked: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = checked.len();
        for schema in &service.schemas {
            let SchemaKind::Object(fields) = &schema.kind else {
                continue;
            };
            if carried.contains(&schema.rust_name)
                && fields
                    .iter()
                    .any(|f| f.checks.any() || names_checked(&f.ty, &checked, &aliases))
            {
                checked.insert(schema.rust_name.clone());
            }
        }
        if checked.len() == before {
            break;
        }
    }
    for schema in &mut service.schemas {
        schema.checked = checked.contains(&schema.rust_name);
        if let SchemaKind::Object(fields) = &mut schema.kind {
            for field in fields.iter_mut().filter(|f| !f.docs.read_only) {
                field.checks.nested = names_checked(&field.ty, &checked, &aliases);
                field.checks.shallow = !checkable(&field.ty, &checked, &aliases);
            }
        }
    }
    for op in &mut service.operations {
        for parameter in &mut op.parameters {
            if parameter.supplier != Supplier::Caller {
                continue;
            }
            let at = format!("{} parameter {}", op.name, parameter.wire_name);
            parameter.checks = own_checks(&parameter.docs, &parameter.ty, &at, &mut unchecked);
            parameter.checks.nested = names_checked(&parameter.ty, &checked, &aliases);
            parameter.checks.shallow = !checkable(&parameter.ty, &checked, &aliases);
        }
        if let Some(body) = &mut op.body {
            body.checks.nested = names_checked(&body.ty, &checked, &aliases);
        }
    }
    unchecked.sort();
    unchecked.dedup();
    service.unchecked_patterns = unchecked;
}

/// The schemas a request can carry: those the caller's parameters and the request bodies
/// name, and those their fields name, transitively.
fn carried_by_requests(service: &Service) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &super::model::Schema> = service
        .schemas
        .iter()
        .map(|s| (s.rust_name.as_str(), s))
        .collect();
    let mut pending: Vec<&str> = Vec::new();
    for op in &service.operations {
        for parameter in op
            .parameters
            .iter()
            .filter(|p| p.supplier == Supplier::Caller)
        {
            parameter.ty.collect_names(&mut pending);
        }
        if let Some(body) = &op.body {
            body.ty.collect_names(&mut pending);
        }
    }
    let mut carried = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !carried.insert(name.to_owned()) {
            continue;
        }
        if let Some(schema) = by_name.get(name) {
            pending.extend(schema.referenced_schemas());
        }
    }
    carried
}

/// Whether `ty` names a checked type, through aliases, lists and maps.
fn names_checked(
    ty: &TypeRef,
    checked: &BTreeSet<String>,
    aliases: &BTreeMap<String, TypeRef>,
) -> bool {
    reaches(ty, checked, aliases, false)
}

/// Whether values of `ty` implement the runtime's `Checked`: scalars, checked types, and
/// lists, maps and aliases of them (not enums, nor types without checks).
fn checkable(
    ty: &TypeRef,
    checked: &BTreeSet<String>,
    aliases: &BTreeMap<String, TypeRef>,
) -> bool {
    reaches(ty, checked, aliases, true)
}

/// Whether `ty` is, through aliases, lists and maps, a checked type or, with `scalars`, a
/// scalar.
fn reaches(
    ty: &TypeRef,
    checked: &BTreeSet<String>,
    aliases: &BTreeMap<String, TypeRef>,
    scalars: bool,
) -> bool {
    match ty {
        TypeRef::Named(name) => {
            checked.contains(name)
                || aliases
                    .get(name)
                    .is_some_and(|ty| reaches(ty, checked, aliases, scalars))
        }
        TypeRef::Array(item) | TypeRef::Map(item) => reaches(item, checked, aliases, scalars),
        _ => scalars,
    }
}

/// The constraints of `docs` that a value of type `ty` can break.
fn own_checks(docs: &FieldDocs, ty: &TypeRef, at: &str, unchecked: &mut Vec<String>) -> Checks {
    let mut checks = Checks {
        sensitive: docs.sensitive,
        ..Checks::default()
    };
    let mut pattern = |pattern: &Option<String>| {
        let pattern = pattern.as_ref()?;
        match compile_error(pattern) {
            None => Some(pattern.clone()),
            Some(error) => {
                unchecked.push(format!("{at}: `{pattern}` ({error})"));
                None
            }
        }
    };
    match ty {
        TypeRef::String => {
            checks.min_length = docs.min_length.filter(|n| *n > 0);
            checks.max_length = docs.max_length;
            checks.pattern = pattern(&docs.pattern);
        }
        TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => {
            checks.minimum = docs.minimum;
            checks.maximum = docs.maximum;
        }
        TypeRef::Array(item) => {
            checks.min_items = docs.min_items.filter(|n| *n > 0);
            checks.max_items = docs.max_items;
            checks.unique = docs.unique_items;
            if let (TypeRef::String, Some(items)) = (&**item, &docs.items) {
                checks.item_min_length = items.min_length.filter(|n| *n > 0);
                checks.item_max_length = items.max_length;
                checks.item_pattern = pattern(&items.pattern);
            }
        }
        _ => {}
    }
    checks
}

/// Why `pattern` does not compile as the runtime will compile it, or `None` when it does.
///
/// Patterns repeat: the Huawei catalogue has 11,583, 1,759 of them distinct, and compiling every
/// one took about 7% of the cycles of its whole generation (`perf`), so each thread remembers
/// the patterns it has compiled.
fn compile_error(pattern: &str) -> Option<String> {
    thread_local! {
        static COMPILED: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    }
    COMPILED.with(|compiled| {
        if let Some(known) = compiled.borrow().get(pattern) {
            return known.clone();
        }
        let error = regex::Regex::new(pattern)
            .err()
            .map(|error| error.to_string().replace('\n', " "));
        compiled
            .borrow_mut()
            .insert(pattern.to_owned(), error.clone());
        error
    })
}
