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
//!
//! By default every service of the specs is generated. A build script that uses a few
//! services, or a few operations, names them, and compiles only those and the types they need:
//!
//! ```no_run
//! let generated = cloudgen::BuildScript::new("specs")
//!     .service("huawei/cce")
//!     .operations("huawei/workspace", ["ListDesktopsDetail", "ShowDesktopDetail"])
//!     .generate();
//! if let Err(error) = generated {
//!     panic!("{error}");
//! }
//! ```
//!
//! The types keep the names the whole specs give them, so choosing one more operation later
//! renames nothing.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::resolve::select::Selection;
use crate::write;

/// Generates the client for the specs below one folder into a single file.
#[derive(Debug, Clone)]
pub struct BuildScript {
    specs: PathBuf,
    file_name: String,
    selection: Selection,
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
            selection: Selection::all(),
        }
    }

    /// Generates the service in the folder `service` below the specs (`huawei/cce`), whole.
    /// Once a service or an operation is named, only what is named is generated.
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.selection = self.selection.service(service);
        self
    }

    /// Generates these operations of `service` (by the vendor's names, `ListClusters`) and the
    /// types they need.
    pub fn operations<I, S>(mut self, service: impl Into<String>, operations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection = self.selection.operations(service, operations);
        self
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
        let file = crate::generate_single_file(&self.specs, &self.file_name, &self.selection)
            .map_err(BuildError::Specs)?;
        write::write_files(out_dir, std::slice::from_ref(&file)).map_err(|source| {
            BuildError::Io {
                path: out_dir.join(&self.file_name),
                source,
            }
        })?;
        Ok(out_dir.join(&self.file_name))
    }
}
