//! Doc comments from the documentation's prose.
//!
//! Page and definition text is not Markdown written for rustdoc: it has bare URLs,
//! `<tag-key>` and `[items]` that rustdoc would read as HTML or links, and indented lines it
//! would compile as doctests. What the sources do write as Markdown is kept as Markdown: a
//! link to a web page, `**bold**`, `code` spans and fenced blocks (as `text`, never doctests);
//! a link to another page of the vendor's documentation set (`cce_02_0271.xml`), which has no
//! address outside it, keeps its text. JSON inside a sentence becomes a code span, so that it
//! can be copied as written. Everything else is escaped so that the words show as written.

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
    // A tab in the source's text (the Kubernetes document indents with them) is four spaces,
    // as rustdoc and clippy expect.
    let untabbed: Vec<String> = paragraphs.iter().map(|p| p.replace('\t', "    ")).collect();
    for paragraph in untabbed.iter().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push(String::new());
        }
        let mut in_list = false;
        let mut in_fence = false;
        for line in paragraph.trim().lines() {
            if in_fence || is_fence(line) {
                // A fenced block keeps its lines as they are.
                in_fence ^= is_fence(line);
                out.push(format!(" {}", line.trim_end()));
                continue;
            }
            let line = line.trim();
            // Text right after a list item or a quote line would continue it ("lazy
            // continuation"); a blank line makes it the paragraph it is in the source.
            let item = is_list_item(line) || line.starts_with('>');
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

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

/// Whether Markdown reads `line` as the start of a list item (`- a`, `1. a`, `2) a`).
fn is_list_item(line: &str) -> bool {
    let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
    ["- ", "+ ", "* "].iter().any(|m| line.starts_with(m))
        || (digits.len() < line.len() && (digits.starts_with(". ") || digits.starts_with(") ")))
}

/// Page text made safe for rustdoc: URLs become autolinks, links to web pages, bold and code
/// spans stay Markdown, JSON becomes a code span, other Markdown and HTML punctuation is
/// escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((written, used)) = markup(rest) {
            out.push_str(&written);
            rest = &rest[used..];
            continue;
        }
        // Plain text up to the next place markup may start.
        let next = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| matches!(c, '[' | '{' | '`' | '*'))
            .map_or(rest.len(), |(at, _)| at);
        escape_words(&rest[..next], &mut out);
        rest = &rest[next..];
    }
    out
}

/// The Markdown that `text` starts with, as written to the doc comment, and how many bytes of
/// `text` it took; `None` when `text` does not start with any.
fn markup(text: &str) -> Option<(String, usize)> {
    if let Some(found) = json_span(text) {
        return Some(found);
    }
    if let Some(code) = text.strip_prefix('`') {
        let end = code.find('`').filter(|&end| end > 0)?;
        return Some((format!("`{}`", &code[..end]), end + 2));
    }
    if let Some(inner) = text.strip_prefix("**") {
        let end = inner.find("**")?;
        let bold = &inner[..end];
        if bold.is_empty() || bold.starts_with(' ') || bold.ends_with(' ') || bold.contains('\n') {
            return None;
        }
        return Some((format!("**{}**", escape_plain_text(bold)), end + 4));
    }
    let label = text.strip_prefix('[')?;
    let close = label.find("](")?;
    let (words, after) = (&label[..close], &label[close + 2..]);
    let end = after.find(')')?;
    let target = &after[..end];
    if words.contains(['[', ']', '\n']) || target.contains(char::is_whitespace) {
        return None;
    }
    let used = 1 + close + 2 + end + 1;
    let words = escape_plain_text(words);
    if target.starts_with("https://") || target.starts_with("http://") {
        Some((format!("[{words}]({target})"), used))
    } else {
        // A page of the vendor's documentation set, by its file name: no address to link to.
        Some((words, used))
    }
}

/// A JSON object or array that `text` starts with, as a code span; `None` for brackets that
/// are not JSON or hold no string (`[1-65535]` reads better as text).
fn json_span(text: &str) -> Option<(String, usize)> {
    let (open, close) = match text.chars().next()? {
        '{' => ('{', '}'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    let json = &text[..at + 1];
                    let parses = serde_json::from_str::<serde_json::Value>(json).is_ok();
                    return (parses && json.contains('"') && !json.contains('`'))
                        .then(|| (format!("`{json}`"), at + 1));
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Space-separated words: a URL in a word (also right after Chinese text) becomes an
/// autolink, the rest is escaped.
fn escape_words(text: &str, out: &mut String) {
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        escape_word(word, out);
    }
}

fn escape_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_words(text, &mut out);
    out
}

/// One word: a URL in it becomes an autolink, the rest is escaped.
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

/// Escapes each line of `text`, keeping its line breaks; a fenced block is kept as it is,
/// marked `text` so that rustdoc does not compile it, and closed if the source left it open.
pub fn escape_lines(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if is_fence(line) {
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.to_owned());
        } else if let Some(quoted) = line.trim_start().strip_prefix('>') {
            // A Markdown quote, as the definitions write their notes.
            out.push(format!("> {}", escape(quoted.trim_start())));
        } else {
            out.push(escape(line));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The paragraphs documenting a field: the description, then what the page says of its
/// values, the one-line facts as one list.
pub fn field(docs: &FieldDocs) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(description) = &docs.description {
        paragraphs.push(escape_lines(description));
    }
    let (short, long): (Vec<String>, Vec<String>) = facts(docs)
        .into_iter()
        .partition(|fact| !fact.contains('\n'));
    if !short.is_empty() {
        let items: Vec<String> = short.iter().map(|fact| format!("- {fact}")).collect();
        let items = items.join("\n");
        // A list may start right under a paragraph (CommonMark), so the facts need no blank
        // line of their own.
        match paragraphs.last_mut() {
            Some(description) => {
                description.push('\n');
                description.push_str(&items);
            }
            None => paragraphs.push(items),
        }
    }
    paragraphs.extend(long);
    paragraphs
}

/// What the page says of a field's values (constraints, range, lengths, default, example),
/// one sentence each; a stated range or constraint may span lines.
pub fn facts(docs: &FieldDocs) -> Vec<String> {
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
    facts
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
    fn text_after_a_list_or_a_quote_is_its_own_paragraph() {
        let paragraph = "> 说明:\n> 对于HANA云服务器。\n了解不同磁盘类型。\n- a\nb".to_owned();
        assert_eq!(
            lines(&[paragraph]),
            [
                " > 说明:",
                " > 对于HANA云服务器。",
                "",
                " 了解不同磁盘类型。",
                " - a",
                "",
                " b"
            ]
        );
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            escape("See https://example.com/a#b. Key g:ResourceTag/<tag-key> and [items]"),
            "See <https://example.com/a#b>. Key g:ResourceTag/\\<tag-key\\> and \\[items\\]"
        );
        assert_eq!(
            escape("见[链接](https://x.com/a_b)。和:http://y.cn"),
            "见[链接](https://x.com/a_b)。和:<http://y.cn>"
        );
    }

    #[test]
    fn keeps_the_markdown_the_sources_write() {
        assert_eq!(
            escape("通过[创建节点](cce_02_0242.xml)添加节点, **约束** a_b `x_y`"),
            "通过创建节点添加节点, **约束** a\\_b `x_y`"
        );
        assert_eq!(escape("2 * 3 ** 4"), "2 \\* 3 \\*\\* 4");
        assert_eq!(
            escape(r#"加入"k":"[{"addonTemplateName":"icagent"}]"的注解, 范围[1-65535]"#),
            r#"加入"k":"`[{"addonTemplateName":"icagent"}]`"的注解, 范围\[1-65535\]"#
        );
        assert_eq!(
            escape_lines("示例:\n```\n\"ports\": [\"22\"]\n```\nafter"),
            "示例:\n```text\n\"ports\": [\"22\"]\n```\nafter"
        );
        assert_eq!(escape_lines("```\n{"), "```text\n{\n```");
        assert_eq!(escape_lines(">   - 注意 <x>"), "> - 注意 \\<x\\>");
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
            ["- Read only: set by the service; ignored in requests.\n\
              - Sensitive: personal or secret data; `Debug` shows it as `<redacted>`.\n\
              - Items: 1 to 100.\n\
              - Item length: 1 to 64 characters.\n\
              - Unique items: no item appears twice.\n\
              - Format: `date-time`."]
        );
        let at_most = FieldDocs {
            max_items: Some(5),
            description: Some("Nodes.".to_owned()),
            range: Some("- a\n- b".to_owned()),
            ..FieldDocs::default()
        };
        assert_eq!(
            field(&at_most),
            ["Nodes.\n- Items: at most 5.", "Range: - a\n- b"]
        );
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
