//! Huawei Cloud help-center API pages, saved as text: the tables flattened one cell a line.
//!
//! The page is cut into its sections at their headings; each section has a reader that knows
//! what may appear in it, and every line it cannot place is a finding.

mod examples;
mod flat_table;
mod permissions;

use super::lines::{self, bullet, Line};
use super::model::{self, Page, Status, Table};
use super::report::Finding;
use super::types;
use crate::load::model::ParameterLocation;
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
        "Function" => Kind::Function,
        "Calling Method" | "Debugging" | "Error Codes" => Kind::Note,
        // "Constraints" also labels a block inside description cells; it is a heading only in
        // the prose part of the page, before the first table.
        "Constraints" | "Restrictions" if in_prose => Kind::Note,
        "Authorization Information" => Kind::Authorization,
        "URI" => Kind::Uri,
        "Request Parameters" | "Request" => Kind::Request,
        "Response Parameters" | "Response" => Kind::Response,
        "Example Requests" | "Example Request" => Kind::ExampleRequests,
        "Example Responses" | "Example Response" => Kind::ExampleResponses,
        "Status Codes" => Kind::StatusCodes,
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
    } else if lower.starts_with("formdata parameter") {
        // The parts of a `multipart/form-data` upload (CCE's chart uploads).
        Some(ParameterLocation::Form)
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
