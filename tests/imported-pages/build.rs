//! Imports every fixture page of `tests/pages/more/<vendor>/<service>/` in memory and
//! generates their client into `OUT_DIR`: a page with unmapped parts, or a client that does
//! not compile, fails the build of this crate (and so `cargo test --workspace`).
//!
//! A page's operation is its file name up to the first dot. The service's hand-written
//! `service.yaml` is the committed one under `specs/`, or, for a service the specs do not
//! have, the one under `services/` beside this file.

use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::import::doc_page::{import_page, PageContext, Report};
use cloudgen::import::spec_file::operation_yaml;
use cloudgen::load::model::ServiceFile;

fn main() {
    if let Err(message) = run() {
        panic!("{message}");
    }
}

fn run() -> Result<(), String> {
    let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(env("OUT_DIR")?);
    let pages = manifest.join("../pages/more");
    let specs = out.join("specs");
    if specs.exists() {
        fs::remove_dir_all(&specs).map_err(|e| format!("{}: {e}", specs.display()))?;
    }
    println!("cargo:rerun-if-changed={}", pages.display());
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("services").display()
    );
    for (vendor, service) in folders(&pages)? {
        let service_yaml = service_file(&manifest, &vendor, &service);
        println!("cargo:rerun-if-changed={}", service_yaml.display());
        let text = read(&service_yaml)?;
        let service_file: ServiceFile =
            serde_yaml_from(&text).map_err(|e| format!("{}: {e}", service_yaml.display()))?;
        let target = specs.join(&vendor).join(&service);
        write(&target.join("service.yaml"), &text)?;
        for page in files(&pages.join(&vendor).join(&service))? {
            let name = page.display().to_string();
            let operation = page
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.split('.').next())
                .ok_or_else(|| format!("{name}: no operation name in the file name"))?;
            let context = PageContext {
                service: &service_file,
                existing: &[],
                operation: Some(operation),
            };
            let imported = import_page(&read(&page)?, &context).map_err(|findings| {
                Report {
                    page: &name,
                    findings: &findings,
                }
                .to_string()
            })?;
            if !imported.findings.is_empty() {
                return Err(Report {
                    page: &name,
                    findings: &imported.findings,
                }
                .to_string());
            }
            let yaml = operation_yaml(&imported.operation).map_err(|e| e.to_string())?;
            write(&target.join(format!("operations/{operation}.yaml")), &yaml)?;
        }
    }
    cloudgen::BuildScript::new(&specs)
        .generate_into(&out)
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set"))
}

fn serde_yaml_from(text: &str) -> Result<ServiceFile, String> {
    cloudgen::import::doc_page::service_dir::parse_service(text)
}

fn service_file(manifest: &Path, vendor: &str, service: &str) -> PathBuf {
    let committed = manifest
        .join("../../specs")
        .join(vendor)
        .join(service)
        .join("service.yaml");
    if committed.exists() {
        committed
    } else {
        manifest
            .join("services")
            .join(vendor)
            .join(service)
            .join("service.yaml")
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The entries of a folder, sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    found.sort();
    Ok(found)
}

/// `(vendor, service)` of every `<vendor>/<service>` folder of the fixture pages.
fn folders(pages: &Path) -> Result<Vec<(String, String)>, String> {
    let name = |p: &Path| p.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    let mut found = Vec::new();
    for vendor in files(pages)? {
        for service in files(&vendor)? {
            if let (Some(v), Some(s)) = (name(&vendor), name(&service)) {
                found.push((v, s));
            }
        }
    }
    Ok(found)
}
