//! Huawei's tables as the saved page flattens them: a caption (`Table 3 Request header
//! parameters`), the header cells one a line, then each row as its name, `Yes`/`No` where the
//! table has a Mandatory column, its type word, and its description lines. A row starts where
//! those shapes line up; anything else is description, or a finding.

use super::super::lines::Line;
use super::super::model::{Row, Table};
use super::super::report::Finding;
use super::super::types;

pub(super) fn caption(text: &str) -> Option<&str> {
    caption_parts(text).map(|(_, title)| title)
}

/// A caption's number and title (`Table 3 Data structure of the spec field`). The sentence
/// older pages put before a table (`Table 1 describes the parameters of this API.`) is not one.
fn caption_parts(text: &str) -> Option<(u32, &str)> {
    let rest = text
        .strip_prefix("Table ")
        .or_else(|| text.strip_prefix("表"))?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let number = rest[..digits].parse().ok()?;
    let title = rest[digits..].trim();
    (!title.is_empty() && !title.starts_with("describes ") && !title.starts_with("lists "))
        .then_some((number, title))
}

/// Lines of older pages that point at a table or another section instead of stating
/// anything: `Table 2 describes the request parameters.`, `Request parameters:`, `For the
/// description about status codes, see section Status Codes.`
pub(super) fn is_pointer(text: &str) -> bool {
    let sentence = text
        .strip_prefix("Table ")
        .map(|rest| {
            rest.trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start()
        })
        .is_some_and(|rest| rest.starts_with("describes ") || rest.starts_with("lists "));
    sentence
        || matches!(
            text,
            "Request parameters:" | "Response parameters:" | "Request parameters"
        )
        || text.starts_with("For the description about ")
}

/// The field an older page's nested table describes: `Data structure of the spec field`.
pub(super) fn described_field(title: &str) -> Option<&str> {
    let field = title
        .strip_prefix("Data structure of the ")?
        .strip_suffix(" field")?
        .trim();
    is_name(field).then_some(field)
}

/// A table and its caption's title.
pub(super) struct Captioned {
    pub(super) caption: String,
    pub(super) table: Table,
}

/// The type word of a row in a table without a Type column.
const TYPELESS: &str = "String";

pub(super) const HEADER_CELLS: [&str; 6] = [
    "Parameter",
    "Mandatory",
    "Type",
    "Description",
    "Name",
    "Value Range",
];

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

/// Whether a table starts at `body[index]`: its caption, or (in renderings that drop the
/// captions) a header row that no caption comes right before.
pub(super) fn starts_table(body: &[Line<'_>], index: usize) -> bool {
    caption(body[index].text).is_some() || uncaptioned_header(body, index)
}

fn uncaptioned_header(body: &[Line<'_>], index: usize) -> bool {
    let header = |i: usize| body.get(i).is_some_and(|l| HEADER_CELLS.contains(&l.text));
    matches!(body[index].text, "Parameter" | "Name")
        && header(index + 1)
        && !(index > 0 && caption(body[index - 1].text).is_some())
}

/// The tables of a run of lines, captioned or not (an uncaptioned one has the caption `""`);
/// lines outside any table are findings.
pub(super) fn tables(body: &[Line<'_>], findings: &mut Vec<Finding>) -> Vec<Captioned> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < body.len() {
        let line = body[index];
        let captioned = caption_parts(line.text);
        if captioned.is_none() && !uncaptioned_header(body, index) {
            // `None` / `N/A`: the page states that the section has no table.
            if !matches!(line.text, "None" | "N/A") && !is_pointer(line.text) {
                findings.push(Finding::new(
                    line.number,
                    format!("text outside any table: {:?}", line.text),
                ));
            }
            index += 1;
            continue;
        }
        // The caption line, or the header's first cell standing in for it.
        let first = if captioned.is_some() {
            index + 1
        } else {
            index
        };
        let end = (first + 1..body.len())
            .find(|&i| starts_table(body, i))
            .unwrap_or(body.len());
        let mut table = table(line, &body[first..end], findings);
        let (number, title) = captioned.map_or((None, ""), |(n, t)| (Some(n), t));
        table.number = number;
        table.field = described_field(title).map(str::to_owned);
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
    // Older pages' parameter tables have no Type column: the values are sent as text.
    let typeless = !header.contains(&"Type")
        && header.contains(&"Parameter")
        && header.contains(&"Mandatory")
        && header.contains(&"Description");
    let mandatory = if typeless {
        true
    } else if header.is_empty() {
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
    // The cells a row has before its description, in the header's order; a page saved
    // without a header row has its name, its Mandatory cell (when the second cell is Yes or
    // No) and its type.
    let mut columns: Vec<&str> = header
        .iter()
        .copied()
        .filter(|c| matches!(*c, "Mandatory" | "Type" | "Value Range"))
        .collect();
    if header.is_empty() {
        columns = if mandatory {
            vec!["Mandatory", "Type"]
        } else {
            vec!["Type"]
        };
    } else if !typeless && !columns.contains(&"Type") {
        columns.push("Type");
    }
    let starts_row = |i: usize| -> bool {
        let at = |k: usize| cells.get(i + k).map(|l| l.text);
        at(0).is_some_and(is_name)
            && columns.iter().enumerate().all(|(k, column)| match *column {
                "Mandatory" => at(k + 1).and_then(yes_no).is_some(),
                "Type" => at(k + 1).is_some_and(types::looks_like_type),
                _ => at(k + 1).is_some(),
            })
    };
    let cell = |i: usize, column: &str| {
        columns
            .iter()
            .position(|c| *c == column)
            .and_then(|k| cells.get(i + k + 1))
            .map(|l| l.text)
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut index = 0;
    while index < cells.len() {
        if starts_row(index) {
            let width = columns.len() + 1;
            let name = cells[index];
            rows.push(Row {
                line: name.number,
                name: name.text.to_owned(),
                required: cell(index, "Mandatory").and_then(yes_no),
                type_word: cell(index, "Type").unwrap_or(TYPELESS).to_owned(),
                value_range: cell(index, "Value Range")
                    .filter(|r| !matches!(*r, "-" | "N/A" | "None"))
                    .map(str::to_owned),
                description: Vec::new(),
                example: None,
            });
            index += width;
            continue;
        }
        let line = cells[index];
        let cut_short = mandatory
            && !typeless
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
        number: None,
        field: None,
        items: false,
        rows,
    }
}
