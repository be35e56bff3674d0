//! Which list operations a paginator can walk, and how: detected from the names of the
//! operation's query parameters and its reply's fields, never from a list of operations.
//!
//! The patterns the three vendors use:
//! - Huawei `offset`/`limit` with a total count (`total_count`, `count`);
//! - Huawei `marker`/`limit` with the next marker in the reply (`page_info.next_marker`) or, where
//!   the reply has none, the last item's id (`id`, `metadata.uid`);
//! - Alibaba `next_token`/`max_results` with the reply's `next_token`, and
//!   `page_number`/`page_size` with a total count (`page_info.total_count`);
//! - Kubernetes `continue`/`limit` with the reply's `metadata.continue`.
//!
//! Only a `GET` or `POST` reads a list: the `limit` and `continue` of a Kubernetes `DELETE` of a
//! collection split the server's work, and its reply is a `Status`, not a page.
//!
//! Names are compared without case, `_` or `-`, so `pageNumber`, `PageNumber` and
//! `page_number` are one name. An operation that takes a paging parameter but shows no
//! complete pattern is listed in `Service::unpaged` with the reason, for the API report.

use std::collections::BTreeMap;

use super::model::{
    Field, FieldPath, FieldStep, HttpMethod, Location, Operation, Output, Paging, PagingCursor,
    PagingMember, ReplyBody, Schema, SchemaKind, Service, Supplier, TypeRef,
};

const PAGE_SIZE: &[&str] = &["limit", "pagesize", "maxresults"];
const OFFSET: &[&str] = &["offset"];
const MARKER: &[&str] = &["marker"];
const PAGE_NUMBER: &[&str] = &["pagenumber", "pagenum", "pageno"];
const TOKEN: &[&str] = &["nexttoken", "continue"];
/// Reply fields that carry the next page's marker or token, by preference.
const NEXT_TOKEN: &[&str] = &["nextmarker", "nexttoken", "continue"];
/// Reply fields that carry the total number of items, by preference.
const TOTAL: &[&str] = &["totalcount", "total", "count"];
/// Item fields that identify an item, by preference.
const ITEM_ID: &[&[&str]] = &[&["id"], &["metadata", "uid"]];
/// How deep inside the reply a token or total is looked for (`page_info.total_count` is 2).
const MAX_DEPTH: usize = 2;

/// Sets `paging` of the operations a paginator can walk, and `unpaged` of the service.
pub fn assign(service: &mut Service) {
    let schemas: BTreeMap<&str, &Schema> = service
        .schemas
        .iter()
        .map(|s| (s.rust_name.as_str(), s))
        .collect();
    let mut found = Vec::new();
    let mut unpaged = Vec::new();
    for (index, op) in service.operations.iter().enumerate() {
        match detect(op, &schemas) {
            Detected::NotAList => {}
            Detected::Paged(paging) => found.push((index, *paging)),
            Detected::Unpaged(reason) => unpaged.push((op.name.clone(), reason)),
        }
    }
    for (index, paging) in found {
        if let Some(op) = service.operations.get_mut(index) {
            op.paging = Some(paging);
        }
    }
    service.unpaged = unpaged;
}

enum Detected {
    /// No paging parameter.
    NotAList,
    Paged(Box<Paging>),
    Unpaged(String),
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn detect(op: &Operation, schemas: &BTreeMap<&str, &Schema>) -> Detected {
    if !matches!(op.method, HttpMethod::Get | HttpMethod::Post) {
        return Detected::NotAList;
    }
    let query: Vec<_> = op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Query && p.supplier == Supplier::Caller)
        .collect();
    let member = |names: &[&str]| {
        query
            .iter()
            .find(|p| names.contains(&normalized(&p.wire_name).as_str()))
    };
    let size = member(PAGE_SIZE);
    let cursors = [
        (TOKEN, member(TOKEN)),
        (MARKER, member(MARKER)),
        (PAGE_NUMBER, member(PAGE_NUMBER)),
        (OFFSET, member(OFFSET)),
    ];
    if size.is_none() && cursors.iter().all(|(_, p)| p.is_none()) {
        return Detected::NotAList;
    }
    if cursors.iter().all(|(_, p)| p.is_none()) {
        let size = size.map(|p| p.wire_name.as_str()).unwrap_or_default();
        return Detected::Unpaged(format!(
            "a page size (`{size}`) but no offset, marker, page number or token parameter"
        ));
    }
    let Output::Single {
        body: Some(ReplyBody::Json(page_type @ TypeRef::Named(_))),
        ..
    } = &op.output
    else {
        return Detected::Unpaged("the reply is not one JSON object".to_owned());
    };
    let items = match items(page_type, schemas) {
        Ok(items) => items,
        Err(reason) => return Detected::Unpaged(reason),
    };
    let list_type = match items.ty() {
        Some(ty) => ty,
        None => alias_of(page_type, schemas).unwrap_or(page_type),
    };
    let TypeRef::Array(item_type) = list_type else {
        return Detected::Unpaged("the reply's list has no item type".to_owned());
    };
    let item_type = (**item_type).clone();
    let size_member = size.filter(|p| is_count(&p.ty)).map(|p| to_member(p));
    let mut reasons = Vec::new();
    for (names, parameter) in cursors {
        let Some(parameter) = parameter else { continue };
        let text = names == TOKEN || names == MARKER;
        if !(if text { is_text } else { is_count })(&parameter.ty) {
            reasons.push(format!(
                "`{}` is neither a text nor a count",
                parameter.wire_name
            ));
            continue;
        }
        let cursor = if text {
            let next = find(page_type, NEXT_TOKEN, schemas, is_text)
                .map(|next| PagingCursor::Token { next });
            next.or_else(|| {
                (names == MARKER)
                    .then(|| item_id(&item_type, schemas).map(|id| PagingCursor::LastItem { id }))
                    .flatten()
            })
        } else {
            let total = find(page_type, TOTAL, schemas, is_count);
            Some(match names == OFFSET {
                true => PagingCursor::Offset { total },
                false => PagingCursor::PageNumber { total },
            })
        };
        match cursor {
            Some(cursor) => {
                return Detected::Paged(Box::new(Paging {
                    cursor,
                    cursor_member: to_member(parameter),
                    size_member,
                    items,
                    item_type,
                    page_type: page_type.clone(),
                }))
            }
            None => reasons.push(format!(
                "`{}` but the reply names no next token{}",
                parameter.wire_name,
                if names == MARKER {
                    " and its items no id"
                } else {
                    ""
                }
            )),
        }
    }
    Detected::Unpaged(reasons.join("; "))
}

fn to_member(parameter: &super::model::Parameter) -> PagingMember {
    PagingMember {
        rust_name: parameter.rust_name.clone(),
        wire_name: parameter.wire_name.clone(),
        ty: parameter.ty.clone(),
        required: parameter.required,
    }
}

fn is_text(ty: &TypeRef) -> bool {
    *ty == TypeRef::String
}

fn is_count(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::String)
}

/// The fields of an object schema that a path can go through: a field boxed because it refers
/// back to its own type is left out (a page's list or token is never one).
fn fields<'a>(ty: &TypeRef, schemas: &BTreeMap<&str, &'a Schema>) -> Vec<&'a Field> {
    let TypeRef::Named(name) = ty else {
        return Vec::new();
    };
    match schemas.get(name.as_str()).map(|s| &s.kind) {
        Some(SchemaKind::Object(fields)) => fields.iter().filter(|f| !f.boxed).collect(),
        _ => Vec::new(),
    }
}

/// The type a schema is another name for.
fn alias_of<'a>(ty: &TypeRef, schemas: &BTreeMap<&str, &'a Schema>) -> Option<&'a TypeRef> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match schemas.get(name.as_str()).map(|s| &s.kind) {
        Some(SchemaKind::Alias(ty)) => Some(ty),
        _ => None,
    }
}

/// The reply's list of items: the reply itself where it is a list (the empty path); its one array field, or the one called `items` among several;
/// where the reply has none, the one array of its one object field that has one
/// (`{"tag_resources": {"tag_resource": [...]}}`).
fn items(page: &TypeRef, schemas: &BTreeMap<&str, &Schema>) -> Result<FieldPath, String> {
    if let Some(TypeRef::Array(_)) = alias_of(page, schemas) {
        return Ok(FieldPath::default());
    }
    let pick = |fields: &[&Field]| -> Result<Option<FieldStep>, String> {
        let arrays: Vec<_> = fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Array(_)))
            .collect();
        match arrays.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(FieldStep::of(one))),
            several => match several.iter().find(|f| normalized(&f.wire_name) == "items") {
                Some(items) => Ok(Some(FieldStep::of(items))),
                None => Err(format!(
                    "the reply has several lists ({})",
                    several
                        .iter()
                        .map(|f| format!("`{}`", f.wire_name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
        }
    };
    let top = fields(page, schemas);
    if let Some(step) = pick(&top)? {
        return Ok(FieldPath { steps: vec![step] });
    }
    let mut nested = Vec::new();
    for field in top {
        if let Some(inner) = pick(&fields(&field.ty, schemas))? {
            nested.push(FieldPath {
                steps: vec![FieldStep::of(field), inner],
            });
        }
    }
    match nested.len() {
        1 => Ok(nested.remove(0)),
        0 => Err("the reply has no list of items".to_owned()),
        _ => Err("the reply's objects hold several lists".to_owned()),
    }
}

/// The first field named one of `names` (by preference, then nearest first) within
/// `MAX_DEPTH` objects of `ty`, whose type `fits`.
fn find(
    ty: &TypeRef,
    names: &[&str],
    schemas: &BTreeMap<&str, &Schema>,
    fits: fn(&TypeRef) -> bool,
) -> Option<FieldPath> {
    names.iter().find_map(|name| {
        let mut level = vec![FieldPath::default()];
        for _ in 0..MAX_DEPTH {
            let mut next = Vec::new();
            for path in &level {
                let at = path.ty().unwrap_or(ty);
                for field in fields(at, schemas) {
                    let mut path = path.clone();
                    path.steps.push(FieldStep::of(field));
                    if normalized(&field.wire_name) == *name && fits(&field.ty) {
                        return Some(path);
                    }
                    if matches!(field.ty, TypeRef::Named(_)) {
                        next.push(path);
                    }
                }
            }
            level = next;
        }
        None
    })
}

/// The path of an item's id (`id`, or `metadata.uid`).
fn item_id(item: &TypeRef, schemas: &BTreeMap<&str, &Schema>) -> Option<FieldPath> {
    ITEM_ID.iter().find_map(|names| {
        let mut path = FieldPath::default();
        let mut at = item.clone();
        for name in *names {
            let field = fields(&at, schemas)
                .into_iter()
                .find(|f| normalized(&f.wire_name) == *name)?;
            path.steps.push(FieldStep::of(field));
            at = field.ty.clone();
        }
        is_text(&at).then_some(path)
    })
}
