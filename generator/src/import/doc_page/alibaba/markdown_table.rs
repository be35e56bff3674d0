//! Alibaba's Markdown tables: a header row, a separator, then rows, where a row whose cell
//! holds a line break continues on the next line.

use super::super::report::Finding;
use super::Line;

/// A Markdown table: its header cells and its rows, each with the line it starts on.
pub(super) struct MarkdownTable {
    pub(super) line: usize,
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<(usize, Vec<String>)>,
}

pub(super) fn cells(row: &str) -> Vec<String> {
    let mut parts: Vec<&str> = row.split('|').collect();
    if !parts.is_empty() {
        parts.remove(0);
    }
    if row.trim_end().ends_with('|') {
        parts.pop();
    }
    parts.iter().map(|p| p.trim().to_owned()).collect()
}

pub(super) fn is_separator(text: &str) -> bool {
    text.starts_with('|') && text.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The tables of `lines`: each a header row, a separator, then rows. A row with fewer cells
/// than the header, or without its closing `|`, continues on the next line (the page broke a
/// cell at a line break).
pub(super) fn markdown_tables(lines: &[Line], findings: &mut Vec<Finding>) -> Vec<MarkdownTable> {
    let mut tables: Vec<MarkdownTable> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    let complete =
        |text: &str, columns: usize| cells(text).len() >= columns && text.trim_end().ends_with('|');
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        let is_header = line.text.starts_with('|')
            && !is_separator(&line.text)
            && lines
                .get(index + 1)
                .is_some_and(|next| is_separator(&next.text));
        if is_header {
            finish_row(&mut tables, pending.take(), findings);
            tables.push(MarkdownTable {
                line: line.number,
                header: cells(&line.text),
                rows: Vec::new(),
            });
            index += 2;
            continue;
        }
        index += 1;
        let Some(columns) = tables.last().map(|t| t.header.len()) else {
            findings.push(Finding::new(
                line.number,
                format!("expected a table's header row, found {:?}", line.text),
            ));
            continue;
        };
        let text = match pending.take() {
            Some((start, before))
                if line.text.starts_with('|') && cells(&before).len() >= columns =>
            {
                finish_row(&mut tables, Some((start, before)), findings);
                (line.number, line.text.clone())
            }
            Some((start, before)) => (start, format!("{before}\n{}", line.text)),
            None if line.text.starts_with('|') => (line.number, line.text.clone()),
            None => {
                findings.push(Finding::new(
                    line.number,
                    format!("text after the table: {:?}", line.text),
                ));
                continue;
            }
        };
        if complete(&text.1, columns) {
            finish_row(&mut tables, Some(text), findings);
        } else {
            pending = Some(text);
        }
    }
    // Every row the pages print ends with `|`: one without it where the text ends was cut off.
    if let Some((start, text)) = &pending {
        if !text.trim_end().ends_with('|') {
            findings.push(Finding::new(
                *start,
                "the table ends inside this row (no closing |): the page was saved cut short",
            ));
        }
    }
    finish_row(&mut tables, pending.take(), findings);
    tables
}

/// Ends a row of the last table; one with too few cells is a finding.
pub(super) fn finish_row(
    tables: &mut [MarkdownTable],
    row: Option<(usize, String)>,
    findings: &mut Vec<Finding>,
) {
    let (Some((start, text)), Some(table)) = (row, tables.last_mut()) else {
        return;
    };
    let row = cells(&text);
    if row.len() < table.header.len() {
        findings.push(Finding::new(
            start,
            format!(
                "table row cut short: {} of the {} columns",
                row.len(),
                table.header.len()
            ),
        ));
    } else {
        table.rows.push((start, row));
    }
}

/// A table kept as a note: its header and rows, or that it has none.
pub(super) fn table_note(table: &MarkdownTable) -> String {
    let header = table.header.join(" | ");
    if table.rows.is_empty() {
        return format!("the table ({header}) has no rows.");
    }
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|(_, cells)| cells.join(" | "))
        .collect();
    format!("{header}\n{}", rows.join("\n"))
}

pub(super) fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
}
