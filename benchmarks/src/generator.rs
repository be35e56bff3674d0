//! The generator's benchmark: a full run and each stage on a corpus of N operations.
//!
//! Each size runs in a child process of its own (`generator-run`), so that its peak resident
//! set (`VmHWM`) is the run's alone; the corpus is written to disk by the parent beforehand.
//! Heap figures come from the counting allocator the driver installs ([`crate::heap`]).

use std::path::Path;
use std::time::Instant;

use cloudgen::{format, load, render, resolve, write, Diagnostics};
use serde::{Deserialize, Serialize};

use crate::heap;

/// One stage: its wall time and the heap it needed beyond what was in use when it started.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage {
    pub name: String,
    pub seconds: f64,
    pub heap_bytes: usize,
}

/// The figures of one corpus size.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figures {
    pub operations: usize,
    pub spec_files: usize,
    pub files: usize,
    pub output_bytes: usize,
    /// Load, validate, render and format on all cores, write into an empty folder.
    pub full_seconds: f64,
    pub full_heap_bytes: usize,
    /// `VmHWM` after the full run: the process's peak resident set, binary and all.
    pub full_rss_bytes: Option<usize>,
    pub files_written: usize,
    /// The same run again with the specs unchanged.
    pub second_seconds: f64,
    pub second_files_written: usize,
    /// Each stage alone, render and format also on one thread.
    pub stages: Vec<Stage>,
}

fn problem(diagnostics: Diagnostics) -> String {
    diagnostics.plain().to_string()
}

/// The full run the `generate` command does, minus its API report: every file of `out`
/// that changes is written. Returns the number of files generated and written.
fn full_run(specs: &Path, out: &Path) -> Result<(Vec<write::GeneratedFile>, usize), String> {
    let files = cloudgen::generate(specs).map_err(problem)?;
    let changes = write::write_all(out, &files).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok((files, changes.len()))
}

/// Measures one corpus already written below `specs`; `scratch` is emptied and used for the
/// output. Runs in the child process.
pub fn measure(specs: &Path, scratch: &Path) -> Result<Figures, String> {
    let io = |e: std::io::Error| format!("{}: {e}", scratch.display());
    if scratch.exists() {
        std::fs::remove_dir_all(scratch).map_err(io)?;
    }
    let out = scratch.join("generated");

    let base = heap::reset_peak();
    let started = Instant::now();
    let (files, files_written) = full_run(specs, &out)?;
    let full_seconds = started.elapsed().as_secs_f64();
    let full_heap_bytes = heap::peak().saturating_sub(base);
    let full_rss_bytes = heap::peak_rss();

    let started = Instant::now();
    let (_, second_files_written) = full_run(specs, &out)?;
    let second_seconds = started.elapsed().as_secs_f64();

    let mut stages = Vec::new();
    let mut stage = |name: &str, started: Instant, base: usize| {
        stages.push(Stage {
            name: name.to_owned(),
            seconds: started.elapsed().as_secs_f64(),
            heap_bytes: heap::peak().saturating_sub(base),
        });
    };
    let (base, started) = (heap::reset_peak(), Instant::now());
    let sources = load::discover(specs).map_err(problem)?;
    let parsed = load::parse(&sources).map_err(problem)?;
    stage("load (read + parse)", started, base);
    let spec_files = sources.len();

    let (base, started) = (heap::reset_peak(), Instant::now());
    let api = resolve::resolve(&parsed).map_err(problem)?;
    stage("validate (resolve)", started, base);

    let (base, started) = (heap::reset_peak(), Instant::now());
    let rendered = render::render(&api);
    stage("render, 1 thread", started, base);

    let (base, started) = (heap::reset_peak(), Instant::now());
    let formatted = format::format_all(rendered).map_err(problem)?;
    stage("format, 1 thread", started, base);
    drop(formatted);

    let (base, started) = (heap::reset_peak(), Instant::now());
    let jobs = render::plan(&api);
    let formatted = format::render_and_format_all(&jobs).map_err(problem)?;
    stage("render + format, all cores", started, base);

    let fresh = scratch.join("fresh");
    let (base, started) = (heap::reset_peak(), Instant::now());
    write::write_all(&fresh, &formatted).map_err(io)?;
    stage("write, empty folder", started, base);

    let (base, started) = (heap::reset_peak(), Instant::now());
    let unchanged = write::write_all(&fresh, &formatted).map_err(io)?;
    stage("write, unchanged", started, base);
    if !unchanged.is_empty() {
        return Err(format!(
            "a second write of the same files changed {}",
            unchanged.len()
        ));
    }

    Ok(Figures {
        operations: api.services.iter().map(|s| s.operations.len()).sum(),
        spec_files,
        files: files.len(),
        output_bytes: files.iter().map(|f| f.contents.len()).sum(),
        full_seconds,
        full_heap_bytes,
        full_rss_bytes,
        files_written,
        second_seconds,
        second_files_written,
        stages,
    })
}
