//! cloudgen: typed Rust clients from transcribed cloud API documentation.
//!
//! The data flows one way, one module per stage:
//!
//! 1. [`load`]: find the YAML spec files and parse them into plain serde structs;
//! 2. [`resolve`]: check them (every problem, with file and line) and resolve names and types;
//! 3. [`render`]: turn the resolved model into Rust tokens (`quote`) and the crate's
//!    non-Rust files (`minijinja`);
//! 4. [`format`]: print the tokens as source text (`prettyplease`) under a generated-file header;
//! 5. [`write`]: write the files, or compare them with what is on disk.

pub mod api_report;
pub mod build_script;
pub mod diagnostics;
pub mod format;
pub mod import;
pub mod load;
pub mod render;
pub mod resolve;
pub mod write;

use std::path::Path;

pub use build_script::{BuildError, BuildScript};
pub use diagnostics::{Diagnostic, Diagnostics};
pub use resolve::select::Selection;
pub use write::GeneratedFile;

/// Runs every stage but the write: the files of the generated crate, from the specs below
/// `specs_dir`.
pub fn generate(specs_dir: &Path) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_selected(specs_dir, &Selection::all())
}

/// Like [`generate`], for the services and operations `selection` chooses (with the types they
/// need); the names are those the whole specs give.
pub fn generate_selected(
    specs_dir: &Path,
    selection: &Selection,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let sources = selection.keep_sources(specs_dir, load::discover(specs_dir)?)?;
    let api = selection.retain(specs_dir, parse_and_resolve(&sources)?)?;
    format::render_and_format_all(&render::plan(&api))
}

/// Like [`generate`], from spec texts already in memory.
pub fn generate_from_sources(
    sources: &[load::SourceFile],
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    format::render_and_format_all(&render::plan(&parse_and_resolve(sources)?))
}

/// The chosen part of the client as one file of inline modules, named `file_name`, for
/// `include!` from a build script (see [`BuildScript`]).
pub fn generate_single_file(
    specs_dir: &Path,
    file_name: &str,
    selection: &Selection,
) -> Result<GeneratedFile, Diagnostics> {
    let sources = selection.keep_sources(specs_dir, load::discover(specs_dir)?)?;
    let api = selection.retain(specs_dir, parse_and_resolve(&sources)?)?;
    let rendered = render::render_single_file(&api, file_name, "the specs");
    let files = format::format_all(vec![rendered])?;
    files.into_iter().next().ok_or_else(|| {
        Diagnostics::sorted(vec![Diagnostic::new(
            specs_dir,
            None,
            "internal error: nothing was generated",
        )])
    })
}

/// Stages 1 and 2: the resolved model of `sources`, or every problem with its file's text.
fn parse_and_resolve(sources: &[load::SourceFile]) -> Result<resolve::model::Api, Diagnostics> {
    let attach = |diagnostics: Diagnostics| diagnostics.with_sources(sources);
    let parsed = load::parse(sources).map_err(attach)?;
    resolve::resolve(&parsed).map_err(attach)
}
