//! The `cloudgen` command: regenerate the client crate from the specs, or check that it is current.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Import Huawei's machine-readable API definitions (a folder of JSON files, one per
    /// operation) into the specs of a service.
    ImportDefinitions(definitions::ImportArgs),
    /// List where the specs transcribed from documentation pages and the API definitions
    /// disagree.
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
struct Paths {
    /// The specs folder.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
    /// The generated crate's folder.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let command = match Cli::parse().command {
        AnyCommand::Pipeline(command) => command,
        AnyCommand::ImportDefinitions(args) => return definitions::import(&args),
        AnyCommand::CrossCheck(args) => return definitions::cross_check(&args),
    };
    let (Command::Generate(paths) | Command::Check(paths)) = &command;
    let files = match cloudgen::generate(&paths.specs) {
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
