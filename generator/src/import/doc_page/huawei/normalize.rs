//! Other renderings of Huawei's pages, brought to the one the section readers know, line for
//! line (so every finding still points at the saved page's line):
//!
//! - **pipe tables**: some tools save a table as Markdown-like cells, one a line, each ending in
//!   ` |`, with a `|` line before each row and a `|---|---|` line after the header; the cells
//!   are kept, the markers dropped;
//! - **Chinese pages** (support.huaweicloud.com without `/intl/en-us/`): the table header cells
//!   and the Mandatory column's words become their English forms (`参数` is `Parameter`, `是`
//!   is `Yes`); headings and captions are read where they are (`heading`, `caption`).

use super::super::report::Finding;
use super::super::types;

/// The page with pipe-table markers removed and the Chinese table words in English; the same
/// number of lines. A pipe-table row whose cells do not fit its header (a renderer dropped a
/// cell: the type of a linked object, typically) is blanked out, with a finding, rather than
/// read as the description of the row before it.
pub(super) fn normalize(text: &str, findings: &mut Vec<Finding>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let piped = lines.iter().filter(|l| is_separator(l.trim())).count() > 0
        && lines
            .iter()
            .filter(|l| l.trim_end().ends_with(" |"))
            .count()
            >= 3;
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (at, line) in lines.iter().enumerate() {
        let mut text = line.trim_end_matches('\r').to_owned();
        if piped {
            text = cell_text(&text, true);
        }
        let next = lines[at + 1..]
            .iter()
            .map(|l| cell_text(l, piped))
            .find(|l| !l.is_empty());
        out.push(english(&text, next.as_deref()).unwrap_or(text));
    }
    if piped {
        check_rows(&lines, &mut out, findings);
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// The rows of each pipe table, grouped by their cells (a cell ends at a line ending in `|`;
/// a bare `|` is an empty cell in a rendering without row markers, and a row marker in one
/// with them). A row that has a Type column whose cell is not a type is blanked out.
fn check_rows(lines: &[&str], out: &mut [String], findings: &mut Vec<Finding>) {
    let mut at = 0;
    while at < lines.len() {
        if !is_separator(lines[at].trim()) {
            at += 1;
            continue;
        }
        // The header cells are the cells right above the separator.
        let header: Vec<&str> = (0..at)
            .rev()
            .map(|i| out[i].as_str())
            .take_while(|cell| !cell.is_empty() && is_header_cell(cell))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let width = header.len();
        let type_column = header.iter().position(|c| *c == "Type");
        let marked = lines.get(at + 1).is_some_and(|l| l.trim() == "|");
        let mut row: Vec<usize> = Vec::new();
        let mut cells = 0;
        let mut cell_starts: Vec<usize> = Vec::new();
        let mut index = at + 1;
        while index < lines.len() && !is_separator(lines[index].trim()) {
            let trimmed = lines[index].trim();
            let ends_cell = trimmed.ends_with('|');
            if marked && trimmed == "|" {
                index += 1;
                continue;
            }
            // A line that ends no cell before the row's first cell is done: the table ended.
            if cells == 0 && !ends_cell {
                break;
            }
            if cell_starts.len() == cells {
                cell_starts.push(index);
            }
            row.push(index);
            if ends_cell {
                cells += 1;
            }
            if cells == width && width > 0 {
                let fits = type_column.map_or(true, |column| {
                    let cell = cell_starts.get(column).map_or("", |&i| out[i].as_str());
                    types::looks_like_type(cell)
                });
                // The header of the next table starts like a row; it is not one.
                let is_header = cell_starts
                    .first()
                    .is_some_and(|&i| is_header_cell(&out[i]));
                if !fits && !is_header {
                    let first = cell_starts.first().copied().unwrap_or(index);
                    findings.push(Finding::new(
                        first + 1,
                        format!(
                            "the pipe-table row {:?} has no type in its Type cell (a cell was lost in rendering); left out",
                            out[first]
                        ),
                    ));
                    for &i in &row {
                        out[i].clear();
                    }
                }
                row.clear();
                cell_starts.clear();
                cells = 0;
            }
            index += 1;
        }
        // A row whose cells stop before the header's width: the page was cut inside it.
        if let Some(&first) = cell_starts.first().filter(|_| cells < width) {
            if !is_header_cell(&out[first]) {
                findings.push(Finding::new(
                    first + 1,
                    format!("the pipe-table row {:?} is cut short; left out", out[first]),
                ));
                for &i in &row {
                    out[i].clear();
                }
            }
        }
        at = index.max(at + 1);
    }
}

fn is_header_cell(cell: &str) -> bool {
    matches!(
        cell,
        "Parameter" | "Mandatory" | "Type" | "Description" | "Name" | "Status Code"
    )
}

/// A line as a cell, for looking ahead.
fn cell_text(line: &str, piped: bool) -> String {
    let trimmed = line.trim();
    if piped && (trimmed == "|" || is_separator(trimmed)) {
        return String::new();
    }
    let trimmed = if piped {
        trimmed.strip_suffix('|').unwrap_or(trimmed)
    } else {
        trimmed
    };
    trimmed.trim_start_matches('|').trim().to_owned()
}

/// `---|---|` or `|---|---|`: the line under a pipe table's header.
fn is_separator(text: &str) -> bool {
    text.contains("-|") && text.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// The English form of a Chinese table word; `next` is the next non-empty line, which tells
/// the Status Codes table's header cell `状态码` from the section heading of the same word.
fn english(text: &str, next: Option<&str>) -> Option<String> {
    let word = match text.trim() {
        "参数" | "参数名称" => "Parameter",
        "是否必选" => "Mandatory",
        "参数类型" => "Type",
        "描述" | "说明" => "Description",
        "名称" => "Name",
        "是" => "Yes",
        "否" => "No",
        "状态码" if matches!(next, Some("描述" | "说明")) => "Status Code",
        _ => return None,
    };
    Some(word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_cells_lose_their_markers_and_keep_their_lines() {
        let page = "URI\n|\nParameter |\nType |\n|---|---|\n|\nname |\nString |\n";
        assert_eq!(
            normalize(page, &mut Vec::new()),
            "URI\n\nParameter\nType\n\n\nname\nString\n"
        );
    }

    #[test]
    fn chinese_table_words_become_english() {
        let page = "参数 |\n是否必选 |\n---|---|\nname |\n是 |\n状态码\n状态码 |\n描述 |\n";
        assert_eq!(
            normalize(page, &mut Vec::new()),
            "Parameter\nMandatory\n\nname\nYes\n状态码\nStatus Code\nDescription\n"
        );
    }

    #[test]
    fn a_row_that_lost_its_type_cell_is_left_out_with_a_finding() {
        let page = "Parameter |\nType |\nDescription |\n---|---|---|\nkind |\nString |\nThe kind. |\nmetadata |\nThe metadata. |\n|\nspec |\nspec object |\nThe spec. |\n";
        let mut findings = Vec::new();
        let text = normalize(page, &mut findings);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].line, 8);
        assert!(findings[0].message.contains("\"metadata\""));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[7..10], ["", "", ""]);
        assert_eq!(lines[10..13], ["spec", "spec object", "The spec."]);
    }

    #[test]
    fn a_page_without_pipe_tables_is_left_alone() {
        let page = "Function\nThe value is a | b.\n";
        assert_eq!(normalize(page, &mut Vec::new()), page);
    }
}
