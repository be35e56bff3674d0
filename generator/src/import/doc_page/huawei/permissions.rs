//! The authorization section: its prose, and the identity-policy permission table (action,
//! access level, resource types, condition keys, alias, dependencies; `-` for an empty cell).

use super::super::lines::{bullet, Line};
use super::super::model::Page;
use super::super::report::Finding;
use super::{prose, Section};
use crate::load::model::{PermissionSpec, ResourceTypeSpec};

pub(super) const PERMISSION_HEADER: [&str; 6] = [
    "Action",
    "Access Level",
    "Resource Type (*: required)",
    "Condition Key",
    "Alias",
    "Dependencies",
];

pub(super) fn authorization(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let body = &section.body;
    let table_start = body
        .windows(PERMISSION_HEADER.len())
        .position(|w| w.iter().zip(PERMISSION_HEADER).all(|(l, h)| l.text == h));
    let prose_end = table_start.unwrap_or(body.len());
    let text = prose(&body[..prose_end], findings);
    if !text.is_empty() {
        page.notes.push(format!("{}: {text}", section.heading.text));
    }
    if let Some(start) = table_start {
        let rows = &body[start + PERMISSION_HEADER.len()..];
        permissions(rows, page, findings);
    }
}

pub(super) fn is_action(text: &str) -> bool {
    text.matches(':').count() >= 2 && !text.contains(' ')
}

/// The rows of the permission table: action, access level, resource types, condition keys
/// (bullets), alias, dependencies (bullets); `-` for an empty cell.
pub(super) fn permissions(rows: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    let mut index = 0;
    let take_bullets = |index: &mut usize| -> Vec<String> {
        if rows.get(*index).is_some_and(|l| l.text == "-") {
            *index += 1;
            return Vec::new();
        }
        let mut items = Vec::new();
        while let Some(item) = rows.get(*index).and_then(|l| bullet(l.text)) {
            items.push(item.to_owned());
            *index += 1;
        }
        items
    };
    while let Some(line) = rows.get(index) {
        if !is_action(line.text) {
            findings.push(Finding::new(
                line.number,
                format!("not a row of the permission table: {:?}", line.text),
            ));
            index += 1;
            continue;
        }
        let action = line.text.to_owned();
        let Some(access) = rows.get(index + 1) else {
            findings.push(Finding::new(
                line.number,
                "permission row cut short: no access level",
            ));
            return;
        };
        index += 2;
        let mut resource_types = Vec::new();
        if rows.get(index).is_some_and(|l| l.text == "-") {
            index += 1;
        } else {
            while let Some(resource) = rows
                .get(index)
                .filter(|l| l.text != "-" && bullet(l.text).is_none() && !is_action(l.text))
            {
                let (name, required) = match resource.text.strip_suffix('*') {
                    Some(name) => (name.trim(), true),
                    None => (resource.text, false),
                };
                resource_types.push(ResourceTypeSpec {
                    name: name.to_owned(),
                    required,
                    pattern: None,
                });
                index += 1;
            }
        }
        let condition_keys = take_bullets(&mut index);
        let alias = match rows.get(index) {
            Some(alias) => {
                index += 1;
                (alias.text != "-").then(|| alias.text.to_owned())
            }
            None => {
                findings.push(Finding::new(
                    line.number,
                    format!("permission row {action:?} cut short: no alias and dependencies"),
                ));
                None
            }
        };
        let dependencies = take_bullets(&mut index);
        page.permissions.push(PermissionSpec {
            action,
            access_level: Some(access.text.to_owned()).filter(|a| a != "-"),
            resource_types,
            condition_keys,
            alias,
            dependencies,
        });
    }
}
