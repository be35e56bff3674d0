//! The scale run over Huawei Cloud's whole catalogue: every service's API Explorer definitions
//! (the `huawei-cloud-api-definitions-<Service>` crates, pinned in
//! `benchmarks/catalogue/definitions.txt`) imported into a scratch specs tree, generated, and
//! each service's cargo feature checked alone.
//!
//! The crates are downloaded by `cargo fetch` of a scratch manifest (nothing of them is built)
//! and found with `cargo metadata`. Everything written goes below
//! `<target>/benchmarks/catalogue/`; nothing of it is committed. The figures are compared with
//! `benchmarks/catalogue/floor.txt`: the run fails when fewer operations generate or fewer
//! services compile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cloudgen::import::definitions;

/// One pinned definitions crate.
#[derive(Debug, Clone)]
pub struct Pinned {
    /// `huawei-cloud-api-definitions-VPC`.
    pub name: String,
    pub version: String,
}

impl Pinned {
    /// The vendor's product name (`VPC`).
    pub fn product(&self) -> &str {
        self.name
            .strip_prefix("huawei-cloud-api-definitions-")
            .unwrap_or(&self.name)
    }
}

/// The folder below `specs/huawei/` a product is imported into: its name in lower case, with
/// `_` for what cannot be in a module name; a Rust keyword gets `_service`.
pub fn service_folder(product: &str) -> String {
    let lower: String = product
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '_',
        })
        .collect();
    const KEYWORDS: &[&str] = &[
        "as", "box", "const", "crate", "dyn", "enum", "fn", "impl", "in", "let", "loop", "match",
        "mod", "move", "ref", "self", "static", "struct", "super", "trait", "type", "use", "where",
    ];
    match KEYWORDS.contains(&lower.as_str()) {
        true => format!("{lower}_service"),
        false => lower,
    }
}

/// Reads `definitions.txt`: `<crate> <version>` per line, `#` comments.
pub fn read_pinned(path: &Path) -> Result<Vec<Pinned>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_whitespace().collect::<Vec<_>>().as_slice() {
            [name, version] => out.push(Pinned {
                name: (*name).to_owned(),
                version: (*version).to_owned(),
            }),
            _ => {
                return Err(format!(
                    "{}:{}: expected `<crate> <version>`",
                    path.display(),
                    index + 1
                ))
            }
        }
    }
    Ok(out)
}

/// The lower bounds a run must reach, from `floor.txt` (`<key> = <number>` lines).
#[derive(Debug, Clone, Copy, Default)]
pub struct Floor {
    pub operations_generated: usize,
    pub services_compiling: usize,
}

pub fn read_floor(path: &Path) -> Result<Floor, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut floor = Floor::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "{}: `{line}` is not `key = number`",
                path.display()
            ));
        };
        let value: usize = value
            .trim()
            .parse()
            .map_err(|e| format!("{}: `{line}`: {e}", path.display()))?;
        match key.trim() {
            "operations_generated" => floor.operations_generated = value,
            "services_compiling" => floor.services_compiling = value,
            other => return Err(format!("{}: unknown key `{other}`", path.display())),
        }
    }
    Ok(floor)
}

/// What the run found for one service.
#[derive(Debug, Clone, Default)]
pub struct ServiceFigures {
    pub product: String,
    pub folder: String,
    pub version: String,
    pub definition_files: usize,
    pub imported: usize,
    /// Operations not generated, counted by kind of reason.
    pub not_generated: BTreeMap<&'static str, usize>,
    pub places_not_mapped: usize,
    pub import_seconds: f64,
    pub generate_seconds: f64,
    /// `cargo check` of the service's feature alone: seconds and whether it passed; `None`
    /// when not checked (no operation, or the run was asked not to).
    pub check: Option<(f64, bool)>,
    /// Why the import stopped, when it did.
    pub error: Option<String>,
}

/// The kind of a reason an operation is not generated, for counting.
pub fn reason_kind(reason: &str) -> &'static str {
    const KINDS: &[(&str, &str)] = &[
        ("holds no definition", "empty definition file"),
        ("would not generate", "spec would not generate"),
        ("the request body is", "request media type"),
        ("the reply is", "reply media type"),
        ("served at", "another host"),
        ("no 2xx status", "no success status"),
        ("placeholder", "path and parameters disagree"),
        ("is not an HTTP method", "not an HTTP method"),
        ("the same endpoint", "superseded definition"),
    ];
    KINDS
        .iter()
        .find(|(needle, _)| reason.contains(needle))
        .map_or("other", |(_, kind)| kind)
}

/// Every figure of a run.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub services: Vec<ServiceFigures>,
    /// `cloudgen::generate` of the whole scratch tree, in this process.
    pub whole_generate_seconds: f64,
    /// The release `cloudgen check` of the whole tree: every file generated and compared with
    /// the crate just written, as a user runs the command.
    pub command_seconds: f64,
    pub generated_lines: usize,
}

impl Figures {
    pub fn definition_files(&self) -> usize {
        self.services.iter().map(|s| s.definition_files).sum()
    }
    pub fn imported(&self) -> usize {
        self.services.iter().map(|s| s.imported).sum()
    }
    pub fn empty_files(&self) -> usize {
        self.services
            .iter()
            .map(|s| {
                s.not_generated
                    .get("empty definition file")
                    .copied()
                    .unwrap_or(0)
            })
            .sum()
    }
    pub fn compiling(&self) -> usize {
        self.services
            .iter()
            .filter(|s| matches!(s.check, Some((_, true))))
            .count()
    }
    pub fn with_operations(&self) -> usize {
        self.services.iter().filter(|s| s.imported > 0).count()
    }
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Downloads the pinned crates with `cargo fetch` of a scratch manifest and returns the folder
/// of each (by crate name), from `cargo metadata`.
pub fn fetch(pinned: &[Pinned], scratch: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let dir = scratch.join("fetch");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut manifest = String::from(
        "[package]\nname = \"catalogue-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n",
    );
    for crate_ in pinned {
        manifest.push_str(&format!("{} = \"={}\"\n", crate_.name, crate_.version));
    }
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    write(dir.join("src/lib.rs"), "")?;
    let status = cargo()
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .status()
        .map_err(|e| format!("cargo fetch: {e}"))?;
    if !status.success() {
        return Err(format!("cargo fetch of {} failed", dir.display()));
    }
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let mut out = BTreeMap::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let (Some(name), Some(manifest)) =
            (package["name"].as_str(), package["manifest_path"].as_str())
        else {
            continue;
        };
        if let Some(folder) = Path::new(manifest).parent() {
            out.insert(name.to_owned(), folder.to_path_buf());
        }
    }
    Ok(out)
}

/// Imports every pinned crate into `scratch/specs`, generates each service and the whole tree,
/// writes the crate to `scratch/generated` and, with `check`, checks each service's feature.
pub fn run(
    pinned: &[Pinned],
    folders: &BTreeMap<String, PathBuf>,
    scratch: &Path,
    runtime: &Path,
    check: bool,
) -> Result<Figures, String> {
    let specs = scratch.join("specs");
    if specs.exists() {
        std::fs::remove_dir_all(&specs).map_err(|e| format!("{}: {e}", specs.display()))?;
    }
    let mut figures = Figures::default();
    for crate_ in pinned {
        let folder = service_folder(crate_.product());
        let mut one = ServiceFigures {
            product: crate_.product().to_owned(),
            folder: folder.clone(),
            version: crate_.version.clone(),
            ..ServiceFigures::default()
        };
        let Some(from) = folders.get(&crate_.name) else {
            one.error = Some("not downloaded".to_owned());
            figures.services.push(one);
            continue;
        };
        let request = definitions::Request {
            specs: specs.clone(),
            service_dir: format!("huawei/{folder}"),
            from: from.clone(),
            version: None,
        };
        let started = Instant::now();
        match definitions::import(&request) {
            Ok(summary) => {
                one.imported = summary.imported;
                one.places_not_mapped = summary.findings;
                for (_, reasons) in &summary.not_generated {
                    let kind = reasons.first().map_or("other", |r| reason_kind(r));
                    *one.not_generated.entry(kind).or_default() += 1;
                }
                one.definition_files = one.imported + one.not_generated.values().sum::<usize>();
            }
            Err(error) => one.error = Some(error.to_string()),
        }
        one.import_seconds = started.elapsed().as_secs_f64();
        figures.services.push(one);
    }

    // Per service, then the whole tree in one run (the figure the target is set for).
    let sources = cloudgen::load::discover(&specs).map_err(|d| d.to_string())?;
    for one in &mut figures.services {
        let dir = format!("huawei/{}", one.folder);
        let own: Vec<_> = sources
            .iter()
            .filter(|s| s.role.service_dir() == dir)
            .cloned()
            .collect();
        if own.is_empty() {
            continue;
        }
        let started = Instant::now();
        if let Err(problems) = cloudgen::generate_from_sources(&own) {
            one.error = Some(format!(
                "generate reports {} problems (the import should have left them out)",
                problems.0.len()
            ));
        }
        one.generate_seconds = started.elapsed().as_secs_f64();
    }
    let started = Instant::now();
    let files = cloudgen::generate(&specs).map_err(|d| d.to_string())?;
    figures.whole_generate_seconds = started.elapsed().as_secs_f64();
    figures.generated_lines = files.iter().map(|f| f.contents.lines().count()).sum();

    let generated = scratch.join("generated");
    if generated.exists() {
        std::fs::remove_dir_all(&generated).map_err(|e| format!("{}: {e}", generated.display()))?;
    }
    cloudgen::write::write_files(&generated, &files)
        .map_err(|e| format!("{}: {e}", generated.display()))?;
    drop(files);
    figures.command_seconds = time_the_command(&specs, &generated)?;
    // A workspace of its own, with the runtime where it is.
    let manifest = generated.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let text = text.replace(
        "path = \"../runtime\"",
        &format!("path = {:?}", runtime.display().to_string()),
    );
    std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
        .map_err(|e| format!("{}: {e}", manifest.display()))?;
    if check {
        check_features(&generated, &scratch.join("target"), &mut figures)?;
    }
    Ok(figures)
}

/// Builds the `cloudgen` command in release and times `cloudgen check` of `generated` against
/// `specs`: the whole generation in the command's process, with its allocator, and the compare.
fn time_the_command(specs: &Path, generated: &Path) -> Result<f64, String> {
    let built = cargo()
        .current_dir(crate::compile::repository())
        .args([
            "build",
            "--release",
            "-q",
            "-p",
            "cloudgen",
            "--bin",
            "cloudgen",
        ])
        .status()
        .map_err(|e| format!("cargo build of the cloudgen command: {e}"))?;
    if !built.success() {
        return Err(format!("cargo build of the cloudgen command: {built}"));
    }
    let command = crate::runtime::cargo_target_dir().join("release/cloudgen");
    let started = Instant::now();
    let output = Command::new(&command)
        .arg("check")
        .arg("--specs")
        .arg(specs)
        .arg("--out")
        .arg(generated)
        .output()
        .map_err(|e| format!("{}: {e}", command.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "`cloudgen check` of the catalogue failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(seconds)
}

/// `cargo check` of each service's feature alone, the dependencies built first.
fn check_features(crate_dir: &Path, target: &Path, figures: &mut Figures) -> Result<(), String> {
    let check = |features: Option<&str>| -> Result<(f64, bool), String> {
        let mut command = cargo();
        command
            .args(["check", "--quiet", "--no-default-features"])
            .arg("--target-dir")
            .arg(target)
            .current_dir(crate_dir)
            .env_remove("RUSTFLAGS");
        if let Some(features) = features {
            command.args(["--features", features]);
        }
        let started = Instant::now();
        let output = command.output().map_err(|e| format!("cargo check: {e}"))?;
        Ok((started.elapsed().as_secs_f64(), output.status.success()))
    };
    // The dependencies, once, with no service.
    let (_, ok) = check(None)?;
    if !ok {
        return Err(format!(
            "cargo check of {} with no feature fails",
            crate_dir.display()
        ));
    }
    for one in figures.services.iter_mut().filter(|s| s.imported > 0) {
        let feature = format!("huawei-{}", one.folder);
        let result = check(Some(&feature))?;
        eprintln!(
            "  checked {feature}: {} in {:.1} s",
            if result.1 { "ok" } else { "FAILED" },
            result.0
        );
        one.check = Some(result);
    }
    Ok(())
}

/// The committed report: totals first, then one row per service.
pub fn report(figures: &Figures, pinned_from: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let files = figures.definition_files();
    let empty = figures.empty_files();
    let imported = figures.imported();
    let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    let _ = writeln!(
        out,
        "# Huawei Cloud catalogue: scale run\n\nWritten by `cargo run -p cloudgen-benchmarks --release -- catalogue --write`; do not edit.\nDefinitions: {pinned_from}.\n"
    );
    let _ = writeln!(out, "## Totals\n");
    let _ = writeln!(
        out,
        "- services: {}; with at least one generated operation: {}; compiling alone (`cargo check` of the feature): {}",
        figures.services.len(),
        figures.with_operations(),
        figures.compiling()
    );
    let _ = writeln!(
        out,
        "- definition files: {files}, of which {empty} hold no definition (the published crates' files whose whole content is `\"{{}}\"`)"
    );
    let _ = writeln!(
        out,
        "- operations generated: {imported}: {:.1}% of the {} definitions, {:.1}% of all {files} files",
        percent(imported, files - empty),
        files - empty,
        percent(imported, files)
    );
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for one in &figures.services {
        for (kind, count) in &one.not_generated {
            *kinds.entry(kind).or_default() += count;
        }
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let _ = writeln!(out, "- not generated, by reason: {}", kinds.join(", "));
    let _ = writeln!(
        out,
        "- places of the definitions not mapped: {}",
        figures
            .services
            .iter()
            .map(|s| s.places_not_mapped)
            .sum::<usize>()
    );
    let _ = writeln!(
        out,
        "- the whole catalogue generates ({} lines of Rust) in {:.1} s with the release `cloudgen check` (everything generated and compared with the crate on disk), {:.1} s as `cloudgen::generate` in this process after the imports; the times below are of this run\n",
        figures.generated_lines, figures.command_seconds, figures.whole_generate_seconds
    );
    let _ = writeln!(out, "## Per service\n");
    let _ = writeln!(
        out,
        "| service | crate version | files | generated | not generated | not mapped | import | generate | check |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
    for one in &figures.services {
        let not: Vec<String> = one
            .not_generated
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let check = match (&one.check, &one.error) {
            (_, Some(error)) => format!("error: {error}"),
            (Some((seconds, true)), _) => format!("ok, {seconds:.1} s"),
            (Some((seconds, false)), _) => format!("FAILS, {seconds:.1} s"),
            (None, _) => "-".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} | {} | {:.2} s | {:.2} s | {} |",
            one.product,
            one.folder,
            one.version,
            one.definition_files,
            one.imported,
            if not.is_empty() {
                "-".to_owned()
            } else {
                not.join(", ")
            },
            one.places_not_mapped,
            one.import_seconds,
            one.generate_seconds,
            check
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_module_names() {
        assert_eq!(service_folder("VPC"), "vpc");
        assert_eq!(service_folder("Anti-DDoS"), "anti_ddos");
        assert_eq!(service_folder("AS"), "as_service");
        assert_eq!(service_folder("eiHealth"), "eihealth");
    }

    #[test]
    fn reasons_are_counted_by_kind() {
        assert_eq!(
            reason_kind("the request body is `application/xml`; only JSON ..."),
            "request media type"
        );
        assert_eq!(
            reason_kind("the spec would not generate: a header parameter must be ..."),
            "spec would not generate"
        );
        assert_eq!(reason_kind("something new"), "other");
    }
}
