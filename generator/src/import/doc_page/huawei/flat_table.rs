//! Huawei's tables as the saved page flattens them: a caption (`Table 3 Request header
//! parameters`), the header cells one a line, then each row as its name, `Yes`/`No` where the
//! table has a Mandatory column, its type word, and its description lines. A row starts where
//! those shapes line up; anything else is description, or a finding.

use super::super::lines::Line;
use super::super::model::{Row, Table};
use super::super::report::Finding;
use super::super::types;

pub(super) fn caption(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("Table ")?;
    let (number, title) = rest.split_once(' ')?;
    number
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| title.trim())
}

/// A table and its caption's title.
pub(super) struct Captioned {
    pub(super) caption: String,
    pub(super) table: Table,
}

pub(super) const HEADER_CELLS: [&str; 5] =
    ["Parameter", "Mandatory", "Type", "Description", "Name"];

pub(super) fn yes_no(text: &str) -> Option<bool> {
    match text {
        "Yes" => Some(true),
        "No" => Some(false),
        _ => None,
    }
}

pub(super) fn is_name(text: &str) -> bool {
    !text.is_empty()
        && !HEADER_CELLS.contains(&text)
        && yes_no(text).is_none()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-[].@$".contains(c))
}

/// The captioned tables of a run of lines; lines outside any table are findings.
pub(super) fn tables(body: &[Line<'_>], findings: &mut Vec<Finding>) -> Vec<Captioned> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < body.len() {
        let line = body[index];
        let Some(title) = caption(line.text) else {
            if line.text != "None" {
                findings.push(Finding::new(
                    line.number,
                    format!("text outside any table: {:?}", line.text),
                ));
            }
            index += 1;
            continue;
        };
        let end = body[index + 1..]
            .iter()
            .position(|l| caption(l.text).is_some())
            .map_or(body.len(), |p| index + 1 + p);
        let table = table(line, &body[index + 1..end], findings);
        found.push(Captioned {
            caption: title.to_owned(),
            table,
        });
        index = end;
    }
    found
}

/// One table: its header cells, then rows `name, [Yes|No], type, description lines`.
pub(super) fn table(caption: Line<'_>, lines: &[Line<'_>], findings: &mut Vec<Finding>) -> Table {
    let header_len = lines
        .iter()
        .take_while(|l| HEADER_CELLS.contains(&l.text))
        .count();
    let header: Vec<&str> = lines[..header_len].iter().map(|l| l.text).collect();
    let cells = &lines[header_len..];
    let mandatory = if header.is_empty() {
        findings.push(Finding::new(
            caption.number,
            format!(
                "{:?} has no header row (Parameter, Type, Description)",
                caption.text
            ),
        ));
        cells.get(1).is_some_and(|l| yes_no(l.text).is_some())
    } else {
        if !header.contains(&"Type") || !(header.contains(&"Parameter") || header.contains(&"Name"))
        {
            findings.push(Finding::new(
                caption.number,
                format!(
                    "{:?} has an incomplete header row: {}",
                    caption.text,
                    header.join(", ")
                ),
            ));
        }
        header.contains(&"Mandatory")
    };
    let starts_row = |i: usize| -> bool {
        let at = |k: usize| cells.get(i + k).map(|l| l.text);
        at(0).is_some_and(is_name)
            && if mandatory {
                at(1).and_then(yes_no).is_some() && at(2).is_some_and(types::looks_like_type)
            } else {
                at(1).is_some_and(types::looks_like_type)
            }
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut index = 0;
    while index < cells.len() {
        if starts_row(index) {
            let width = if mandatory { 3 } else { 2 };
            let name = cells[index];
            rows.push(Row {
                line: name.number,
                name: name.text.to_owned(),
                required: if mandatory {
                    yes_no(cells[index + 1].text)
                } else {
                    None
                },
                type_word: cells[index + width - 1].text.to_owned(),
                description: Vec::new(),
                example: None,
            });
            index += width;
            continue;
        }
        let line = cells[index];
        let cut_short = mandatory
            && is_name(line.text)
            && cells.get(index + 1).and_then(|l| yes_no(l.text)).is_some()
            && !cells
                .get(index + 2)
                .is_some_and(|l| types::looks_like_type(l.text));
        match rows.last_mut() {
            _ if cut_short => {
                findings.push(Finding::new(
                    line.number,
                    format!("row {:?} is cut short: it has no type", line.text),
                ));
                index += 2;
                continue;
            }
            Some(row) => row.description.push(line.text.to_owned()),
            None => findings.push(Finding::new(
                line.number,
                format!("not a row of {:?}: {:?}", caption.text, line.text),
            )),
        }
        index += 1;
    }
    if rows.is_empty() {
        findings.push(Finding::new(
            caption.number,
            format!("{:?} has no rows", caption.text),
        ));
    }
    Table {
        line: caption.number,
        name: None,
        rows,
    }
}
