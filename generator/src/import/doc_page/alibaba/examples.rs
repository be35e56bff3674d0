//! The Examples section: sample requests, and sample success responses in JSON (and XML)
//! format; a sample's HTTP status line and headers are not its body.

use super::super::model::Page;
use super::super::report::Finding;
use super::{is_header_line, status_line, Section};
use crate::load::model::{ExampleKind, ExampleSpec};

/// A run of sample lines under its marker.
pub(super) struct Sample<'a> {
    pub(super) request: bool,
    pub(super) description: Option<String>,
    pub(super) lines: Vec<&'a str>,
}

pub(super) fn examples(section: &Section<'_>, page: &mut Page, findings: &mut Vec<Finding>) {
    let mut samples: Vec<Sample<'_>> = Vec::new();
    let mut success: Option<String> = None;
    let mut in_errors = false;
    for line in section.body {
        let text = line.text.as_str();
        let format = match text {
            "JSONformat" | "JSON format" => Some(None),
            "XMLformat" | "XML format" => Some(Some("XML format")),
            _ => None,
        };
        if text.starts_with("Sample requests") {
            in_errors = false;
            samples.push(Sample {
                request: true,
                description: None,
                lines: Vec::new(),
            });
        } else if text.starts_with("Sample success responses") {
            in_errors = false;
            success = Some(text.to_owned());
            samples.push(Sample {
                request: false,
                description: success.clone(),
                lines: Vec::new(),
            });
        } else if text.starts_with("Sample error responses") {
            findings.push(Finding::new(
                line.number,
                "error response samples name no status; not imported",
            ));
            in_errors = true;
        } else if in_errors {
        } else if let Some(format) = format {
            let description = match format {
                Some(format) => success.as_ref().map(|s| format!("{s} ({format})")),
                None => success.clone(),
            };
            match samples.last_mut() {
                Some(last) if !last.request && last.lines.is_empty() => {
                    last.description = description
                }
                _ => samples.push(Sample {
                    request: false,
                    description,
                    lines: Vec::new(),
                }),
            }
        } else {
            match samples.last_mut() {
                // A response sample's status line and headers are not its body.
                Some(last)
                    if !last.request
                        && last.lines.is_empty()
                        && (status_line(text).is_some() || is_header_line(text)) => {}
                Some(last) => last.lines.push(line.raw.as_str()),
                None => findings.push(Finding::new(
                    line.number,
                    format!("text outside any sample: {text:?}"),
                )),
            }
        }
    }
    for sample in samples {
        if sample.request {
            let Some((first, rest)) = sample.lines.split_first() else {
                continue;
            };
            let body = rest.join("\n");
            page.examples.push(ExampleSpec {
                kind: ExampleKind::Request,
                status: None,
                description: None,
                request_line: Some(first.trim().to_owned()),
                body: (!body.trim().is_empty()).then_some(body),
            });
        } else {
            let body = sample.lines.join("\n");
            if body.trim() == "{}" {
                page.empty_object_response = true;
            }
            if sample.description.is_none() && body.is_empty() {
                continue;
            }
            page.examples.push(ExampleSpec {
                kind: ExampleKind::Response,
                status: Some(200),
                description: sample.description,
                request_line: None,
                body: (!body.is_empty()).then_some(body),
            });
        }
    }
}
