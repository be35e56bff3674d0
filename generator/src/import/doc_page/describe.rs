//! A description cell read into the spec's fields: the text itself, the newer layout's
//! Details / Constraints / Options / Default blocks, and the limits and value sets that the
//! text states in words.

use std::sync::OnceLock;

use regex::Regex;

use super::lines::bullet;

/// What one description cell says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Described {
    pub description: Option<String>,
    pub constraints: Option<String>,
    pub range: Option<String>,
    pub default: Option<String>,
    pub deprecated: Option<String>,
    /// `Minimum:` / `Maximum:` lines of Huawei's older layout.
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

/// Which block of the newer layout a label line opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Description,
    Constraints,
    Range,
    Default,
}

fn block_label(line: &str) -> Option<Block> {
    Some(match line {
        "Details:" | "Definition" | "Definition:" => Block::Description,
        "Constraints:" | "Constraints" => Block::Constraints,
        "Options:" | "Range" | "Range:" | "Value range:" => Block::Range,
        "Default value:" | "Default Value" | "Default Value:" | "Default value" => Block::Default,
        _ => return None,
    })
}

/// A block whose text says nothing.
fn is_empty_block(text: &str) -> bool {
    matches!(text, "None" | "N/A" | "-" | "")
}

/// The lines of one cell of Huawei's flattened tables (one paragraph a line).
pub fn huawei_cell(lines: &[&str]) -> Described {
    match lines.first() {
        Some(first) if block_label(first).is_some() => blocks(lines),
        _ => paragraphs(lines),
    }
}

/// The newer layout: `Details:` text, `Constraints:` text, `Options:` text, `Default value:` text.
fn blocks(lines: &[&str]) -> Described {
    let mut described = Described::default();
    let mut current: Option<(Block, Vec<&str>)> = None;
    let finish = |block: Option<(Block, Vec<&str>)>, described: &mut Described| {
        let Some((block, body)) = block else { return };
        let text = join_lines(&body);
        if is_empty_block(&text) {
            return;
        }
        let slot = match block {
            Block::Description => &mut described.description,
            Block::Constraints => &mut described.constraints,
            Block::Range => &mut described.range,
            Block::Default => &mut described.default,
        };
        *slot = Some(text);
    };
    for line in lines {
        if let Some(block) = block_label(line) {
            finish(current.take(), &mut described);
            current = Some((block, Vec::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push(line);
        }
    }
    finish(current.take(), &mut described);
    if let Some(text) = &described.description {
        described.deprecated = deprecation(text);
    }
    described
}

/// Lines of one block: bullets one a line, as the page shows them.
fn join_lines(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|line| match bullet(line) {
            Some(item) => format!("• {item}"),
            None => (*line).to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The older layout: paragraphs, a bullet continuing the paragraph before it, and the
/// `Default:` / `Minimum:` / `Maximum:` lines as fields.
fn paragraphs(lines: &[&str]) -> Described {
    let mut described = Described::default();
    let mut text = String::new();
    for line in lines {
        if let Some(value) = line.strip_prefix("Default: ") {
            described.default = Some(value.trim().to_owned());
            continue;
        }
        if let Some(value) = line
            .strip_prefix("Minimum: ")
            .and_then(|v| v.trim().parse().ok())
        {
            described.minimum = Some(value);
            continue;
        }
        if let Some(value) = line
            .strip_prefix("Maximum: ")
            .and_then(|v| v.trim().parse().ok())
        {
            described.maximum = Some(value);
            continue;
        }
        if let Some(item) = bullet(line) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str("• ");
            text.push_str(item);
        } else {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(line);
        }
    }
    if !text.is_empty() {
        described.deprecated = deprecation(&text);
        described.description = Some(text);
    }
    described
}

/// The deprecation notice a description carries: the sentence after `Deprecated:`, or the
/// paragraph after `DEPRECATED`.
fn deprecation(text: &str) -> Option<String> {
    for paragraph in text.split("\n\n") {
        if let Some(rest) = paragraph.strip_prefix("DEPRECATED ") {
            return Some(rest.trim().to_owned());
        }
        if let Some(rest) = paragraph.strip_prefix("Deprecated: ") {
            return Some(first_sentence(rest.trim()).to_owned());
        }
    }
    None
}

/// Up to the first full stop that ends a sentence (followed by a space and a capital letter).
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (index, _) in text.match_indices(". ") {
        if bytes.get(index + 2).is_some_and(|b| b.is_ascii_uppercase()) {
            return &text[..=index];
        }
    }
    text
}

/// Length limits stated in words, for string values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lengths {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// A constant pattern of this file, compiled once; the tests exercise every one of them, so
/// `None` (an invalid pattern) cannot reach a release.
fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// The length limits `text` states ("A maximum of 128 characters", "1 to 63 characters",
/// "Max characters: 255", "cannot be empty").
pub fn lengths(text: &str) -> Lengths {
    static BETWEEN: OnceLock<Option<Regex>> = OnceLock::new();
    static MAX: OnceLock<Option<Regex>> = OnceLock::new();
    let mut lengths = Lengths::default();
    let between = regex(&BETWEEN, r"(?i)\b(\d+) to (\d+) characters");
    let max = regex(
        &MAX,
        r"(?i)(?:(?:maximum of|up to|at most|cannot exceed|no more than) (\d+) characters|max characters: (\d+))",
    );
    if let Some(captures) = between.and_then(|r| r.captures(text)) {
        lengths.min = captures.get(1).and_then(|m| m.as_str().parse().ok());
        lengths.max = captures.get(2).and_then(|m| m.as_str().parse().ok());
    } else if let Some(captures) = max.and_then(|r| r.captures(text)) {
        lengths.max = captures
            .get(1)
            .or_else(|| captures.get(2))
            .and_then(|m| m.as_str().parse().ok());
    }
    if lengths.min.is_none() && text.contains("cannot be empty") {
        lengths.min = Some(1);
    }
    lengths
}

/// The lower bound of a number the text states ("Value must be non-negative integer").
pub fn minimum(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    (lower.contains("non-negative integer") || lower.contains("must be a non-negative"))
        .then_some(0)
}

/// The default the prose states: "The default value is false.", "Default value: zh_CN",
/// "Defaults to 'Background'.", "The default is 10", or a value list's item marked
/// "(default)".
pub fn default_in_prose(text: &str) -> Option<String> {
    static DEFAULT: OnceLock<Option<Regex>> = OnceLock::new();
    static MARKED: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = regex(
        &DEFAULT,
        r#"(?i)(?:the default value is|default value:|defaults to|the default is|default:)\s*['"“]?([A-Za-z0-9_./-]+?)['"”]?(?:\.?\s|\.?$|,|;|\))"#,
    )?;
    let marked = regex(
        &MARKED,
        r"(?m)^•\s*([A-Za-z0-9_./-]+)(?::[^\n]*)?\s*\((?i:default)\)",
    )?;
    let stated = pattern
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        // "Defaults to a per object value": words, not a value.
        .filter(|value| {
            !matches!(
                value.to_ascii_lowercase().as_str(),
                "a" | "an" | "the" | "be"
            )
        });
    stated
        .or_else(|| {
            marked
                .captures(text)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str())
        })
        .map(str::to_owned)
}

/// The bounds of a number the text states: a bare range (`0 to 1000000000`, `[1-1000]`,
/// `[1, 100]`), a range in a sentence ("The value ranges from 1 to 500", "Value range: 0-65535"),
/// or one side ("Minimum value: 1", "greater than or equal to 0", "cannot exceed 100").
pub fn bounds(text: &str) -> (Option<i64>, Option<i64>) {
    static BARE: OnceLock<Option<Regex>> = OnceLock::new();
    static SENTENCE: OnceLock<Option<Regex>> = OnceLock::new();
    static LOWER: OnceLock<Option<Regex>> = OnceLock::new();
    static UPPER: OnceLock<Option<Regex>> = OnceLock::new();
    let number = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<i64>().ok());
    let bare = regex(
        &BARE,
        r"(?m)^\s*\[?\s*(-?\d+)\s*(?:to|-|~|,)\s*(-?\d+)\s*\]?\.?\s*$",
    );
    let sentence = regex(
        &SENTENCE,
        r"(?i)(?:value range|valid range|range|ranges from|range from|between|the value can be|value:|values:)\s*(?:is\s*)?:?\s*\[?\s*(-?\d+)\s*(?:to|-|~|and|,)\s*(-?\d+)",
    );
    for pattern in [bare, sentence].into_iter().flatten() {
        if let Some(c) = pattern.captures(text) {
            let (low, high) = (number(c.get(1)), number(c.get(2)));
            if let (Some(l), Some(h)) = (low, high) {
                if l <= h {
                    return (Some(l), Some(h));
                }
            }
        }
    }
    let lower = regex(
        &LOWER,
        r"(?i)(?:minimum value(?: is)?:?|greater than or equal to|at least|no less than)\s*(-?\d+)",
    );
    let upper = regex(
        &UPPER,
        r"(?i)(?:maximum value(?: is)?:?|less than or equal to|at most|cannot exceed|no more than)\s*(-?\d+)\b",
    );
    let one = |pattern: Option<&Regex>| {
        pattern
            .and_then(|p| p.captures(text))
            .and_then(|c| number(c.get(1)))
    };
    (one(lower), one(upper))
}

/// A value list given alone as the Options / Range block: each line a bullet holding one
/// value, with its meaning after a colon where the page gives one ("• zh_CN: Chinese").
pub fn bullet_values(text: &str) -> Option<Vec<(String, Option<String>)>> {
    let text = text.trim();
    let values = bullet_items(text)?;
    let every_line_a_bullet = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| bullet(l.trim()).is_some());
    (every_line_a_bullet && values.len() >= 2 && values.iter().all(|(v, _)| is_value(v)))
        .then_some(values)
}

/// A closed value set the text states, with each value's meaning where the page gives one.
pub fn enumeration(text: &str) -> Option<Vec<(String, Option<String>)>> {
    for marker in [
        "Valid values are:",
        "Acceptable values are:",
        "Valid values:",
        "Enumeration values:",
        "Options:",
        "The options are:",
    ] {
        let Some(start) = text.find(marker) else {
            continue;
        };
        let rest = text[start + marker.len()..].trim();
        let values = if rest.starts_with("- ") && !rest.contains('\n') {
            dash_items(rest)
        } else if rest.starts_with('\'') {
            quoted_items(rest)
        } else {
            bullet_items(rest)
        };
        return values.filter(|v| !v.is_empty() && v.iter().all(|(value, _)| is_value(value)));
    }
    if let Some(start) = text.find("One of: ") {
        let rest = &text[start + "One of: ".len()..];
        let sentence = rest.split(". ").next().unwrap_or(rest);
        let values: Vec<_> = sentence
            .split(['"'])
            .skip(1)
            .step_by(2)
            .map(|value| (value.to_owned(), None))
            .collect();
        if !values.is_empty() && values.iter().all(|(value, _)| is_value(value)) {
            return Some(values);
        }
    }
    None
}

fn is_value(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// `- All: all dry run stages will be processed - None: ...`
fn dash_items(rest: &str) -> Option<Vec<(String, Option<String>)>> {
    rest.trim_start_matches("- ")
        .split(" - ")
        .map(|item| {
            let (value, meaning) = item.split_once(": ")?;
            Some((value.trim().to_owned(), Some(meaning.trim().to_owned())))
        })
        .collect()
}

/// `'Orphan' - orphan the dependents; 'Background' - ...; 'Foreground' - ... .`
fn quoted_items(rest: &str) -> Option<Vec<(String, Option<String>)>> {
    rest.split("; ")
        .map(|item| {
            let item = item.trim().strip_prefix('\'')?;
            let (value, meaning) = item.split_once('\'')?;
            let meaning = meaning.trim().trim_start_matches('-').trim();
            let meaning = meaning.strip_suffix('.').unwrap_or(meaning);
            Some((
                value.to_owned(),
                (!meaning.is_empty()).then(|| meaning.to_owned()),
            ))
        })
        .collect()
}

/// Bullet lines `• Value: meaning` after the marker, up to the first line that is no bullet.
fn bullet_items(rest: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut values = Vec::new();
    for line in rest.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(item) = bullet(line).or_else(|| line.strip_prefix("- ")) else {
            break;
        };
        let (value, meaning) = match item.split_once(": ") {
            Some((value, meaning)) => (value.trim(), Some(meaning.trim().to_owned())),
            None => (item.trim(), None),
        };
        // "• auto (default): ..." marks the default (see `default_in_prose`).
        let value = value.strip_suffix("(default)").map_or(value, str::trim);
        values.push((value.to_owned(), meaning));
    }
    Some(values)
}

/// The bullets of a description that make a value list on their own: a run of at least two
/// bullet lines, each `• value: meaning` with a value-shaped value, and no other bullets.
pub fn described_values(text: &str) -> Option<Vec<(String, Option<String>)>> {
    let bullets: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| bullet(l).is_some())
        .collect();
    let all_explained = bullets
        .iter()
        .all(|l| bullet(l).is_some_and(|item| item.contains(": ")));
    if bullets.len() < 2 || !all_explained {
        return None;
    }
    bullet_values(&bullets.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_layout_blocks() {
        let described = huawei_cell(&[
            "Details:",
            "Key",
            "Constraints:",
            "None",
            "Options:",
            "• A maximum of 128 characters is supported.",
            "• Letters.",
            "Default value:",
            "N/A",
        ]);
        assert_eq!(described.description.as_deref(), Some("Key"));
        assert_eq!(described.constraints, None);
        assert_eq!(
            described.range.as_deref(),
            Some("• A maximum of 128 characters is supported.\n• Letters.")
        );
        assert_eq!(described.default, None);
    }

    #[test]
    fn older_layout_paragraphs_and_fields() {
        let described = huawei_cell(&[
            "Message body type.",
            "Default: application/json",
            "Maximum: 16384",
        ]);
        assert_eq!(described.description.as_deref(), Some("Message body type."));
        assert_eq!(described.default.as_deref(), Some("application/json"));
        assert_eq!(described.maximum, Some(16384));
    }

    #[test]
    fn deprecation_notices() {
        assert_eq!(
            deprecation(
                "Deprecated: please use X, this field will be deprecated in 1.7. Should it."
            ),
            Some("please use X, this field will be deprecated in 1.7.".to_owned())
        );
        assert_eq!(
            deprecation("Link.\n\nDEPRECATED Gone in 1.21."),
            Some("Gone in 1.21.".to_owned())
        );
    }

    #[test]
    fn limits_in_words() {
        assert_eq!(
            lengths("The value cannot be empty. A maximum of 128 characters is supported."),
            Lengths {
                min: Some(1),
                max: Some(128)
            }
        );
        assert_eq!(
            lengths("Max characters: 255"),
            Lengths {
                min: None,
                max: Some(255)
            }
        );
        assert_eq!(
            lengths("1 to 63 characters long"),
            Lengths {
                min: Some(1),
                max: Some(63)
            }
        );
        assert_eq!(minimum("Value must be non-negative integer."), Some(0));
        assert_eq!(
            default_in_prose("The default value is false."),
            Some("false".to_owned())
        );
    }

    #[test]
    fn bounds_and_defaults_in_the_vendors_phrasings() {
        assert_eq!(bounds("0 to 1000000000"), (Some(0), Some(1_000_000_000)));
        assert_eq!(bounds("[1-1000]"), (Some(1), Some(1000)));
        assert_eq!(bounds("[1, 100]"), (Some(1), Some(100)));
        assert_eq!(
            bounds("Number of records. The value ranges from 1 to 500. The default value is 10."),
            (Some(1), Some(500))
        );
        assert_eq!(bounds("Value range: 0-65535"), (Some(0), Some(65535)));
        assert_eq!(
            bounds("Minimum value: 1. Maximum value: 100."),
            (Some(1), Some(100))
        );
        assert_eq!(
            bounds("The value must be greater than or equal to 0."),
            (Some(0), None)
        );
        assert_eq!(bounds("The number cannot exceed 64."), (None, Some(64)));
        assert_eq!(bounds("Offset, which starts from 0."), (None, None));
        assert_eq!(
            default_in_prose(
                "Number of records. The value ranges from 1 to 500. The default value is 10."
            ),
            Some("10".to_owned())
        );
        assert_eq!(
            default_in_prose("Language.\nDefault value: zh_CN"),
            Some("zh_CN".to_owned())
        );
        assert_eq!(
            default_in_prose("Defaults to 'Background'."),
            Some("Background".to_owned())
        );
        assert_eq!(
            default_in_prose("Defaults to a per object value if not specified."),
            None
        );
        assert_eq!(
            default_in_prose("Mode.\n• auto (default): chosen by the service\n• manual"),
            Some("auto".to_owned())
        );
    }

    #[test]
    fn options_given_as_bullets() {
        assert_eq!(
            bullet_values("• zh_CN: Chinese\n• en_US: English"),
            Some(vec![
                ("zh_CN".to_owned(), Some("Chinese".to_owned())),
                ("en_US".to_owned(), Some("English".to_owned())),
            ])
        );
        assert_eq!(
            bullet_values("• VirtualMachine\n• ARM64"),
            Some(vec![
                ("VirtualMachine".to_owned(), None),
                ("ARM64".to_owned(), None)
            ])
        );
        // Prose around the bullets, or bullets that are sentences, are no value list.
        assert_eq!(bullet_values("Cluster IDs"), None);
        assert_eq!(
            bullet_values("• application/json;charset=utf-8\n• application/json"),
            None
        );
        assert_eq!(
            enumeration("The mode. Options:\n• auto: automatic\n• manual: by hand"),
            Some(vec![
                ("auto".to_owned(), Some("automatic".to_owned())),
                ("manual".to_owned(), Some("by hand".to_owned())),
            ])
        );
    }

    #[test]
    fn value_sets() {
        assert_eq!(
            enumeration("Acceptable values are: 'Orphan' - orphan it; 'Background' - later."),
            Some(vec![
                ("Orphan".to_owned(), Some("orphan it".to_owned())),
                ("Background".to_owned(), Some("later".to_owned())),
            ])
        );
        assert_eq!(
            enumeration("Valid values are: - All: all stages"),
            Some(vec![("All".to_owned(), Some("all stages".to_owned()))])
        );
        assert_eq!(enumeration("Valid values:"), None);
        assert_eq!(
            enumeration("Status. One of: \"Success\" or \"Failure\". More."),
            Some(vec![
                ("Success".to_owned(), None),
                ("Failure".to_owned(), None)
            ])
        );
    }
}
