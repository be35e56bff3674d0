//! The descriptions of Huawei's API definitions: Chinese Markdown in labelled blocks,
//! `**参数解释:**` (what the value is), `**约束限制:**` (constraints), `**取值范围:**` (range)
//! and `**默认取值:**` (default). Each block goes to the field of the spec that holds the same
//! fact on an English documentation page.

/// The blocks of one description; a block that only says "not applicable" is left out, as the
/// spec format leaves out `None`, `N/A` and `-`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Blocks {
    pub description: Option<String>,
    pub constraints: Option<String>,
    pub range: Option<String>,
    pub default: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    Description,
    Constraints,
    Range,
    Default,
}

const LABELS: &[(&str, Label)] = &[
    ("参数解释", Label::Description),
    ("约束限制", Label::Constraints),
    ("取值范围", Label::Range),
    ("默认取值", Label::Default),
];

/// Texts that say a block does not apply.
const SAYS_NOTHING: &[&str] = &["不涉及", "不涉及。", "无", "无。", "N/A", "-", "None"];

/// Splits `text` at its block labels. Text before the first label, or a text without labels,
/// is the description.
pub fn blocks(text: &str) -> Blocks {
    let text = without_cut_label(text);
    let mut marks: Vec<(usize, usize, Label)> = Vec::new();
    for (word, label) in LABELS {
        for colon in [":", "："] {
            for form in [format!("**{word}{colon}**"), format!("**{word}**{colon}")] {
                let mut from = 0;
                while let Some(found) = text[from..].find(&form) {
                    let start = from + found;
                    marks.push((start, start + form.len(), *label));
                    from = start + form.len();
                }
            }
        }
    }
    marks.sort_by_key(|m| m.0);
    let mut blocks = Blocks::default();
    let first = marks.first().map_or(text.len(), |m| m.0);
    let mut description = clean(&text[..first]);
    for (index, (_, end, label)) in marks.iter().enumerate() {
        let stop = marks.get(index + 1).map_or(text.len(), |m| m.0);
        let body = clean(text.get(*end..stop).unwrap_or_default());
        let slot = match label {
            Label::Description => {
                description = join(description, body);
                continue;
            }
            Label::Constraints => &mut blocks.constraints,
            Label::Range => &mut blocks.range,
            Label::Default => &mut blocks.default,
        };
        *slot = join(slot.take(), body);
    }
    blocks.description = description;
    blocks
}

/// Fix-up for a defect of the definitions: a description that ends in a label cut short
/// (`"集群运维相关配置。\n**约束"`, CCE's `clusterOps`), which would show as stray Markdown.
/// The cut label carries no text, so it is dropped.
fn without_cut_label(text: &str) -> &str {
    let trimmed = text.trim_end();
    // An odd number of `**` leaves the last one open.
    let open = trimmed.matches("**").count() % 2 == 1;
    let Some(start) = trimmed.rfind("**").filter(|_| open) else {
        return text;
    };
    let tail = &trimmed[start + 2..];
    let is_label_start = !tail.is_empty() && LABELS.iter().any(|(word, _)| word.starts_with(tail));
    if is_label_start {
        &trimmed[..start]
    } else {
        text
    }
}

fn clean(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || SAYS_NOTHING.contains(&trimmed) {
        None
    } else {
        Some(trimmed.to_owned())
    }
}

fn join(first: Option<String>, second: Option<String>) -> Option<String> {
    match (first, second) {
        (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_labelled_blocks() {
        let text = "**参数解释:**\n集群ID。\n**约束限制:**\n该值不可修改\n**取值范围:**\n不涉及\n**默认取值:**\n无";
        assert_eq!(
            blocks(text),
            Blocks {
                description: Some("集群ID。".into()),
                constraints: Some("该值不可修改".into()),
                range: None,
                default: None,
            }
        );
    }

    #[test]
    fn accepts_the_colon_outside_the_bold_marks() {
        let text = "**参数解释**:\n列表\n**约束限制**:\n最多10个";
        let parsed = blocks(text);
        assert_eq!(parsed.description.as_deref(), Some("列表"));
        assert_eq!(parsed.constraints.as_deref(), Some("最多10个"));
    }

    #[test]
    fn a_label_cut_short_at_the_end_is_dropped() {
        let parsed = blocks("**参数解释:**\n集群运维相关配置。\n**约束");
        assert_eq!(parsed.description.as_deref(), Some("集群运维相关配置。"));
        assert_eq!(parsed.constraints, None);
        // Bold text that is not a label stays.
        assert_eq!(
            blocks("固定值**Configuration**").description.as_deref(),
            Some("固定值**Configuration**")
        );
    }

    #[test]
    fn a_text_without_labels_is_the_description() {
        assert_eq!(blocks(" 集群ID ").description.as_deref(), Some("集群ID"));
        assert_eq!(blocks("").description, None);
    }
}
