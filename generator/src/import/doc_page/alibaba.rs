//! Alibaba Cloud API reference pages, saved as text: headings on their own lines, tables in
//! Markdown (`| a | b |`), where a cell holding a line break continues on the next line.

use super::model::{self, Page, Row, Status, Table};
use super::report::Finding;
use crate::load::model::{
    ExampleKind, ExampleSpec, ParameterLocation, PermissionSpec, ResourceTypeSpec,
};

/// A line of the page, owned because a heading glued to the end of a line (`{}Error codes`)
/// is split off into a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    number: usize,
    text: String,
    /// The line with its indentation, for example bodies.
    raw: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OperationDescription,
    Note,
    Authorization,
    RequestSyntax,
    RequestParameters,
    ResponseParameters,
    Examples,
    Table,
}

const HEADINGS: [(&str, Kind); 9] = [
    ("Operation description", Kind::OperationDescription),
    ("Debugging", Kind::Note),
    ("Authorization information", Kind::Authorization),
    ("Request syntax", Kind::RequestSyntax),
    ("Request parameters", Kind::RequestParameters),
    ("Response parameters", Kind::ResponseParameters),
    ("Examples", Kind::Examples),
    ("Error codes", Kind::Note),
    ("Change history", Kind::Table),
];

fn heading(text: &str) -> Option<Kind> {
    HEADINGS
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, kind)| *kind)
}

/// The page's lines, headings glued to the end of a line split off.
fn lines(text: &str) -> Vec<Line> {
    let mut found = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let text = raw.trim();
        let glued = HEADINGS.iter().find_map(|(name, _)| {
            text.strip_suffix(name)
                .filter(|before| !before.is_empty() && !before.ends_with(' '))
                .map(|before| (before, *name))
        });
        match glued {
            Some((before, name)) if !before.chars().last().is_some_and(char::is_alphanumeric) => {
                let raw = raw.trim_end();
                let raw_before = raw.strip_suffix(name).unwrap_or(raw);
                found.push(Line {
                    number,
                    text: before.to_owned(),
                    raw: raw_before.to_owned(),
                });
                found.push(Line {
                    number,
                    text: name.to_owned(),
                    raw: name.to_owned(),
                });
            }
            _ if text.is_empty() => {}
            _ => found.push(Line {
                number,
                text: text.to_owned(),
                raw: raw.trim_end().to_owned(),
            }),
        }
    }
    found
}

struct Section<'a> {
    kind: Kind,
    heading: &'a Line,
    body: &'a [Line],
}

/// Reads an Alibaba page; what it cannot place goes to `findings`.
pub fn read(text: &str, findings: &mut Vec<Finding>) -> Page {
    let lines = lines(text);
    let mut page = Page::default();
    let first_heading = lines
        .iter()
        .position(|l| heading(&l.text).is_some())
        .unwrap_or(lines.len());
    let mut description = Vec::new();
    for line in &lines[..first_heading] {
        if let Some(updated) = line.text.strip_prefix("Last Updated:") {
            page.updated = Some(updated.trim().to_owned());
        } else if let Some((product, operation)) = title_line(&line.text) {
            page.source_page = Some(format!("{product}:{operation}"));
            page.operation = Some(operation.to_owned());
            page.title = Some(operation.to_owned());
        } else {
            description.push(line.text.as_str());
        }
    }
    if !description.is_empty() {
        page.description = Some(description.join("\n\n"));
    }
    let mut sections = Vec::new();
    let mut index = first_heading;
    while index < lines.len() {
        let end = lines[index + 1..]
            .iter()
            .position(|l| heading(&l.text).is_some())
            .map_or(lines.len(), |p| index + 1 + p);
        if let Some(kind) = heading(&lines[index].text) {
            sections.push(Section {
                kind,
                heading: &lines[index],
                body: &lines[index + 1..end],
            });
        }
        index = end;
    }
    for section in &sections {
        match section.kind {
            Kind::OperationDescription => operation_description(section, &mut page),
            Kind::Note => {
                let (prose, table) = split_table(section.body);
                let mut text = prose_text(prose);
                if !table.is_empty() {
                    let rows = markdown_rows(table, findings);
                    text = join_note(&text, &table_note(&rows));
                }
                if !text.is_empty() {
                    page.notes.push(format!("{}: {text}", section.heading.text));
                }
            }
            Kind::Table => {
                let rows = markdown_rows(section.body, findings);
                page.notes
                    .push(format!("{}: {}", section.heading.text, table_note(&rows)));
            }
            Kind::Authorization => authorization(section, &mut page, findings),
            Kind::RequestSyntax => request_syntax(section, &mut page, findings),
            Kind::RequestParameters => parameters(section, &mut page, findings),
            Kind::ResponseParameters => response_parameters(section, &mut page, findings),
            Kind::Examples => examples(section, &mut page, findings),
        }
    }
    if let Some(title) = page.title.clone().or_else(|| page.operation.clone()) {
        page.title = Some(title);
    }
    // Parameters named in the path travel in it; the others in the query.
    if let Some((_, _, path)) = &page.request_line {
        for (location, row) in &mut page.parameters {
            if path.contains(&format!("{{{}}}", row.name)) {
                *location = ParameterLocation::Path;
            }
        }
    }
    page.implicit_success = Some(Status {
        line: 0,
        status: 200,
        description: Some("Success".to_owned()),
        body: None,
    });
    page
}

/// `Container Service for Kubernetes:CleanClusterUserPermissions`: product and operation.
fn title_line(text: &str) -> Option<(&str, &str)> {
    let (product, operation) = text.split_once(':')?;
    let operation = operation.trim();
    (product.contains(' ')
        && !operation.is_empty()
        && operation.chars().all(|c| c.is_ascii_alphanumeric())
        && operation
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase()))
    .then_some((product.trim(), operation))
}

fn split_table(body: &[Line]) -> (&[Line], &[Line]) {
    let start = body
        .iter()
        .position(|l| l.text.starts_with('|'))
        .unwrap_or(body.len());
    body.split_at(start)
}

/// Prose lines: the first as it is, each `- item` on a line of its own, other lines
/// continuing the line before.
fn prose_text(lines: &[Line]) -> String {
    let mut text = String::new();
    for line in lines {
        if text.is_empty() {
            text.push_str(&line.text);
        } else if line.text.starts_with("- ") {
            text.push('\n');
            text.push_str(&line.text);
        } else {
            text.push(' ');
            text.push_str(&line.text);
        }
    }
    text
}

fn join_note(prose: &str, table: &str) -> String {
    if prose.is_empty() {
        table.to_owned()
    } else {
        format!("{prose}\n{table}")
    }
}

fn operation_description(section: &Section<'_>, page: &mut Page) {
    let items: Vec<String> = section
        .body
        .iter()
        .filter(|l| l.text != "-" && l.text != "Note")
        .map(|l| match l.text.strip_prefix("- ") {
            Some(item) => format!("- {item}"),
            None => format!("- {}", l.text),
        })
        .collect();
    if !items.is_empty() {
        page.notes
            .push(format!("{}:\n{}", section.heading.text, items.join("\n")));
    }
}

/// A Markdown table: its header cells and its rows, each with the line it starts on.
struct MarkdownTable {
    line: usize,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

fn cells(row: &str) -> Vec<String> {
    let mut parts: Vec<&str> = row.split('|').collect();
    if !parts.is_empty() {
        parts.remove(0);
    }
    if row.trim_end().ends_with('|') {
        parts.pop();
    }
    parts.iter().map(|p| p.trim().to_owned()).collect()
}

fn is_separator(text: &str) -> bool {
    text.starts_with('|') && text.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Reads the table of `lines`: a header, a separator, then rows; a row with fewer cells than
/// the header continues on the next line (the page broke a cell at a line break).
fn markdown_rows(lines: &[Line], findings: &mut Vec<Finding>) -> MarkdownTable {
    let mut table = MarkdownTable {
        line: lines.first().map_or(0, |l| l.number),
        header: Vec::new(),
        rows: Vec::new(),
    };
    let Some((first, rest)) = lines.split_first() else {
        return table;
    };
    if !first.text.starts_with('|') || is_separator(&first.text) {
        findings.push(Finding::new(
            first.number,
            format!("expected a table's header row, found {:?}", first.text),
        ));
        return table;
    }
    table.header = cells(&first.text);
    let mut rest = rest;
    if rest.first().is_some_and(|l| is_separator(&l.text)) {
        rest = &rest[1..];
    }
    let mut pending: Option<(usize, String)> = None;
    for line in rest {
        let text = match pending.take() {
            Some((start, before)) => (start, format!("{before}\n{}", line.text)),
            None if line.text.starts_with('|') => (line.number, line.text.clone()),
            None => {
                findings.push(Finding::new(
                    line.number,
                    format!("text after the table: {:?}", line.text),
                ));
                continue;
            }
        };
        if cells(&text.1).len() >= table.header.len() {
            table.rows.push((text.0, cells(&text.1)));
        } else {
            pending = Some(text);
        }
    }
    if let Some((start, _)) = pending {
        findings.push(Finding::new(
            start,
            format!(
                "table row cut short: fewer cells than the {} columns",
                table.header.len()
            ),
        ));
    }
    table
}

/// A table kept as a note: its header and rows, or that it has none.
fn table_note(table: &MarkdownTable) -> String {
    let header = table.header.join(" | ");
    if table.rows.is_empty() {
        return format!("the table ({header}) has no rows.");
    }
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|(_, cells)| cells.join(" | "))
        .collect();
    format!("{header}\n{}", rows.join("\n"))
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
}

fn authorization(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let (prose, table) = split_table(section.body);
    let text = prose_text(prose);
    if !text.is_empty() {
        page.notes.push(format!("{}: {text}", section.heading.text));
    }
    if table.is_empty() {
        return;
    }
    let table = markdown_rows(table, findings);
    let (Some(action), Some(access), Some(resource)) = (
        column(&table.header, &["Operation"]),
        column(&table.header, &["Access level"]),
        column(&table.header, &["Resource type"]),
    ) else {
        findings.push(Finding::new(
            table.line,
            "the authorization table lacks the Operation, Access level or Resource type column",
        ));
        return;
    };
    let condition = column(&table.header, &["Condition key"]);
    let associated = column(&table.header, &["Associated operation"]);
    let list = |cells: &[String], index: Option<usize>| -> Vec<String> {
        index
            .and_then(|i| cells.get(i))
            .filter(|c| !c.is_empty() && c.as_str() != "none")
            .map(|c| c.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default()
    };
    for (_, cells) in &table.rows {
        let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
        page.permissions.push(PermissionSpec {
            action: cell(action),
            access_level: Some(cell(access)).filter(|a| !a.is_empty()),
            resource_types: resource_types(&cell(resource)),
            condition_keys: list(cells, condition),
            alias: None,
            dependencies: list(cells, associated),
        });
        if page.operation.is_none() {
            page.operation = cell(action)
                .split_once(':')
                .map(|(_, name)| name.to_owned());
        }
    }
}

/// `*Cluster acs:cs:{#regionId}:...`: names (`*` marks a required one), each followed by its
/// resource pattern.
fn resource_types(cell: &str) -> Vec<ResourceTypeSpec> {
    let mut types: Vec<ResourceTypeSpec> = Vec::new();
    for word in cell.split_whitespace() {
        let is_pattern = word.contains(':') || word == "*";
        match types.last_mut() {
            Some(last) if is_pattern && last.pattern.is_none() => {
                last.pattern = Some(word.to_owned());
            }
            Some(last) if !is_pattern && last.pattern.is_none() => {
                last.name = format!("{} {word}", last.name);
            }
            _ => {
                let (name, required) = match word.strip_prefix('*') {
                    Some(name) => (name, true),
                    None => (word, false),
                };
                types.push(ResourceTypeSpec {
                    name: name.to_owned(),
                    required,
                    pattern: None,
                });
            }
        }
    }
    types
}

fn request_syntax(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    for line in section.body {
        let parsed = line.text.split_once(' ').and_then(|(word, rest)| {
            let path = rest.trim();
            let path = path.strip_suffix("HTTP/1.1").unwrap_or(path).trim();
            let path = path.strip_suffix("http|https").unwrap_or(path).trim();
            Some((model::method(word)?, path.to_owned())).filter(|(_, p)| p.starts_with('/'))
        });
        match parsed {
            Some((method, path)) if page.request_line.is_none() => {
                page.request_line = Some((line.number, method, path));
            }
            _ => findings.push(Finding::new(
                line.number,
                format!("not a request line: {:?}", line.text),
            )),
        }
    }
}

fn rows_of(table: &MarkdownTable, findings: &mut Vec<Finding>) -> Vec<Row> {
    let name = column(&table.header, &["Parameter", "Name"]);
    let type_column = column(&table.header, &["Type"]);
    let required = column(&table.header, &["Required"]);
    let description = column(&table.header, &["Description"]);
    let example = column(&table.header, &["Example"]);
    let known = [name, type_column, required, description, example];
    for (index, cell) in table.header.iter().enumerate() {
        if !known.contains(&Some(index)) {
            findings.push(Finding::new(
                table.line,
                format!("a column the importer does not know: {cell:?}"),
            ));
        }
    }
    let (Some(name), Some(type_column)) = (name, type_column) else {
        findings.push(Finding::new(
            table.line,
            "the table has no Parameter or Type column",
        ));
        return Vec::new();
    };
    let cell = |cells: &[String], index: Option<usize>| -> Option<String> {
        index
            .and_then(|i| cells.get(i))
            .filter(|c| !c.is_empty())
            .cloned()
    };
    table
        .rows
        .iter()
        .map(|(line, cells)| Row {
            line: *line,
            name: cells.get(name).cloned().unwrap_or_default(),
            required: cell(cells, required).map(|r| r == "Yes"),
            type_word: cells.get(type_column).cloned().unwrap_or_default(),
            description: cell(cells, description)
                .map(|d| {
                    d.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            example: cell(cells, example),
        })
        .collect()
}

/// The one table of a section; text beside it is a finding.
fn only_table(section: &Section<'_>, findings: &mut Vec<Finding>) -> Option<MarkdownTable> {
    let (prose, table) = split_table(section.body);
    for line in prose {
        findings.push(Finding::new(
            line.number,
            format!(
                "text outside the table of {:?}: {:?}",
                section.heading.text, line.text
            ),
        ));
    }
    (!table.is_empty()).then(|| markdown_rows(table, findings))
}

fn parameters(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let Some(table) = only_table(section, findings) else {
        return;
    };
    for row in rows_of(&table, findings) {
        page.parameters.push((ParameterLocation::Query, row));
    }
}

fn response_parameters(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let Some(table) = only_table(section, findings) else {
        return;
    };
    let line = table.line;
    // The root row (no name, type object) stands for the body itself.
    let rows: Vec<Row> = rows_of(&table, findings)
        .into_iter()
        .filter(|row| !(row.name.is_empty() && row.type_word.eq_ignore_ascii_case("object")))
        .collect();
    page.response_bodies.push(Status {
        line,
        status: 200,
        description: None,
        body: Some(Table {
            line,
            name: None,
            rows,
        }),
    });
}

fn examples(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let mut description: Option<String> = None;
    let mut body: Vec<&str> = Vec::new();
    let mut in_error_samples = false;
    let flush = |description: &mut Option<String>, body: &mut Vec<&str>, page: &mut Page| {
        if description.is_none() && body.is_empty() {
            return;
        }
        let text = body.join("\n");
        if text.trim() == "{}" {
            page.empty_object_response = true;
        }
        page.examples.push(ExampleSpec {
            kind: ExampleKind::Response,
            status: Some(200),
            description: description.take(),
            request_line: None,
            body: (!text.is_empty()).then_some(text),
        });
        body.clear();
    };
    for line in section.body {
        let text = line.text.as_str();
        if text.starts_with("Sample success responses") {
            flush(&mut description, &mut body, page);
            description = Some(text.to_owned());
            in_error_samples = false;
        } else if text.starts_with("Sample error responses") {
            findings.push(Finding::new(
                line.number,
                "error response examples name no status; not imported",
            ));
            flush(&mut description, &mut body, page);
            in_error_samples = true;
        } else if in_error_samples
            || matches!(
                text,
                "JSONformat" | "JSON format" | "XMLformat" | "XML format"
            )
        {
        } else {
            body.push(line.raw.as_str());
        }
    }
    flush(&mut description, &mut body, page);
}
