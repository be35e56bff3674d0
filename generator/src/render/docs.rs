//! Doc comments from the documentation's prose.
//!
//! Page text is not Markdown written for rustdoc: it has bare URLs, `<tag-key>` and `[items]`
//! that rustdoc would read as HTML or links, and indented lines it would compile as doctests.
//! Everything is escaped so that the page's words show as written.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::model::FieldDocs;

/// Outer doc attributes (`///`) for `paragraphs`, separated by blank doc lines.
pub fn outer(paragraphs: &[String]) -> TokenStream {
    let lines = lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for `paragraphs`.
pub fn inner(paragraphs: &[String]) -> TokenStream {
    let lines = lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

fn lines(paragraphs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push(String::new());
        }
        let mut in_list = false;
        for line in paragraph.trim().lines() {
            let line = line.trim();
            // Text right after a list item would continue the item ("lazy continuation");
            // a blank line makes it the paragraph it is in the source.
            let item = is_list_item(line);
            if in_list && !item && !line.is_empty() {
                out.push(String::new());
            }
            in_list = item;
            out.push(if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            });
        }
    }
    out
}

/// Whether Markdown reads `line` as the start of a list item (`- a`, `1. a`, `2) a`).
fn is_list_item(line: &str) -> bool {
    let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
    ["- ", "+ ", "* ", "\\* "]
        .iter()
        .any(|m| line.starts_with(m))
        || (digits.len() < line.len() && (digits.starts_with(". ") || digits.starts_with(") ")))
}

/// Page text made safe for rustdoc: URLs become autolinks, Markdown and HTML punctuation is
/// escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        escape_word(word, &mut out);
    }
    out
}

/// One space-separated word: a URL in it (also inside a Markdown link, `[text](https://...)`,
/// or right after Chinese text) becomes an autolink, the rest is escaped.
fn escape_word(word: &str, out: &mut String) {
    let start = ["http://", "https://"]
        .iter()
        .filter_map(|scheme| word.find(scheme))
        .min();
    let Some(start) = start else {
        escape_plain(word, out);
        return;
    };
    escape_plain(&word[..start], out);
    let rest = &word[start..];
    let end = rest
        .find(|c: char| !c.is_ascii() || matches!(c, ')' | ']' | '>' | '<' | '"' | '\''))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
    out.push('<');
    out.push_str(url);
    out.push('>');
    escape_word(&rest[url.len()..], out);
}

fn escape_plain(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '<' | '>' | '[' | ']' | '`' | '*' | '_' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Escapes each line of `text`, keeping its line breaks.
pub fn escape_lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("\n")
}

/// The paragraphs documenting a field: the description, then what the page says of its values.
pub fn field(docs: &FieldDocs) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(description) = &docs.description {
        paragraphs.push(escape_lines(description));
    }
    let mut facts = Vec::new();
    if let Some(deprecated) = &docs.deprecated {
        facts.push(format!("Deprecated: {}", escape(deprecated)));
    }
    if docs.read_only {
        facts.push("Read only: set by the service; ignored in requests.".to_owned());
    }
    if docs.sensitive {
        facts.push(
            "Sensitive: personal or secret data; `Debug` shows it as `<redacted>`.".to_owned(),
        );
    }
    if let Some(constraints) = &docs.constraints {
        facts.push(format!("Constraints: {}", escape_lines(constraints)));
    }
    if let Some(range) = &docs.range {
        facts.push(format!("Range: {}", escape_lines(range)));
    }
    if let Some(span) = span(docs.min_length, docs.max_length, " characters") {
        facts.push(format!("Length: {span}."));
    }
    if let Some(span) = span(docs.min_items, docs.max_items, "") {
        facts.push(format!("Items: {span}."));
    }
    if let Some(items) = &docs.items {
        if let Some(span) = span(items.min_length, items.max_length, " characters") {
            facts.push(format!("Item length: {span}."));
        }
        if let Some(pattern) = &items.pattern {
            facts.push(format!("Item pattern: `{}`", pattern.replace('`', "'")));
        }
    }
    if docs.unique_items {
        facts.push("Unique items: no item appears twice.".to_owned());
    }
    if let Some(format) = &docs.format {
        facts.push(format!("Format: `{}`.", format.replace('`', "'")));
    }
    if let Some(pattern) = &docs.pattern {
        facts.push(format!("Pattern: `{}`", pattern.replace('`', "'")));
    }
    match (docs.minimum, docs.maximum) {
        (Some(min), Some(max)) => facts.push(format!("Range of values: {min} to {max}.")),
        (Some(min), None) => facts.push(format!("Minimum: {min}.")),
        (None, Some(max)) => facts.push(format!("Maximum: {max}.")),
        (None, None) => {}
    }
    if let Some(default) = &docs.default {
        facts.push(format!("Default: `{}`", default.replace('`', "'")));
    }
    if let Some(example) = &docs.example {
        facts.push(format!("Example: `{}`", example.replace('`', "'")));
    }
    if !facts.is_empty() {
        paragraphs.push(facts.join("\n\n"));
    }
    paragraphs
}

/// A range of counts in words (`1 to 64 characters`, `at most 5`); `None` without bounds.
fn span(min: Option<u64>, max: Option<u64>, unit: &str) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max}{unit}")),
        (Some(min), None) => Some(format!("at least {min}{unit}")),
        (None, Some(max)) => Some(format!("at most {max}{unit}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            escape("See https://example.com/a#b. Key g:ResourceTag/<tag-key> and [items]"),
            "See <https://example.com/a#b>. Key g:ResourceTag/\\<tag-key\\> and \\[items\\]"
        );
        assert_eq!(
            escape("见[链接](https://x.com/a_b)。和:http://y.cn"),
            "见\\[链接\\](<https://x.com/a_b>)。和:<http://y.cn>"
        );
    }

    #[test]
    fn states_item_counts_format_and_how_the_service_treats_the_field() {
        let docs = FieldDocs {
            min_items: Some(1),
            max_items: Some(100),
            unique_items: true,
            items: Some(crate::load::model::ItemsSpec {
                min_length: Some(1),
                max_length: Some(64),
                pattern: None,
            }),
            format: Some("date-time".to_owned()),
            read_only: true,
            sensitive: true,
            ..FieldDocs::default()
        };
        assert_eq!(
            field(&docs),
            ["Read only: set by the service; ignored in requests.\n\n\
              Sensitive: personal or secret data; `Debug` shows it as `<redacted>`.\n\n\
              Items: 1 to 100.\n\n\
              Item length: 1 to 64 characters.\n\n\
              Unique items: no item appears twice.\n\n\
              Format: `date-time`."]
        );
        let at_most = FieldDocs {
            max_items: Some(5),
            ..FieldDocs::default()
        };
        assert_eq!(field(&at_most), ["Items: at most 5."]);
    }

    #[test]
    fn indented_lines_lose_their_indent() {
        assert_eq!(
            lines(&["a\n    b".to_owned()]),
            vec![" a".to_owned(), " b".to_owned()]
        );
    }

    #[test]
    fn text_after_a_list_is_its_own_paragraph() {
        assert_eq!(
            lines(&["- a\n- b\nc\n1. d\ne".to_owned()]),
            [" - a", " - b", "", " c", " 1. d", "", " e"]
        );
    }
}
