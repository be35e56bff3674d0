//! Generating the client from a user's `build.rs`, into `OUT_DIR`.
//!
//! In `build.rs`, whose `main` is:
//!
//! ```no_run
//! if let Err(error) = cloudgen::BuildScript::new("specs").generate() {
//!     panic!("{error}");
//! }
//! ```
//!
//! ```rs
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/cloudgen.rs"));
//! ```
//!
//! The generated file needs `cloudgen-runtime`, `serde` (with `derive`) and `serde_json` as
//! dependencies of the crate that includes it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::write;

/// Generates the client for the specs below one folder into a single file.
#[derive(Debug, Clone)]
pub struct BuildScript {
    specs: PathBuf,
    file_name: String,
}

/// Why a build-script generation failed.
#[derive(Debug)]
pub enum BuildError {
    /// The specs have problems; each names its file and line.
    Specs(Diagnostics),
    /// `OUT_DIR` is not set: the builder runs outside a build script without `generate_into`.
    NoOutDir,
    /// Reading or writing a file failed.
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Specs(diagnostics) => write!(f, "{diagnostics}"),
            BuildError::NoOutDir => f.write_str(
                "OUT_DIR is not set: call `generate` from a build script, or use `generate_into`",
            ),
            BuildError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}

impl BuildScript {
    /// Generates from the specs below `specs` (relative paths are relative to the package of
    /// the build script, where cargo runs it).
    pub fn new(specs: impl Into<PathBuf>) -> Self {
        Self {
            specs: specs.into(),
            file_name: "cloudgen.rs".to_owned(),
        }
    }

    /// The name of the generated file in the output folder (default `cloudgen.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Generates into `OUT_DIR` and tells cargo to rerun only when a spec changes.
    pub fn generate(&self) -> Result<PathBuf, BuildError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?;
        let written = self.generate_into(Path::new(&out_dir))?;
        println!("cargo:rerun-if-changed={}", self.specs.display());
        for file in crate::load::discover(&self.specs).map_err(BuildError::Specs)? {
            println!("cargo:rerun-if-changed={}", file.path.display());
        }
        Ok(written)
    }

    /// Generates into `out_dir`; the file is rewritten only when its bytes change, so an
    /// unchanged client does not make cargo recompile the crate that includes it.
    pub fn generate_into(&self, out_dir: &Path) -> Result<PathBuf, BuildError> {
        let file =
            crate::generate_single_file(&self.specs, &self.file_name).map_err(BuildError::Specs)?;
        write::write_files(out_dir, std::slice::from_ref(&file)).map_err(|source| {
            BuildError::Io {
                path: out_dir.join(&self.file_name),
                source,
            }
        })?;
        Ok(out_dir.join(&self.file_name))
    }
}
