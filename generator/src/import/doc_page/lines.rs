//! The page as numbered lines: every reader works on these, so every finding has a line.

/// One line of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the saved page.
    pub number: usize,
    /// The line as saved (indentation kept, for example bodies).
    pub raw: &'a str,
    /// The line without surrounding white space.
    pub text: &'a str,
}

/// Every line of `page`, empty ones included.
pub fn all(page: &str) -> Vec<Line<'_>> {
    page.lines()
        .enumerate()
        .map(|(index, raw)| Line {
            number: index + 1,
            raw: raw.trim_end_matches('\r'),
            text: raw.trim(),
        })
        .collect()
}

/// The lines that hold text.
pub fn non_empty<'a>(lines: &[Line<'a>]) -> Vec<Line<'a>> {
    lines
        .iter()
        .copied()
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// A bullet item's text as a spec keeps it: `• ` and the item, without the page's indentation.
pub fn bullet(text: &str) -> Option<&str> {
    text.strip_prefix('•').map(str::trim_start)
}
