//! Huawei Cloud help-center API pages, saved as text: the tables flattened one cell a line.
//!
//! The page is cut into its sections at their headings; each section has a reader that knows
//! what may appear in it, and every line it cannot place is a finding.

mod examples;
mod flat_table;
mod normalize;
mod permissions;

use super::lines::{self, bullet, Line};
use super::model::{self, Page, Status, Table};
use super::report::Finding;
use super::types;
use crate::load::model::{ExampleKind, ExampleSpec, ParameterLocation};
use examples::{example_requests, example_responses};
use flat_table::{caption, tables, Captioned};
use permissions::authorization;

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
        "Function" | "功能介绍" => Kind::Function,
        "Calling Method" | "Debugging" | "Error Codes" | "调用方法" | "调试" | "错误码" => {
            Kind::Note
        }
        // "Constraints" also labels a block inside description cells; it is a heading only in
        // the prose part of the page, before the first table.
        "Constraints" | "Restrictions" | "约束与限制" if in_prose => Kind::Note,
        "Authorization Information" | "授权信息" => Kind::Authorization,
        // Older pages (CCE's Kubernetes API reference) head the request line "URL".
        "URI" | "URL" => Kind::Uri,
        "Request Parameters" | "Request" | "请求参数" => Kind::Request,
        "Response Parameters" | "Response" | "响应参数" => Kind::Response,
        "Example Requests" | "Example Request" | "请求示例" => Kind::ExampleRequests,
        "Example Responses" | "Example Response" | "响应示例" => Kind::ExampleResponses,
        "Status Codes" | "Status Code" | "状态码" => Kind::StatusCodes,
        "SDK Sample Code" | "SDK代码示例" => Kind::SdkSample,
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
    let text = normalize::normalize(text, findings);
    let all = lines::all(&text);
    let filled = lines::non_empty(&all);
    let mut page = Page::default();
    let mut index = 0;
    let mut breadcrumb = None;
    if let Some(first) = filled.first().filter(|l| l.text.starts_with("Help Center")) {
        breadcrumb = Some(first.text.to_owned());
        index += 1;
    } else if let Some((path, used)) = numbered_breadcrumb(&filled) {
        breadcrumb = Some(path);
        index += used;
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
    // Every page documents its responses in these two sections; a page saved without them
    // (cut short) says so.
    for (kind, name) in [
        (Kind::Response, "Response Parameters"),
        (Kind::StatusCodes, "Status Codes"),
    ] {
        if !sections.iter().any(|s| s.kind == kind) {
            findings.push(Finding::new(0, format!("the page has no {name} section")));
        }
    }
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
            Kind::Request => request(section, &mut page, findings),
            Kind::Response => response(section, &mut page, findings),
            Kind::ExampleRequests => example_requests(&section.raw, &mut page, findings),
            Kind::ExampleResponses => example_responses(&section.raw, &mut page, findings),
            Kind::StatusCodes => status_codes(&section.body, &mut page, findings),
            Kind::SdkSample => {}
        }
    }
    page
}

/// The breadcrumb older pages print as a list (`• Cloud Container Engine`, the product's
/// short name, then `1. Help Center`, `2. Cloud Container Engine`, ...), as the newer pages'
/// one-line form (`Help Center/ Cloud Container Engine/ ...`), and the lines it takes.
fn numbered_breadcrumb(filled: &[Line<'_>]) -> Option<(String, usize)> {
    let mut used = 0;
    if filled.first().is_some_and(|l| bullet(l.text).is_some()) {
        used += 1;
        let short = filled.get(used).map(|l| l.text)?;
        if !short.is_empty() && short.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            used += 1;
        }
    }
    let mut items = Vec::new();
    for line in &filled[used..] {
        let Some((number, item)) = line.text.split_once(". ") else {
            break;
        };
        if number.parse::<usize>() != Ok(items.len() + 1) {
            break;
        }
        items.push(item.trim());
    }
    (items.first() == Some(&"Help Center")).then(|| (items.join("/ "), used + items.len()))
}

/// The sections in page order; lines before the first heading are findings.
fn split<'a>(
    all: &[Line<'a>],
    filled: &[Line<'a>],
    findings: &mut Vec<Finding>,
) -> Vec<Section<'a>> {
    let mut sections: Vec<Section<'a>> = Vec::new();
    let mut in_prose = true;
    for (at, line) in filled.iter().enumerate() {
        // Older pages head the section "Status Code", which is also the table's first header
        // cell: followed by the "Description" cell it is the table's.
        let header_cell = line.text == "Status Code"
            && filled
                .get(at + 1)
                .is_some_and(|next| next.text == "Description");
        let kind = heading(line.text, in_prose).filter(|_| !header_cell);
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
        place_request_table(table, Kind::Uri, page, findings);
    }
}

fn request_line(text: &str) -> Option<(crate::load::model::HttpMethod, String)> {
    let (word, path) = text.split_once(' ')?;
    let path = path.trim();
    let path = path.strip_suffix(" HTTP/1.1").unwrap_or(path);
    (path.starts_with('/')).then_some(())?;
    Some((model::method(word)?, path.to_owned()))
}

fn request(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let (body, example) = split_inline_example(section, "Example request:");
    for table in tables(&body, findings) {
        place_request_table(table, Kind::Request, page, findings);
    }
    if let Some(raw) = example {
        inline_example(&raw, ExampleKind::Request, page);
    }
}

/// Older pages print the example inside the Request or Response section, after a label
/// (`Example request:`): the section's lines before it, and the raw lines after it.
fn split_inline_example<'a>(
    section: &Section<'a>,
    label: &str,
) -> (Vec<Line<'a>>, Option<Vec<Line<'a>>>) {
    match section.body.iter().position(|l| l.text == label) {
        Some(at) => {
            let from = section.body[at].number;
            let raw = section
                .raw
                .iter()
                .filter(|l| l.number > from)
                .copied()
                .collect();
            (section.body[..at].to_vec(), Some(raw))
        }
        None => (section.body.clone(), None),
    }
}

/// An example printed after an `Example request:` / `Example response:` label: its body as
/// printed. A response example belongs to the first success status (`assemble` fills it in).
fn inline_example(raw: &[Line<'_>], kind: ExampleKind, page: &mut Page) {
    let end = examples::json_end(raw).unwrap_or(raw.len());
    if let Some(body) = examples::body_text(&raw[..end]) {
        page.examples.push(ExampleSpec {
            kind,
            status: None,
            description: None,
            request_line: None,
            body: Some(body),
        });
    }
}

/// A table of the request side, by its caption.
fn place_request_table(
    captioned: Captioned,
    section: Kind,
    page: &mut Page,
    findings: &mut Vec<Finding>,
) {
    let Captioned { caption, table } = captioned;
    let lower = caption.to_ascii_lowercase();
    // Older pages caption every table "Parameter description": below the request line it
    // holds the path and query parameters (a path parameter is one the path names), below
    // "Request" the body.
    let uncaptioned = caption.is_empty();
    if uncaptioned && section == Kind::Request {
        // Below "Request Parameters" Huawei puts the header table, then the body table.
        let headers = table.rows.iter().all(|r| looks_like_header(&r.name));
        if headers && page.request_body.is_none() {
            page.parameters.extend(
                table
                    .rows
                    .into_iter()
                    .map(|row| (ParameterLocation::Header, row)),
            );
        } else if page.request_body.is_none() {
            page.request_body = Some(table);
        } else {
            findings.push(Finding::new(
                table.line,
                "a table without a caption after the request body: the object it describes cannot be told; left out",
            ));
        }
        return;
    }
    if lower == "parameter description" || uncaptioned {
        match section {
            Kind::Uri => {
                let path = page
                    .request_line
                    .as_ref()
                    .map(|(_, _, path)| path.clone())
                    .unwrap_or_default();
                for mut row in table.rows {
                    let location = if path.contains(&format!("{{{}}}", row.name)) {
                        // A path parameter is always sent, whatever the Mandatory cell says.
                        row.required = Some(true);
                        ParameterLocation::Path
                    } else {
                        ParameterLocation::Query
                    };
                    page.parameters.push((location, row));
                }
            }
            _ if page.request_body.is_none() => page.request_body = Some(table),
            _ => findings.push(Finding::new(table.line, "a second request body table")),
        }
        return;
    }
    let location = if lower.starts_with("path parameter")
        || lower.starts_with("uri parameter")
        || lower.starts_with("路径参数")
    {
        Some(ParameterLocation::Path)
    } else if lower.starts_with("query parameter") || lower.starts_with("query参数") {
        Some(ParameterLocation::Query)
    } else if lower.starts_with("request header parameter")
        || lower.starts_with("header parameter")
        || lower.starts_with("请求header参数")
    {
        Some(ParameterLocation::Header)
    } else if lower.starts_with("formdata parameter") {
        // The parts of a `multipart/form-data` upload (CCE's chart uploads).
        Some(ParameterLocation::Form)
    } else {
        None
    };
    if let Some(location) = location {
        page.parameters
            .extend(table.rows.into_iter().map(|row| (location, row)));
    } else if lower.starts_with("request body parameter") || lower.starts_with("请求body参数") {
        if page.request_body.is_some() {
            findings.push(Finding::new(table.line, "a second request body table"));
        }
        page.request_body = Some(table);
    } else {
        place_object(caption, table, page, findings);
    }
}

/// An HTTP header's name: `X-Auth-Token`, `Content-Type`, `Authorization`.
fn looks_like_header(name: &str) -> bool {
    let capitalised = name.split('-').all(|part| {
        part.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    capitalised && (name.contains('-') || matches!(name, "Authorization" | "Host" | "Date"))
}

/// A table named after an object (`Table 5 ResourceTag`), or an older page's table of a
/// field (`Table 3 Data structure of the spec field`).
fn place_object(caption: String, mut table: Table, page: &mut Page, findings: &mut Vec<Finding>) {
    if table.field.is_some() {
        page.objects.push(table);
    } else if types::is_schema_name(&caption) {
        table.name = Some(caption);
        page.objects.push(table);
    } else {
        findings.push(Finding::new(
            table.line,
            format!("a table the importer does not know: {caption:?}"),
        ));
    }
}

fn response(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let (body, example) = split_inline_example(section, "Example response:");
    if let Some(raw) = example {
        inline_example(&raw, ExampleKind::Response, page);
    }
    let mut body = body;
    body.retain(|line| {
        let lower = line.text.to_ascii_lowercase();
        let as_request = lower.starts_with("for the description about response parameters, see")
            && lower.contains("request");
        page.response_as_request |= as_request;
        !flat_table::is_pointer(line.text)
    });
    let body = body.as_slice();
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
        if flat_table::starts_table(body, index) {
            let end = body[index..]
                .iter()
                .position(|l| status_line(l.text).is_some())
                .map_or(body.len(), |p| index + p);
            for Captioned { caption, table } in tables(&body[index..end], findings) {
                let lower = caption.to_ascii_lowercase();
                // A pipe-table rendering drops the captions: the first table of a status
                // is its body.
                let uncaptioned = caption.is_empty();
                if lower.starts_with("response body parameter")
                    || lower.starts_with("响应body参数")
                    || (uncaptioned && current.as_ref().is_some_and(|s| s.body.is_none()))
                {
                    match current.as_mut() {
                        Some(status) if status.body.is_none() => status.body = Some(table),
                        _ => findings.push(Finding::new(
                            table.line,
                            "a response body table outside a \"Status code\" block",
                        )),
                    }
                } else if uncaptioned && current.is_none() {
                    findings.push(Finding::new(
                        table.line,
                        "a response table without a status (no \"Status code:\" line before it); left out",
                    ));
                } else if uncaptioned {
                    findings.push(Finding::new(
                        table.line,
                        "a table without a caption after the body table: the object it describes cannot be told; left out",
                    ));
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
    text.strip_prefix("Status code: ")
        .or_else(|| text.strip_prefix("状态码:"))
        .or_else(|| text.strip_prefix("状态码："))?
        .trim()
        .parse()
        .ok()
}

fn status_codes(body: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
    // Older pages put a sentence and a caption before the table and a pointer after it.
    let body: Vec<Line<'_>> = body
        .iter()
        .filter(|l| !flat_table::is_pointer(l.text) && caption(l.text).is_none())
        .copied()
        .collect();
    let mut cells = body.as_slice();
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
