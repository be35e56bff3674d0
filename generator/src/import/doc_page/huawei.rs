//! Huawei Cloud help-center API pages, saved as text: the tables flattened one cell a line.
//!
//! The page is cut into its sections at their headings; each section has a reader that knows
//! what may appear in it, and every line it cannot place is a finding.

use super::lines::{self, bullet, Line};
use super::model::{self, Page, Row, Status, Table};
use super::report::Finding;
use super::types;
use crate::load::model::{
    ExampleKind, ExampleSpec, ParameterLocation, PermissionSpec, ResourceTypeSpec,
};

/// The sections of a page, by their heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Function,
    /// Prose kept as a note under its heading.
    Note,
    Authorization,
    Uri,
    Request,
    Response,
    ExampleRequests,
    ExampleResponses,
    StatusCodes,
    /// Code in the vendor's SDKs: what the generated client replaces, not a fact of the API.
    SdkSample,
}

fn heading(text: &str, in_prose: bool) -> Option<Kind> {
    Some(match text {
        "Function" => Kind::Function,
        "Calling Method" | "Debugging" | "Error Codes" => Kind::Note,
        // "Constraints" also labels a block inside description cells; it is a heading only in
        // the prose part of the page, before the first table.
        "Constraints" | "Restrictions" | "Description" if in_prose => Kind::Note,
        "Authorization Information" => Kind::Authorization,
        "URI" => Kind::Uri,
        "Request Parameters" | "Request" => Kind::Request,
        "Response Parameters" | "Response" => Kind::Response,
        "Example Requests" | "Example Request" => Kind::ExampleRequests,
        "Example Responses" | "Example Response" => Kind::ExampleResponses,
        "Status Codes" | "Status Code" if in_prose || text == "Status Codes" => Kind::StatusCodes,
        "SDK Sample Code" => Kind::SdkSample,
        _ => return None,
    })
}

struct Section<'a> {
    kind: Kind,
    heading: Line<'a>,
    /// The non-empty lines of the section, without its heading.
    body: Vec<Line<'a>>,
    /// Every line of the section (empty ones too), for example bodies.
    raw: Vec<Line<'a>>,
}

/// Reads a Huawei page; what it cannot place goes to `findings`.
pub fn read(text: &str, findings: &mut Vec<Finding>) -> Page {
    let all = lines::all(text);
    let filled = lines::non_empty(&all);
    let mut page = Page::default();
    let mut index = 0;
    let mut breadcrumb = None;
    if let Some(first) = filled.first().filter(|l| l.text.starts_with("Help Center")) {
        breadcrumb = Some(first.text.to_owned());
        index += 1;
    }
    if let Some(updated) = filled
        .get(index)
        .and_then(|l| l.text.strip_prefix("Updated on "))
    {
        page.updated = Some(updated.trim().to_owned());
        index += 1;
    }
    if let Some(title) = filled
        .get(index)
        .filter(|l| heading(l.text, true).is_none())
    {
        page.title = Some(title.text.to_owned());
        index += 1;
    }
    page.source_page = breadcrumb.or_else(|| page.title.clone());

    let sections = split(&all, &filled[index..], findings);
    for section in &sections {
        match section.kind {
            Kind::Function => {
                let text = prose(&section.body, findings);
                if !text.is_empty() {
                    page.description = Some(text);
                }
            }
            Kind::Note => {
                let text = prose(&section.body, findings);
                if !text.is_empty() {
                    page.notes.push(format!("{}: {text}", section.heading.text));
                }
            }
            Kind::Authorization => authorization(section, &mut page, findings),
            Kind::Uri => uri(section, &mut page, findings),
            Kind::Request => request(&section.body, &mut page, findings),
            Kind::Response => response(&section.body, &mut page, findings),
            Kind::ExampleRequests => example_requests(&section.raw, &mut page, findings),
            Kind::ExampleResponses => example_responses(&section.raw, &mut page, findings),
            Kind::StatusCodes => status_codes(&section.body, &mut page, findings),
            Kind::SdkSample => {}
        }
    }
    page
}

/// The sections in page order; lines before the first heading are findings.
fn split<'a>(
    all: &[Line<'a>],
    filled: &[Line<'a>],
    findings: &mut Vec<Finding>,
) -> Vec<Section<'a>> {
    let mut sections: Vec<Section<'a>> = Vec::new();
    let mut in_prose = true;
    for line in filled {
        let kind = heading(line.text, in_prose);
        match (kind, sections.last_mut()) {
            (Some(kind), _) => {
                if matches!(kind, Kind::Uri | Kind::Request | Kind::Response) {
                    in_prose = false;
                }
                sections.push(Section {
                    kind,
                    heading: *line,
                    body: Vec::new(),
                    raw: Vec::new(),
                });
            }
            (None, Some(section)) => section.body.push(*line),
            (None, None) => findings.push(Finding::new(
                line.number,
                format!("text before the first known section: {:?}", line.text),
            )),
        }
    }
    for section in &mut sections {
        let start = section.heading.number;
        let end = section.body.last().map_or(start, |l| l.number);
        section.raw = all
            .iter()
            .filter(|l| l.number > start && l.number <= end)
            .copied()
            .collect();
    }
    sections
}

/// A line with the shape of a heading the reader does not know: short, capitalised, no
/// sentence punctuation.
fn looks_like_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=4).contains(&words)
        && text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !text.contains(['.', ':', ',', ';', '(', ')', '"', '/', '{', '['])
        && bullet(text).is_none()
}

/// Prose: the first paragraph, then further lines one a line, bullets as `• item`.
fn prose(body: &[Line<'_>], findings: &mut Vec<Finding>) -> String {
    let mut text = String::new();
    for (position, line) in body.iter().enumerate() {
        if position > 0 && looks_like_heading(line.text) && position + 1 < body.len() {
            findings.push(Finding::new(
                line.number,
                format!(
                    "unknown section {:?}; its text is kept with the section before it",
                    line.text
                ),
            ));
        }
        if !text.is_empty() {
            text.push('\n');
        }
        match bullet(line.text) {
            Some(item) => {
                text.push_str("• ");
                text.push_str(item);
            }
            None => text.push_str(line.text),
        }
    }
    text
}

const PERMISSION_HEADER: [&str; 6] = [
    "Action",
    "Access Level",
    "Resource Type (*: required)",
    "Condition Key",
    "Alias",
    "Dependencies",
];

fn authorization(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
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

fn is_action(text: &str) -> bool {
    text.matches(':').count() >= 2 && !text.contains(' ')
}

/// The rows of the permission table: action, access level, resource types, condition keys
/// (bullets), alias, dependencies (bullets); `-` for an empty cell.
fn permissions(rows: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
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

fn uri(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let mut body = section.body.as_slice();
    if let Some((first, rest)) = body.split_first() {
        match request_line(first.text) {
            Some((method, path)) => {
                page.request_line = Some((first.number, method, path));
                body = rest;
            }
            None => findings.push(Finding::new(
                first.number,
                format!(
                    "expected the request line (METHOD /path), found {:?}",
                    first.text
                ),
            )),
        }
    }
    for table in tables(body, findings) {
        place_request_table(table, page, findings);
    }
}

fn request_line(text: &str) -> Option<(crate::load::model::HttpMethod, String)> {
    let (word, path) = text.split_once(' ')?;
    let path = path.trim();
    let path = path.strip_suffix(" HTTP/1.1").unwrap_or(path);
    (path.starts_with('/')).then_some(())?;
    Some((model::method(word)?, path.to_owned()))
}

fn request(body: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    for table in tables(body, findings) {
        place_request_table(table, page, findings);
    }
}

/// A table of the request side, by its caption.
fn place_request_table(captioned: Captioned, page: &mut Page, findings: &mut Vec<Finding>) {
    let Captioned { caption, table } = captioned;
    let lower = caption.to_ascii_lowercase();
    let location = if lower.starts_with("path parameter") || lower.starts_with("uri parameter") {
        Some(ParameterLocation::Path)
    } else if lower.starts_with("query parameter") {
        Some(ParameterLocation::Query)
    } else if lower.starts_with("request header parameter") {
        Some(ParameterLocation::Header)
    } else {
        None
    };
    if let Some(location) = location {
        page.parameters
            .extend(table.rows.into_iter().map(|row| (location, row)));
    } else if lower.starts_with("request body parameter") {
        if page.request_body.is_some() {
            findings.push(Finding::new(table.line, "a second request body table"));
        }
        page.request_body = Some(table);
    } else {
        place_object(caption, table, page, findings);
    }
}

/// A table named after an object (`Table 5 ResourceTag`).
fn place_object(caption: String, mut table: Table, page: &mut Page, findings: &mut Vec<Finding>) {
    if types::is_schema_name(&caption) {
        table.name = Some(caption);
        page.objects.push(table);
    } else {
        findings.push(Finding::new(
            table.line,
            format!("a table the importer does not know: {caption:?}"),
        ));
    }
}

fn response(body: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    let mut current: Option<Status> = None;
    let mut index = 0;
    while index < body.len() {
        let line = body[index];
        if let Some(status) = status_line(line.text) {
            if let Some(done) = current.take() {
                page.response_bodies.push(done);
            }
            current = Some(Status {
                line: line.number,
                status,
                description: None,
                body: None,
            });
            index += 1;
            continue;
        }
        if caption(line.text).is_some() {
            let end = body[index..]
                .iter()
                .position(|l| status_line(l.text).is_some())
                .map_or(body.len(), |p| index + p);
            for Captioned { caption, table } in tables(&body[index..end], findings) {
                let lower = caption.to_ascii_lowercase();
                if lower.starts_with("response body parameter") {
                    match current.as_mut() {
                        Some(status) if status.body.is_none() => status.body = Some(table),
                        _ => findings.push(Finding::new(
                            table.line,
                            "a response body table outside a \"Status code\" block",
                        )),
                    }
                } else if lower.starts_with("response header parameter") {
                    findings.push(Finding::new(
                        table.line,
                        "response header tables have no place in the spec yet",
                    ));
                } else {
                    place_object(caption, table, page, findings);
                }
            }
            index = end;
            continue;
        }
        match current.as_mut() {
            _ if line.text == "None" => {}
            Some(status) if status.description.is_none() && status.body.is_none() => {
                status.description = Some(line.text.to_owned());
            }
            _ => findings.push(Finding::new(
                line.number,
                format!(
                    "text the response section does not explain: {:?}",
                    line.text
                ),
            )),
        }
        index += 1;
    }
    if let Some(done) = current.take() {
        page.response_bodies.push(done);
    }
}

fn status_line(text: &str) -> Option<u16> {
    text.strip_prefix("Status code: ")?.trim().parse().ok()
}

fn caption(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("Table ")?;
    let (number, title) = rest.split_once(' ')?;
    number
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| title.trim())
}

/// A table and its caption's title.
struct Captioned {
    caption: String,
    table: Table,
}

const HEADER_CELLS: [&str; 5] = ["Parameter", "Mandatory", "Type", "Description", "Name"];

fn yes_no(text: &str) -> Option<bool> {
    match text {
        "Yes" => Some(true),
        "No" => Some(false),
        _ => None,
    }
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && !HEADER_CELLS.contains(&text)
        && yes_no(text).is_none()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-[].@$".contains(c))
}

/// The captioned tables of a run of lines; lines outside any table are findings.
fn tables(body: &[Line<'_>], findings: &mut Vec<Finding>) -> Vec<Captioned> {
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
fn table(caption: Line<'_>, lines: &[Line<'_>], findings: &mut Vec<Finding>) -> Table {
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

fn status_codes(body: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    let mut cells = body;
    match cells {
        [first, second, rest @ ..]
            if first.text == "Status Code" && second.text == "Description" =>
        {
            cells = rest;
        }
        [first, ..] => findings.push(Finding::new(
            first.number,
            "the Status Codes table has no header row (Status Code, Description)",
        )),
        [] => {}
    }
    for line in cells {
        let code = line
            .text
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=599).contains(c));
        match (code, page.statuses.last_mut()) {
            (Some(status), _) => page.statuses.push(Status {
                line: line.number,
                status,
                description: None,
                body: None,
            }),
            (None, Some(last)) => {
                let text = match last.description.take() {
                    Some(before) => format!("{before}\n\n{}", line.text),
                    None => line.text.to_owned(),
                };
                last.description = Some(text);
            }
            (None, None) => findings.push(Finding::new(
                line.number,
                format!("not a row of the Status Codes table: {:?}", line.text),
            )),
        }
    }
}

/// The raw lines of an example body: indentation kept, surrounding empty lines dropped.
fn body_text(lines: &[Line<'_>]) -> Option<String> {
    let start = lines.iter().position(|l| !l.text.is_empty())?;
    let end = lines.iter().rposition(|l| !l.text.is_empty())?;
    Some(
        lines[start..=end]
            .iter()
            .map(|l| l.raw)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn is_none_section(raw: &[Line<'_>]) -> bool {
    let filled: Vec<_> = raw.iter().filter(|l| !l.text.is_empty()).collect();
    filled.is_empty() || (filled.len() == 1 && filled[0].text == "None")
}

/// Where the lines that open an example are.
fn positions(raw: &[Line<'_>], opens: impl Fn(&str) -> bool) -> Vec<usize> {
    raw.iter()
        .enumerate()
        .filter(|(_, l)| opens(l.text))
        .map(|(i, _)| i)
        .collect()
}

fn example_requests(raw: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    if is_none_section(raw) {
        return;
    }
    let starts = positions(raw, request_line_loose);
    if starts.is_empty() {
        if let Some(line) = raw.iter().find(|l| !l.text.is_empty()) {
            findings.push(Finding::new(
                line.number,
                "an example request without a request line (METHOD /path)",
            ));
        }
        return;
    }
    let mut previous_end = 0;
    for (position, &start) in starts.iter().enumerate() {
        let next = starts.get(position + 1).copied().unwrap_or(raw.len());
        let description_lines: Vec<&str> = raw[previous_end..start]
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| l.text)
            .collect();
        let body_end = json_end(&raw[start + 1..next]).map_or(next, |e| start + 1 + e);
        page.examples.push(ExampleSpec {
            kind: ExampleKind::Request,
            status: None,
            description: (!description_lines.is_empty()).then(|| description_lines.join("\n")),
            request_line: Some(raw[start].text.to_owned()),
            body: body_text(&raw[start + 1..body_end]),
        });
        previous_end = body_end;
    }
}

/// A request line of an example: a method word and a path or URL.
fn request_line_loose(text: &str) -> bool {
    text.split_once(' ').is_some_and(|(word, rest)| {
        model::method(word).is_some() && (rest.starts_with('/') || rest.starts_with("http"))
    })
}

/// Where a JSON value that starts the lines ends (exclusive), counting brackets outside strings.
fn json_end(lines: &[Line<'_>]) -> Option<usize> {
    let first = lines.iter().position(|l| !l.text.is_empty())?;
    if !lines[first].text.starts_with(['{', '[']) {
        return None;
    }
    let mut depth = 0i64;
    let mut in_string = false;
    let mut escaped = false;
    for (index, line) in lines.iter().enumerate().skip(first) {
        for c in line.raw.chars() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return Some(index + 1);
        }
    }
    None
}

fn example_responses(raw: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    if is_none_section(raw) {
        return;
    }
    let starts = positions(raw, |text| status_line(text).is_some());
    if let Some(first) = raw
        .iter()
        .take(starts.first().copied().unwrap_or(raw.len()))
        .find(|l| !l.text.is_empty())
    {
        findings.push(Finding::new(
            first.number,
            format!(
                "an example response without a \"Status code\" line: {:?}",
                first.text
            ),
        ));
    }
    for (position, &start) in starts.iter().enumerate() {
        let next = starts.get(position + 1).copied().unwrap_or(raw.len());
        let block = &raw[start + 1..next];
        let json_start = block.iter().position(|l| l.text.starts_with(['{', '[']));
        let (description, body) = match json_start {
            Some(json) => {
                let words: Vec<&str> = block[..json]
                    .iter()
                    .filter(|l| !l.text.is_empty())
                    .map(|l| l.text)
                    .collect();
                let description = (!words.is_empty()).then(|| words.join("\n"));
                (description, body_text(&block[json..]))
            }
            None => {
                let mut filled = block.iter().filter(|l| !l.text.is_empty());
                let description = filled.next().map(|l| l.text.to_owned());
                let rest: Vec<Line<'_>> = filled.copied().collect();
                (description, body_text(&rest))
            }
        };
        page.examples.push(ExampleSpec {
            kind: ExampleKind::Response,
            status: status_line(raw[start].text),
            description,
            request_line: None,
            body,
        });
    }
}
