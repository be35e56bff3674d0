//! Example requests and responses: a request line or a `Status code:` line, a description, and
//! the body exactly as printed (indentation kept; a JSON body ends where its brackets close).

use super::super::lines::Line;
use super::super::model::{self, Page};
use super::super::report::Finding;
use super::status_line;
use crate::load::model::{ExampleKind, ExampleSpec};

/// The raw lines of an example body: indentation kept, surrounding empty lines dropped.
pub(super) fn body_text(lines: &[Line<'_>]) -> Option<String> {
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

pub(super) fn is_none_section(raw: &[Line<'_>]) -> bool {
    let filled: Vec<_> = raw.iter().filter(|l| !l.text.is_empty()).collect();
    filled.is_empty() || (filled.len() == 1 && filled[0].text == "None")
}

/// Where the lines that open an example are.
pub(super) fn positions(raw: &[Line<'_>], opens: impl Fn(&str) -> bool) -> Vec<usize> {
    raw.iter()
        .enumerate()
        .filter(|(_, l)| opens(l.text))
        .map(|(i, _)| i)
        .collect()
}

pub(super) fn example_requests(raw: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
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
pub(super) fn request_line_loose(text: &str) -> bool {
    text.split_once(' ').is_some_and(|(word, rest)| {
        model::method(word).is_some() && (rest.starts_with('/') || rest.starts_with("http"))
    })
}

/// Where a JSON value that starts the lines ends (exclusive), counting brackets outside strings.
pub(super) fn json_end(lines: &[Line<'_>]) -> Option<usize> {
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

pub(super) fn example_responses(raw: &[Line<'_>], page: &mut Page, findings: &mut Vec<Finding>) {
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
