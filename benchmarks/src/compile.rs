//! Compile cost of the generated code: `cargo check` and `cargo build` (debug) of the crate
//! generated for N operations with its dependencies prebuilt, the same for the crate another
//! OpenAPI generator (progenitor) makes from the same operations, one service's feature alone,
//! and the clean release build and stripped size of a small program that calls one operation.
//!
//! Every crate is built in its own workspace below `target/benchmarks/compile/` with its own
//! target folder; dependencies are built first with the 5-operation corpus, so a timed build
//! compiles the generated crate only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;

/// The figures of one generated crate at one size.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrateFigures {
    pub operations: usize,
    pub source_bytes: usize,
    pub check_seconds: f64,
    pub build_seconds: f64,
}

/// Everything the compile benchmark measures.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Figures {
    pub ours: Vec<CrateFigures>,
    /// Empty when the other generator could not be run; `other_problem` says why.
    pub other: Vec<CrateFigures>,
    pub other_problem: Option<String>,
    /// `cargo check` of the largest crate with one service's feature only: (feature, seconds,
    /// operations of that service).
    pub one_feature: Option<(String, f64, usize)>,
    /// Clean release build of the small program, and its stripped size.
    pub program_seconds: Option<f64>,
    pub program_bytes: Option<u64>,
}

/// The workspace root of this repository.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// Runs `cargo <args>` in `dir` with `dir/target` as target folder; returns its wall time.
fn cargo(dir: &Path, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .arg("--target-dir")
        .arg(dir.join("target"))
        .arg("--quiet")
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        // Without incremental compilation, a timed build compiles the generated crate from
        // scratch; with it, each size would reuse what the previous size left in the cache.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cargo {}: {e}", args.join(" ")))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            tail(&String::from_utf8_lossy(&output.stderr), 40)
        ));
    }
    Ok(seconds)
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A workspace of its own at `dir` holding `members`, with this repository's lock file so
/// that the dependencies are the versions the project is tested with.
fn workspace(dir: &Path, members: &[&str], extra: &str) -> Result<(), String> {
    let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n{extra}",
            members.join(", ")
        ),
    )
}

fn copy_lock(dir: &Path) -> Result<(), String> {
    let lock = repository().join("Cargo.lock");
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(&lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("{}: {e}", lock.display()))?;
    }
    Ok(())
}

/// Generates the crate for `operations` into `dir/generated`, pointing it at this
/// repository's runtime; returns the size of its Rust sources.
fn generate_ours(dir: &Path, operations: usize) -> Result<usize, String> {
    let corpus = Corpus::new(operations).map_err(|e| e.to_string())?;
    let sources = corpus.sources().map_err(|e| e.to_string())?;
    let mut files = cloudgen::generate_from_sources(&sources).map_err(|d| d.plain().to_string())?;
    let runtime = repository().join("runtime");
    for file in &mut files {
        if file.path == "Cargo.toml" {
            file.contents = file.contents.replace(
                "path = \"../runtime\"",
                &format!("path = {:?}", runtime.display().to_string()),
            );
        }
    }
    let out = dir.join("generated");
    cloudgen::write::write_all(&out, &files).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.len())
        .sum())
}

/// Generates progenitor's crate for `operations` into `dir/client`.
fn generate_other(tool: &Path, dir: &Path, operations: usize) -> Result<usize, String> {
    let corpus = Corpus::new(operations).map_err(|e| e.to_string())?;
    let document = crate::openapi::document(&corpus);
    let spec = dir.join(format!("openapi-{operations}.json"));
    let text = serde_json::to_string(&document).map_err(|e| e.to_string())?;
    write(&spec, &text)?;
    let out = dir.join("client");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let output = Command::new(tool)
        .args([
            "progenitor",
            "--name",
            "corpus-client",
            "--version",
            "0.1.0",
        ])
        .arg("--input")
        .arg(&spec)
        .arg("--output")
        .arg(&out)
        .output()
        .map_err(|e| format!("{}: {e}", tool.display()))?;
    if !output.status.success() {
        return Err(format!(
            "cargo-progenitor failed on {} operations:\n{}",
            operations,
            tail(&String::from_utf8_lossy(&output.stderr), 20)
        ));
    }
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).map_err(|e| e.to_string())?;
    Ok(lib.len())
}

/// Installs `cargo-progenitor` below `target/benchmarks/tools` once.
fn other_tool() -> Result<PathBuf, String> {
    let root = repository().join("target/benchmarks/tools");
    let binary = root.join("bin/cargo-progenitor");
    if binary.exists() {
        return Ok(binary);
    }
    eprintln!("installing cargo-progenitor (once) into {}", root.display());
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "install",
            "cargo-progenitor",
            "--locked",
            "--quiet",
            "--root",
        ])
        .arg(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() && binary.exists() {
        Ok(binary)
    } else {
        Err("`cargo install cargo-progenitor` failed".to_owned())
    }
}

fn measure_crate(
    dir: &Path,
    operations: usize,
    generate: &dyn Fn(&Path, usize) -> Result<usize, String>,
) -> Result<CrateFigures, String> {
    let source_bytes = generate(dir, operations)?;
    let check_seconds = cargo(dir, &["check"])?;
    let build_seconds = cargo(dir, &["build"])?;
    Ok(CrateFigures {
        operations,
        source_bytes,
        check_seconds,
        build_seconds,
    })
}

/// Builds the dependencies with the smallest corpus, then measures each size.
fn measure_generator(
    dir: &Path,
    sizes: &[usize],
    generate: &dyn Fn(&Path, usize) -> Result<usize, String>,
) -> Result<Vec<CrateFigures>, String> {
    eprintln!("building the dependencies of {}", dir.display());
    generate(dir, 5)?;
    cargo(dir, &["check"])?;
    cargo(dir, &["build"])?;
    let mut figures = Vec::new();
    for &size in sizes {
        eprintln!("compiling {size} operations in {}", dir.display());
        figures.push(measure_crate(dir, size, generate)?);
    }
    Ok(figures)
}

/// The small program: lists the pod identity associations of a cluster, with only the
/// `huawei-cce` feature of the generated crate.
const PROGRAM: &str = r#"use cloudgen_clients::huawei::cce;
use cloudgen_clients::{Config, Credentials};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = cce::Client::new(
        Config::new()
            .region("ap-southeast-1")
            .project_id(std::env::var("HUAWEICLOUD_SDK_PROJECT_ID")?)
            .credentials(Credentials::huawei_token_from_env()?),
    )?;
    let cluster = std::env::args().nth(1).ok_or("usage: app CLUSTER_ID")?;
    let associations = client.list_pod_identity_associations(cluster).send().await?;
    println!("{} associations", associations.len());
    Ok(())
}
"#;

fn measure_program(dir: &Path) -> Result<(f64, u64), String> {
    let generated = repository().join("generated");
    workspace(dir, &["app"], "\n[profile.release]\nstrip = true\n")?;
    copy_lock(dir)?;
    write(
        &dir.join("app/Cargo.toml"),
        &format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ncloudgen-clients = {{ path = {:?}, default-features = false, features = [\"huawei-cce\"] }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
            generated.display().to_string()
        ),
    )?;
    write(&dir.join("app/src/main.rs"), PROGRAM)?;
    let target = dir.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let seconds = cargo(dir, &["build", "--release"])?;
    let binary = target.join("release/app");
    let bytes = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    Ok((seconds, bytes))
}

/// Runs the compile benchmark for `sizes`; `other` includes the other generator and
/// `program` the clean release build.
pub fn measure(sizes: &[usize], other: bool, program: bool) -> Result<Figures, String> {
    let root = repository().join("target/benchmarks/compile");
    let mut figures = Figures::default();

    let ours = root.join("cloudgen");
    workspace(&ours, &["generated"], "")?;
    copy_lock(&ours)?;
    figures.ours = measure_generator(&ours, sizes, &generate_ours)?;
    if let Some(&largest) = sizes.iter().max() {
        let corpus = Corpus::new(largest).map_err(|e| e.to_string())?;
        let (dir, operations) = corpus
            .services
            .iter()
            .find(|(dir, _)| dir.as_str() == "huawei/workspace")
            .map(|(dir, (_, ops))| (dir.clone(), ops.len()))
            .unwrap_or_default();
        let feature = dir.replace('/', "-");
        let seconds = cargo(
            &ours,
            &["check", "--no-default-features", "--features", &feature],
        )?;
        figures.one_feature = Some((feature, seconds, operations));
    }

    if other {
        let dir = root.join("progenitor");
        let result = workspace(&dir, &["client"], "").and_then(|()| {
            let tool = other_tool()?;
            measure_generator(&dir, sizes, &|dir, n| generate_other(&tool, dir, n))
        });
        match result {
            Ok(other) => figures.other = other,
            Err(problem) => figures.other_problem = Some(problem),
        }
    }

    if program {
        eprintln!("clean release build of the small program");
        let (seconds, bytes) = measure_program(&root.join("program"))?;
        figures.program_seconds = Some(seconds);
        figures.program_bytes = Some(bytes);
    }
    Ok(figures)
}
