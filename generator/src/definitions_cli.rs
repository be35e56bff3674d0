//! The `import-definitions` and `cross-check` commands.

use std::path::PathBuf;
use std::process::ExitCode;

use cloudgen::import::definitions::cross_check::Union;
use cloudgen::import::definitions::{self, cross_check};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The service folder below the specs folder, e.g. `huawei/cce`.
    #[arg(long)]
    service: String,
    /// A folder of definition files (`*.json`), or a crate whose `src/` holds them; the
    /// service's own `definitions/` folder re-imports the committed files.
    #[arg(long)]
    from: PathBuf,
    /// `<crate> <version>` of the definitions, when no `Cargo.toml` beside them says it.
    #[arg(long)]
    version: Option<String>,
    /// The specs folder.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
}

#[derive(clap::Args)]
pub struct CrossCheckArgs {
    /// Only this service folder (`huawei/cce`); every service with definitions otherwise.
    #[arg(long)]
    service: Option<String>,
    /// The specs folder.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
}

pub fn import(args: &ImportArgs) -> ExitCode {
    let request = definitions::Request {
        specs: args.specs.clone(),
        service_dir: args.service.clone(),
        from: args.from.clone(),
        version: args.version.clone(),
    };
    match definitions::import(&request) {
        Ok(summary) => {
            for path in &summary.changed {
                println!("  written {}", args.specs.join(path).display());
            }
            for name in &summary.kept {
                let supplement = match summary.supplemented.contains(name) {
                    true => format!("; supplemented by supplements/{name}.yaml"),
                    false => String::new(),
                };
                println!("     kept {name} (transcribed from a documentation page{supplement})");
            }
            for (name, reasons) in &summary.not_generated {
                println!("  skipped {name}: {}", reasons.join("; "));
            }
            println!(
                "{} definitions: {} operations imported, {} kept, {} not generated, {} places not mapped (see {}/import-report.md); {} files changed",
                summary.definitions,
                summary.imported,
                summary.kept.len(),
                summary.not_generated.len(),
                summary.findings,
                args.specs.join(&args.service).display(),
                summary.changed.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

pub fn cross_check(args: &CrossCheckArgs) -> ExitCode {
    let services = match &args.service {
        Some(service) => vec![service.clone()],
        None => match service_dirs(&args.specs) {
            Ok(dirs) => dirs,
            Err(error) => {
                eprintln!("error: {}: {error}", args.specs.display());
                return ExitCode::FAILURE;
            }
        },
    };
    let (mut compared, mut differences) = (0, 0);
    // How many differences each way of keeping the union holds.
    let (mut supplements, mut pages, mut missing, mut settle) = (0, 0, 0, 0);
    for service in services {
        match cross_check::compare_service(&args.specs, &service) {
            Ok(comparison) => {
                compared += comparison.compared.len();
                differences += comparison.differences.len();
                for difference in &comparison.differences {
                    println!("{difference}");
                    match difference.union {
                        Union::Supplement => supplements += 1,
                        Union::Page => pages += 1,
                        Union::SupplementStale => missing += 1,
                        Union::Settle => settle += 1,
                    }
                }
            }
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "{compared} operations in both the documentation pages and the definitions; {differences} differences: \
         {supplements} kept by supplements, {pages} by the page specs, {missing} missing from supplements \
         (re-run import-definitions), {settle} to settle"
    );
    ExitCode::SUCCESS
}

/// `vendor/service` for every service folder that has a `definitions/` folder.
fn service_dirs(specs: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    for vendor in std::fs::read_dir(specs)? {
        let vendor = vendor?.path();
        if !vendor.is_dir() {
            continue;
        }
        for service in std::fs::read_dir(&vendor)? {
            let service = service?.path();
            if service.join(definitions::DEFINITIONS_DIR).is_dir() {
                if let Ok(relative) = service.strip_prefix(specs) {
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
