//! Alibaba Cloud API reference pages, saved as text: headings on their own lines, tables in
//! Markdown (`| a | b |`), where a cell holding a line break continues on the next line.

mod examples;
mod markdown_table;

use super::model::{self, Page, Row, Status, Table};
use super::report::Finding;
use crate::load::model::{ParameterLocation, PermissionSpec, ResourceTypeSpec};
use examples::examples;
use markdown_table::{column, markdown_tables, table_note, MarkdownTable};

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
    ResponseSyntax,
    Examples,
    Table,
}

const HEADINGS: [(&str, Kind); 11] = [
    ("Operation description", Kind::OperationDescription),
    ("Debugging", Kind::Note),
    ("Request parameter types", Kind::Note),
    ("Response syntax", Kind::ResponseSyntax),
    ("Authorization information", Kind::Authorization),
    ("Request syntax", Kind::RequestSyntax),
    ("Request parameters", Kind::RequestParameters),
    ("Response parameters", Kind::ResponseParameters),
    ("Examples", Kind::Examples),
    ("Error codes", Kind::Note),
    ("Change history", Kind::Table),
];

/// The site's navigation, which a page saved from the browser starts with: not the page's.
const SITE_NAVIGATION: [&str; 6] = [
    "All Products",
    "Search",
    "Document Center",
    "全部产品",
    "文档中心",
    "Search Help Center",
];

/// The headings of Alibaba's legacy reference pages, in English and Chinese.
const LEGACY_HEADINGS: [&str; 10] = [
    "RequestLine",
    "RequestHead",
    "RequestBody",
    "ResponseLine",
    "ResponseHead",
    "ResponseBody",
    "请求行",
    "特有请求头",
    "返回行",
    "特有返回头",
];

fn heading(text: &str) -> Option<Kind> {
    HEADINGS
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, kind)| *kind)
}

/// A line of the page's Markdown source as the rendered page shows it: `## Heading` as
/// `Heading`, code fences dropped, `\*` as `*`, `` `JSON` format`` as `JSON format`.
fn rendered(text: &str) -> Option<String> {
    if text.starts_with("```") {
        return None;
    }
    let text = text.trim_start_matches('#').trim_start();
    let mut shown = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(next)) if "*_()[]#`".contains(*next) => {}
            ('`', _) => {}
            _ => shown.push(c),
        }
    }
    Some(shown)
}

/// The page's lines, headings glued to the end of a line split off.
fn lines(text: &str) -> Vec<Line> {
    let mut found = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let Some(shown) = rendered(raw.trim()) else {
            continue;
        };
        let raw = if raw.trim_start().starts_with('#') {
            shown.as_str()
        } else {
            raw
        };
        let text = shown.trim();
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
    // A Markdown source's first line, `# Title`: the operation's name or a title in words.
    let markdown_title = text
        .lines()
        .position(|l| !l.trim().is_empty())
        .filter(|&p| {
            text.lines()
                .nth(p)
                .is_some_and(|l| l.trim_start().starts_with("# "))
        })
        .map(|p| p + 1);
    for line in &lines[..first_heading] {
        if SITE_NAVIGATION.contains(&line.text.as_str()) {
            continue;
        }
        if let Some(updated) = line.text.strip_prefix("Last Updated:") {
            page.updated = Some(updated.trim().to_owned());
        } else if let Some((product, operation)) = title_line(&line.text) {
            page.source_page = Some(format!("{product}:{operation}"));
            page.operation = Some(operation.to_owned());
            page.title = Some(operation.to_owned());
        } else if markdown_title == Some(line.number) {
            page.title = Some(line.text.clone());
            page.source_page = Some(line.text.clone());
            if is_operation_name(&line.text) {
                page.operation = Some(line.text.clone());
            }
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
    // Every reference page ends with its error codes; a page without them was saved cut short.
    // Alibaba's legacy reference pages head their parts `RequestLine`, `RequestHead`,
    // `ResponseLine`...; none of this layout is read yet, and saying so beats "no request line".
    for line in &lines {
        if LEGACY_HEADINGS.contains(&line.text.as_str()) {
            findings.push(Finding::new(
                line.number,
                format!(
                    "heading {:?} of Alibaba's legacy page layout, which the importer does not read; import the operation's current reference page",
                    line.text
                ),
            ));
        }
    }
    if !sections.iter().any(|s| s.heading.text == "Error codes") {
        findings.push(Finding::new(0, "the page has no Error codes section"));
    }
    for section in &sections {
        match section.kind {
            Kind::OperationDescription => operation_description(section, &mut page),
            Kind::Note => {
                let (prose, table) = split_table(section.body);
                let mut text = prose_text(prose);
                for table in markdown_tables(table, findings) {
                    text = join_note(&text, &table_note(&table));
                }
                if !text.is_empty() {
                    page.notes.push(format!("{}: {text}", section.heading.text));
                }
            }
            Kind::Table => {
                let notes: Vec<String> = markdown_tables(section.body, findings)
                    .iter()
                    .map(table_note)
                    .collect();
                if !notes.is_empty() {
                    page.notes
                        .push(format!("{}: {}", section.heading.text, notes.join("\n")));
                }
            }
            Kind::Authorization => authorization(section, &mut page, findings),
            Kind::RequestSyntax => request_syntax(section, &mut page, findings),
            Kind::RequestParameters => parameters(section, &mut page, findings),
            Kind::ResponseParameters => response_parameters(section, &mut page, findings),
            Kind::ResponseSyntax => response_syntax(section, &mut page, findings),
            Kind::Examples => examples(section, &mut page, findings),
        }
    }
    if let Some(title) = page.title.clone().or_else(|| page.operation.clone()) {
        page.title = Some(title);
    }
    place_parameters(&mut page, findings);
    if page.implicit_success.is_none() {
        page.implicit_success = Some(Status {
            line: 0,
            status: 200,
            description: Some("Success".to_owned()),
            body: None,
        });
    }
    page
}

/// Parameters named in the path travel in it, the others in the query (unless a Position
/// column said otherwise). Older pages print path parameters without braces
/// (`/clusters/ClusterId`): a segment that is exactly a parameter's name is its placeholder.
/// A segment shaped like a parameter (`TemplateId`: ACK's literal segments are lower case)
/// that no row names is a placeholder too, with a finding: sending it literally would be a
/// wrong request, and a placeholder without its parameter stops the import instead.
fn place_parameters(page: &mut Page, findings: &mut Vec<Finding>) {
    let Some((line, _, path)) = page.request_line.as_mut() else {
        return;
    };
    let line = *line;
    let names: Vec<String> = page
        .parameters
        .iter()
        .map(|(_, r)| r.name.clone())
        .collect();
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let parameter_shaped = segment.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && segment.chars().all(|c| c.is_ascii_alphanumeric());
            if names.iter().any(|n| n == segment) {
                format!("{{{segment}}}")
            } else if parameter_shaped {
                findings.push(Finding::new(
                    line,
                    format!(
                        "the path segment {segment:?} looks like a parameter, but no row of the parameter table names it"
                    ),
                ));
                format!("{{{segment}}}")
            } else {
                segment.to_owned()
            }
        })
        .collect();
    *path = segments.join("/");
    for (location, row) in &mut page.parameters {
        if path.contains(&format!("{{{}}}", row.name)) {
            *location = ParameterLocation::Path;
        }
    }
    // The rows the request syntax's body names are the body's properties.
    let Some((line, keys)) = page.body_keys.clone() else {
        return;
    };
    let (body, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut page.parameters)
        .into_iter()
        .partition(|(location, row)| {
            *location == ParameterLocation::Query && keys.contains(&row.name)
        });
    page.parameters = rest;
    for key in &keys {
        if !body.iter().any(|(_, row)| &row.name == key) {
            findings.push(Finding::new(
                line,
                format!("the request syntax's body has {key:?}, which no row of the parameter table describes"),
            ));
        }
    }
    if !body.is_empty() {
        page.request_body = Some(Table {
            line,
            name: None,
            number: None,
            field: None,
            items: false,
            rows: body.into_iter().map(|(_, row)| row).collect(),
        });
    }
}

fn is_operation_name(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
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

fn authorization(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let (prose, table) = split_table(section.body);
    let text = prose_text(prose);
    if !text.is_empty() {
        page.notes.push(format!("{}: {text}", section.heading.text));
    }
    let Some(table) = markdown_tables(table, findings).into_iter().next() else {
        return;
    };
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
    let mut headers = Vec::new();
    for (at, line) in section.body.iter().enumerate() {
        // The body the request sends, as a JSON template (`{"cluster_id" : "String", ...}`).
        if page.request_line.is_some() && (line.text.starts_with('{') || line.text.starts_with('['))
        {
            let template: Vec<&str> = section.body[at..].iter().map(|l| l.raw.as_str()).collect();
            body_template(line.number, &template.join("\n"), page, findings);
            break;
        }
        if page.request_line.is_some() && is_header_line(&line.text) {
            headers.push(line.text.as_str());
            continue;
        }
        let parsed = line.text.split_once(' ').and_then(|(word, rest)| {
            let path = rest.trim();
            let path = path.strip_suffix("HTTP/1.1").unwrap_or(path).trim();
            let path = path.split_once('?').map_or(path, |(path, _)| path).trim();
            let path = path.strip_suffix("HTTP/1.1").unwrap_or(path).trim();
            let path = match path.len().checked_sub("http|https".len()) {
                Some(at)
                    if path.is_char_boundary(at)
                        && path[at..].eq_ignore_ascii_case("http|https") =>
                {
                    path[..at].trim()
                }
                _ => path,
            };
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
    if !headers.is_empty() {
        page.notes
            .push(format!("{}: {}", section.heading.text, headers.join("\n")));
    }
}

/// The keys of the request syntax's JSON body. A template that is no JSON object is a
/// finding: its rows cannot be told from query parameters.
fn body_template(line: usize, text: &str, page: &mut Page, findings: &mut Vec<Finding>) {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => {
            page.body_keys = Some((line, map.keys().cloned().collect()));
        }
        Ok(_) => findings.push(Finding::new(
            line,
            "the request syntax shows a body that is not a JSON object; its parameters cannot be placed",
        )),
        Err(error) => findings.push(Finding::new(
            line,
            format!("the request syntax's body is not JSON ({error}); its parameters cannot be placed"),
        )),
    }
}

/// `Content-Type:application/json`: a header line of a request or response syntax block.
fn is_header_line(text: &str) -> bool {
    text.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// `HTTP/1.1 200 OK`: the success status and its reason phrase.
fn status_line(text: &str) -> Option<(u16, &str)> {
    let rest = text.strip_prefix("HTTP/1.1 ")?;
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    Some((code.parse().ok()?, reason.trim()))
}

fn response_syntax(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let mut template = Vec::new();
    for line in section.body {
        match status_line(&line.text) {
            Some((status, reason)) if page.implicit_success.is_none() => {
                page.implicit_success = Some(Status {
                    line: line.number,
                    status,
                    description: Some(
                        if reason.is_empty() { "Success" } else { reason }.to_owned(),
                    ),
                    body: None,
                });
            }
            _ if is_header_line(&line.text) => {}
            _ if page.implicit_success.is_some() => template.push(line.raw.as_str()),
            _ => findings.push(Finding::new(
                line.number,
                format!("not a status line: {:?}", line.text),
            )),
        }
    }
    if !template.is_empty() {
        page.notes.push(format!(
            "{}:\n{}",
            section.heading.text,
            template.join("\n")
        ));
    }
}

fn rows_of(table: &MarkdownTable, findings: &mut Vec<Finding>) -> Vec<Row> {
    let name = column(&table.header, &["Parameter", "Name"]);
    let type_column = column(&table.header, &["Type"]);
    let required = column(&table.header, &["Required"]);
    let description = column(&table.header, &["Description"]);
    let example = column(&table.header, &["Example"]);
    let position = column(&table.header, &["Position"]);
    let known = [name, type_column, required, description, example, position];
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
            value_range: None,
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

/// The tables of a section; text beside them is a finding.
fn section_tables(section: &Section<'_>, findings: &mut Vec<Finding>) -> Vec<MarkdownTable> {
    let (prose, table) = split_table(section.body);
    for line in prose.iter().filter(|l| l.text != "None") {
        findings.push(Finding::new(
            line.number,
            format!(
                "text outside the table of {:?}: {:?}",
                section.heading.text, line.text
            ),
        ));
    }
    markdown_tables(table, findings)
}

fn parameters(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    for table in section_tables(section, findings) {
        table_parameters(&table, page, findings);
    }
}

/// A Markdown table has no nesting: where a named row holds an object or a list of objects
/// (`clusters | Array of clusters`), older pages list its fields as the rows after it, and
/// where they end cannot be told. The row stays (as opaque JSON, which holds all of it) and
/// the rows after it are left out, with a finding, rather than read as its siblings.
fn without_flattened_fields(rows: Vec<Row>, findings: &mut Vec<Finding>) -> Vec<Row> {
    let holds_fields = |row: &Row| {
        let word = row.type_word.to_ascii_lowercase();
        let scalar_list = [
            "string", "integer", "long", "boolean", "number", "strings", "integers",
        ]
        .iter()
        .any(|s| word == format!("array of {s}"));
        !row.name.is_empty()
            && (word == "object"
                || word == "array"
                || (word.starts_with("array of ") && !scalar_list))
    };
    match rows.iter().position(holds_fields) {
        Some(at) if at + 1 < rows.len() => {
            let left_out: Vec<&str> = rows[at + 1..].iter().map(|r| r.name.as_str()).collect();
            findings.push(Finding::new(
                rows[at].line,
                format!(
                    "row {:?} ({}) has fields the table lists flat after it, so where they end cannot be told; it stays opaque JSON and the rows after it are left out: {}",
                    rows[at].name,
                    rows[at].type_word,
                    left_out.join(", ")
                ),
            ));
            rows.into_iter().take(at + 1).collect()
        }
        _ => rows,
    }
}

fn table_parameters(table: &MarkdownTable, page: &mut Page, findings: &mut Vec<Finding>) {
    let position = column(&table.header, &["Position"]);
    let rows = without_flattened_fields(rows_of(table, findings), findings);
    for ((_, cells), row) in table.rows.iter().zip(rows) {
        let location = match position.and_then(|p| cells.get(p)).map(String::as_str) {
            None | Some("Path" | "Query" | "") => ParameterLocation::Query,
            Some("Header") => ParameterLocation::Header,
            Some(other) => {
                findings.push(Finding::new(
                    row.line,
                    format!(
                        "parameter {:?} in {other:?}: that position has no place in the spec yet",
                        row.name
                    ),
                ));
                continue;
            }
        };
        page.parameters.push((location, row));
    }
}

fn response_parameters(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let tables = section_tables(section, findings);
    let Some(line) = tables.first().map(|t| t.line) else {
        return;
    };
    // The root row (no name) stands for the body itself: an object, or an array whose
    // items have the fields the rows after it list.
    let mut items = false;
    let rows: Vec<Row> = tables
        .iter()
        .flat_map(|table| rows_of(table, findings))
        .filter(|row| {
            let root = row.name.is_empty();
            if root && row.type_word.eq_ignore_ascii_case("array") {
                items = true;
            }
            !(root
                && (row.type_word.eq_ignore_ascii_case("object")
                    || row.type_word.eq_ignore_ascii_case("array")))
        })
        .collect();
    let rows = without_flattened_fields(rows, findings);
    page.response_bodies.push(Status {
        line,
        status: 200,
        description: None,
        body: Some(Table {
            line,
            name: None,
            number: None,
            field: None,
            items,
            rows,
        }),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_navigation_is_not_the_page_description() {
        let mut findings = Vec::new();
        let page = read("All Products\nSearch\nDocument Center\n\nContainer Service for Kubernetes:DeleteTemplate\n\nLast Updated:Aug 31, 2023\n\nDeletes a template.\n\nRequest syntax\n\nDELETE /templates/TemplateId HTTP/1.1\n", &mut findings);
        assert_eq!(page.description.as_deref(), Some("Deletes a template."));
        // The table that names TemplateId is missing: the segment is a placeholder, reported.
        let (_, _, path) = page.request_line.unwrap();
        assert_eq!(path, "/templates/{TemplateId}");
        assert!(
            findings
                .iter()
                .any(|f| f.message.contains("\"TemplateId\" looks like a parameter")),
            "{findings:?}"
        );
    }

    #[test]
    fn legacy_headings_are_named_in_the_findings() {
        let mut findings = Vec::new();
        read("# DeleteCluster\n\n## RequestLine\n\nDELETE /clusters/{ClusterId} HTTP/1.1\n\n## ResponseLine\n\nHTTP/1.1 202 Accepted\n", &mut findings);
        let messages: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("line 3: heading \"RequestLine\" of Alibaba's legacy")),
            "{messages:#?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("line 7: heading \"ResponseLine\"")),
            "{messages:#?}"
        );
    }
}
