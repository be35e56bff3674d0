//! The `cloudgen` command: regenerate the client crate from the specs, or check that it is current.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// See the `mimalloc` dependency in Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "definitions_cli.rs"]
mod definitions;
use cloudgen::api_report;
use cloudgen::write::{self, Change};
use cloudgen::Diagnostics;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

#[derive(Parser)]
#[command(
    version,
    about = "Typed Rust clients from transcribed cloud API documentation"
)]
struct Cli {
    #[command(subcommand)]
    command: AnyCommand,
}

#[derive(Subcommand)]
enum AnyCommand {
    #[command(flatten)]
    Pipeline(Command),
    /// Write or update an operation's spec from a documentation page saved as text.
    ImportPage(ImportPage),
    /// Import Huawei's machine-readable API definitions (a folder of JSON files, one per
    /// operation) into the specs of a service, with supplements for the operations transcribed
    /// from documentation pages.
    ImportDefinitions(definitions::ImportArgs),
    /// List where the specs transcribed from documentation pages and the API definitions
    /// disagree, and how the specs keep the union of both.
    CrossCheck(definitions::CrossCheckArgs),
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from the specs, writing only the files that change.
    Generate(Paths),
    /// Exit non-zero, naming the stale files, when the client crate differs from the specs.
    Check(Paths),
}

#[derive(clap::Args)]
struct ImportPage {
    /// The saved page (plain text).
    page: PathBuf,
    /// The service folder the operation belongs to, e.g. specs/huawei/cce.
    #[arg(long)]
    service: PathBuf,
    /// The operation's name, for a page that does not state it and has no spec yet.
    #[arg(long)]
    operation: Option<String>,
    /// Write the spec even when parts of the page could not be mapped (they are still listed).
    #[arg(long)]
    accept_unmapped: bool,
    /// Write nothing; exit non-zero when the spec would change.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Args)]
struct Paths {
    /// The specs folder.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
    /// The generated crate's folder.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// Generate only this service (`huawei/cce`) or this operation (`huawei/cce:ListClusters`)
    /// and the types it needs; repeat it to choose more. Without it, everything is generated.
    #[arg(long, value_name = "SERVICE[:OPERATION]")]
    only: Vec<String>,
}

fn main() -> ExitCode {
    let command = match Cli::parse().command {
        AnyCommand::Pipeline(command) => command,
        AnyCommand::ImportPage(import) => return import_page(&import),
        AnyCommand::ImportDefinitions(args) => return definitions::import(&args),
        AnyCommand::CrossCheck(args) => return definitions::cross_check(&args),
    };
    let (Command::Generate(paths) | Command::Check(paths)) = &command;
    let selection = paths
        .only
        .iter()
        .try_fold(cloudgen::Selection::all(), |selection, argument| {
            selection.with_argument(argument)
        });
    let selection = match selection {
        Ok(selection) => selection,
        Err(problem) => {
            eprintln!("error: --only {problem}");
            return ExitCode::FAILURE;
        }
    };
    let files = match cloudgen::generate_selected(&paths.specs, &selection) {
        Ok(files) => files,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return ExitCode::FAILURE;
        }
    };
    // The generated files as they were, for the report of what changes in the public API.
    let before = match command {
        Command::Generate(_) => write::existing(&paths.out, &files),
        Command::Check(_) => Ok(Vec::new()),
    };
    let result = before.and_then(|before| {
        let changes = match command {
            Command::Generate(_) => write::write_all(&paths.out, &files)?,
            Command::Check(_) => write::compare(&paths.out, &files)?,
        };
        Ok((before, changes))
    });
    let (before, changes) = match result {
        Ok(result) => result,
        Err(error) => {
            eprintln!("error: {}: {error}", paths.out.display());
            return ExitCode::FAILURE;
        }
    };
    let describe = |change: Change| match change {
        Change::Added => "added",
        Change::Changed => "changed",
        Change::Removed => "removed",
    };
    match command {
        Command::Generate(_) => {
            for (path, change) in &changes {
                println!(
                    "{:>8} {}",
                    describe(*change),
                    paths.out.join(path).display()
                );
            }
            println!("{} files generated, {} changed", files.len(), changes.len());
            let api_changes = api_report::compare(
                before
                    .iter()
                    .map(|f| (f.path.as_str(), f.contents.as_str())),
                files.iter().map(|f| (f.path.as_str(), f.contents.as_str())),
            );
            print!("{}", api_report::Report(&api_changes));
            ExitCode::SUCCESS
        }
        Command::Check(_) if changes.is_empty() => {
            println!(
                "{} is up to date with {}",
                paths.out.display(),
                paths.specs.display()
            );
            ExitCode::SUCCESS
        }
        Command::Check(_) => {
            eprintln!(
                "{} is stale; run `{}`:",
                paths.out.display(),
                cloudgen::render::REGENERATE
            );
            for (path, change) in &changes {
                let state = match change {
                    Change::Added => "missing",
                    Change::Changed => "differs",
                    Change::Removed => "no longer generated",
                };
                eprintln!("  {} ({state})", paths.out.join(path).display());
            }
            ExitCode::FAILURE
        }
    }
}

/// `import-page`: the page's spec written (or checked), every unmapped part listed with its
/// line; nothing is written while something is unmapped, unless that is accepted, and never a
/// spec that would not generate.
fn import_page(import: &ImportPage) -> ExitCode {
    use cloudgen::import::doc_page::{self, service_dir, Refusal, Report};
    let page_name = import.page.display().to_string();
    let report = |findings: &[doc_page::Finding]| {
        eprint!(
            "{}",
            Report {
                page: &page_name,
                findings
            }
        );
    };
    let text = match std::fs::read(&import.page) {
        Ok(bytes) => match doc_page::decode::page_text(&bytes) {
            Ok(text) => text,
            Err(finding) => {
                eprintln!("error: {page_name}: {}", finding.message);
                return ExitCode::FAILURE;
            }
        },
        Err(error) => {
            eprintln!("error: {page_name}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let dir = match service_dir::read(&import.service) {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let imported = match doc_page::prepare(&dir, &text, import.operation.as_deref()) {
        Ok(imported) => imported,
        Err(Refusal::NoSpec(findings)) => {
            report(&findings);
            eprintln!("error: {page_name}: no spec can be made from this page");
            return ExitCode::FAILURE;
        }
        Err(Refusal::WouldNotGenerate(findings)) => {
            report(&findings);
            eprintln!(
                "error: {page_name}: the spec this page gives would not generate; nothing written"
            );
            return ExitCode::FAILURE;
        }
        Err(Refusal::Unmapped(findings)) => {
            report(&findings);
            return ExitCode::FAILURE;
        }
    };
    for disagreement in &imported.disagreements {
        println!("{page_name}: the page and the definitions disagree: {disagreement}");
    }
    if !imported.findings.is_empty() {
        report(&imported.findings);
        if !import.accept_unmapped {
            eprintln!(
                "error: {} part(s) of the page could not be mapped; nothing written (--accept-unmapped writes the rest)",
                imported.findings.len()
            );
            return ExitCode::FAILURE;
        }
    }
    let target = import
        .service
        .join(service_dir::operation_path(&imported.operation.operation));
    if import.check {
        let expected = match cloudgen::import::spec_file::operation_yaml(&imported.operation) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        };
        return match std::fs::read_to_string(&target) {
            Ok(current) if current == expected => {
                println!("{} is up to date with {page_name}", target.display());
                ExitCode::SUCCESS
            }
            _ => {
                eprintln!("{} differs from what {page_name} gives", target.display());
                ExitCode::FAILURE
            }
        };
    }
    match service_dir::write_operation(&import.service, &imported.operation) {
        Ok(written) => {
            let what = match written {
                service_dir::Written::Unchanged => "unchanged",
                service_dir::Written::Created => "created",
                service_dir::Written::Updated => "updated",
            };
            println!("{what} {}", target.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The problems of the specs on stderr, with snippets; in colour only when stderr is a terminal
/// (and `NO_COLOR` is not set), so piped output and logs never hold escape codes.
fn print_diagnostics(diagnostics: &Diagnostics) {
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(choice);
    if diagnostics.emit(&mut stderr).is_err() {
        eprintln!("{}", diagnostics.plain());
        return;
    }
    let _ = writeln!(stderr);
}
