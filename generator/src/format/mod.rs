//! Stage 4: token streams into source text (`prettyplease`), under a generated-file header.

pub(crate) mod runtime_macros;

use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;

use crate::render::{Content, FileJob, RenderedFile};
use crate::write::GeneratedFile;

/// Formats every file. A token stream that does not parse as Rust is a bug in the renderer; it
/// is reported, not written.
pub fn format_all(files: Vec<RenderedFile>) -> Result<Vec<GeneratedFile>, Diagnostics> {
    collect(files.into_iter().map(format_file))
}

/// Renders and formats every planned file, on all cores. Each file is rendered and formatted
/// on one thread (token streams cannot move between threads); the result keeps the plan's
/// order, so the output is the same bytes whatever the number of threads.
pub fn render_and_format_all(jobs: &[FileJob<'_>]) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let formatted: Vec<Result<GeneratedFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| format_file(job.render()))
        .collect();
    collect(formatted.into_iter())
}

fn collect(
    results: impl Iterator<Item = Result<GeneratedFile, Diagnostic>>,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => out.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics::sorted(problems))
    }
}

/// Formats one file.
pub fn format_file(file: RenderedFile) -> Result<GeneratedFile, Diagnostic> {
    match file.content {
        Content::Text(text) => Ok(GeneratedFile {
            path: file.path,
            contents: text,
        }),
        Content::Rust(tokens) => match syn::parse2::<syn::File>(tokens) {
            Ok(mut syntax) => {
                let mut layouts = Vec::new();
                runtime_macros::extract(&mut syntax.items, &mut layouts);
                let text = space_items(&prettyplease::unparse(&syntax));
                Ok(GeneratedFile {
                    contents: format!(
                        "// {}\n\n{}",
                        file.header,
                        runtime_macros::restore(&text, &layouts)
                    ),
                    path: file.path,
                })
            }
            Err(error) => Err(Diagnostic::new(
                &file.path,
                None,
                format!("internal error: the generated code does not parse ({error}); please report this with the specs"),
            )),
        },
    }
}

/// Puts a blank line between consecutive items, which prettyplease prints back to back: after
/// a line that closes a block at some indentation and before the next line at that indentation,
/// and between the imports and what follows them.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(previous) = previous {
            if needs_gap(previous, line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn needs_gap(previous: &str, line: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let current = line.trim_start();
    if current.is_empty() || indent(previous) != indent(line) {
        return false;
    }
    let closes_block = matches!(previous.trim_start(), "}" | "};") && starts_item(current);
    let ends_imports = previous.trim_start().starts_with("use ") && !current.starts_with("use ");
    let ends_inner_docs = previous.trim_start().starts_with("//!") && !current.starts_with("//!");
    let continues =
        current.starts_with('}') || current.starts_with(')') || current.starts_with("else");
    let new_kind_of_item = indent(line) == 0
        && (previous.ends_with(';') || previous.starts_with("#!["))
        && item_kind(previous) != item_kind(line);
    (closes_block || ends_imports || ends_inner_docs || new_kind_of_item) && !continues
}

/// Whether a line begins an item or statement (not a match arm or an expression).
fn starts_item(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "pub ",
        "pub(",
        "fn ",
        "async fn ",
        "impl ",
        "impl<",
        "#[",
        "///",
        "//",
        "struct ",
        "enum ",
        "type ",
        "static ",
        "const ",
        "mod ",
        "use ",
        "let ",
        "trait ",
        "Ok(",
        "Err(",
        runtime_macros::PLACEHOLDER,
        "cloudgen_runtime::",
    ];
    STARTS.iter().any(|start| line.starts_with(start))
}

/// The keyword an item line starts with, visibility aside (`use`, `mod`, `type`).
fn item_kind(line: &str) -> &str {
    let mut words = line.split_whitespace();
    match words.next() {
        Some("pub") => words.next().unwrap_or_default(),
        other => other.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn separates_items_but_not_continuations() {
        let text =
            "use a::b;\nuse c::d;\nfn x() {\n    if y {\n    }\n    else {\n    }\n}\nfn z() {}\n";
        assert_eq!(
            space_items(text),
            "use a::b;\nuse c::d;\n\nfn x() {\n    if y {\n    }\n    else {\n    }\n}\n\nfn z() {}\n"
        );
    }
}
