//! The benchmark driver: runs the benchmarks and prints their figures as Markdown tables.
//!
//! `cargo run -p cloudgen-benchmarks --release -- all` (everything, about 15 minutes on two
//! cores) or `-- quick` (a few minutes: smaller sizes, no clean release build, no other
//! generator). Scratch files go to `target/benchmarks/`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand};
use cloudgen_benchmarks::corpus::Corpus;
use cloudgen_benchmarks::generator::{self, Figures};
use cloudgen_benchmarks::heap::CountingAllocator;
use cloudgen_benchmarks::report::{bytes, duration, Table};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[derive(Parser)]
#[command(about = "Benchmarks of the generator, the generated code and the client")]
struct Cli {
    #[command(subcommand)]
    command: Mode,
}

#[derive(Subcommand)]
enum Mode {
    /// Every benchmark, with the sizes of BENCHMARKS.md.
    All,
    /// A shorter set: generator up to 1,000 operations, run time with short samples.
    Quick,
    /// Only the generator, for the given numbers of operations.
    Generator {
        #[arg(default_values_t = [5, 100, 1000, 10000])]
        sizes: Vec<usize>,
    },
    /// Only the run-time benchmarks (criterion).
    Runtime {
        /// Fewer, shorter samples.
        #[arg(long)]
        quick: bool,
    },
    /// Only the compile-cost benchmarks, for the given numbers of operations.
    Compile {
        #[arg(default_values_t = [100, 1000])]
        sizes: Vec<usize>,
        /// Skip the other generator (progenitor).
        #[arg(long)]
        without_other: bool,
        /// Skip the clean release build of the small program.
        #[arg(long)]
        without_program: bool,
    },
    /// The scale run over Huawei Cloud's whole catalogue (benchmarks/catalogue/): import every
    /// service's definitions, generate, check each service's feature alone, print the report
    /// and fail below the floor.
    Catalogue {
        /// Only import and generate; no `cargo check` (minutes instead of most of an hour).
        #[arg(long)]
        without_check: bool,
        /// Write the report to benchmarks/catalogue/REPORT.md.
        #[arg(long)]
        write: bool,
    },
    /// Writes the corpus of N operations below a folder (spec files only), and the same
    /// operations as `openapi.json` beside it.
    Corpus { operations: usize, folder: PathBuf },
    /// One generator measurement in this process (the driver runs it as a child).
    #[command(hide = true)]
    GeneratorRun { specs: PathBuf, scratch: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Mode::All => run_all(false),
        Mode::Quick => run_all(true),
        Mode::Generator { sizes } => run_generator(&sizes),
        Mode::Runtime { quick } => run_runtime(quick),
        Mode::Compile {
            sizes,
            without_other,
            without_program,
        } => run_compile(&sizes, !without_other, !without_program),
        Mode::Catalogue {
            without_check,
            write,
        } => run_catalogue(!without_check, write),
        Mode::Corpus { operations, folder } => write_corpus(operations, &folder),
        Mode::GeneratorRun { specs, scratch } => generator::measure(&specs, &scratch)
            .and_then(|f| serde_json::to_string(&f).map_err(|e| e.to_string()))
            .map(|json| println!("{json}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Every benchmark; `quick` is the shorter set.
fn run_all(quick: bool) -> Result<(), String> {
    print_machine();
    let started = std::time::Instant::now();
    if quick {
        run_generator(&[5, 100, 1000])?;
        run_runtime(true)?;
        run_compile(&[100], false, false)?;
    } else {
        run_generator(&[5, 100, 1000, 10_000])?;
        run_runtime(false)?;
        run_compile(&[100, 1000], true, true)?;
    }
    println!(
        "All benchmarks ran in {}.",
        duration(started.elapsed().as_secs_f64())
    );
    Ok(())
}

/// The machine the figures come from, and how busy it was.
fn print_machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    println!("# cloudgen benchmarks\n");
    println!(
        "Machine: {cpu}, {cores} cores available; load average at start: {}; {}\n",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        rustc.trim()
    );
}

fn run_runtime(quick: bool) -> Result<(), String> {
    use cloudgen_benchmarks::runtime::median;
    eprintln!("running the criterion benchmarks");
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args([
            "bench",
            "--quiet",
            "-p",
            "cloudgen-benchmarks",
            "--bench",
            "runtime",
        ])
        .current_dir(cloudgen_benchmarks::compile::repository())
        // Criterion's report goes to stderr; stdout keeps the tables only.
        .stdout(std::process::Stdio::from(std::io::stderr()));
    if quick {
        command.env("CLOUDGEN_BENCH_QUICK", "1");
    }
    let status = command.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the criterion benchmarks failed".to_owned());
    }
    let call = (
        median("call", "generated_client")?,
        median("call", "reqwest_by_hand")?,
    );
    let decode = (
        median("decode_10000", "generated_client")?,
        median("decode_10000", "serde_json_from_slice")?,
    );
    let huawei = median("sign", "huawei_sdk_hmac_sha256")?;
    let alibaba = median("sign", "alibaba_acs3_hmac_sha256")?;
    println!("## Run time (criterion medians)\n");
    let mut table = Table::new(&["benchmark", "cloudgen", "reference", "ratio", "target"]);
    table.row(vec![
        "ListPodIdentityAssociations call, loopback HTTP, 20 items (reference: reqwest by hand)"
            .into(),
        duration(call.0),
        duration(call.1),
        format!("{:.3}", call.0 / call.1),
        "≤ 1.05".into(),
    ]);
    table.row(vec![
        format!(
            "decode a 10,000-item reply of {} (reference: serde_json::from_slice)",
            bytes(cloudgen_benchmarks::runtime::associations_reply(10_000).len())
        ),
        duration(decode.0),
        duration(decode.1),
        format!("{:.3}", decode.0 / decode.1),
        "≤ 1.05".into(),
    ]);
    table.row(vec![
        "sign one request, Huawei SDK-HMAC-SHA256".into(),
        duration(huawei),
        String::new(),
        String::new(),
        "< 10 µs".into(),
    ]);
    table.row(vec![
        "sign one request, Alibaba ACS3-HMAC-SHA256".into(),
        duration(alibaba),
        String::new(),
        String::new(),
        "< 10 µs".into(),
    ]);
    table.print();
    Ok(())
}

fn run_compile(sizes: &[usize], other: bool, program: bool) -> Result<(), String> {
    use cloudgen_benchmarks::compile;
    use cloudgen_benchmarks::dependencies::{linked_crates, BUILD_TIME_CRATES};
    let figures = compile::measure(sizes, other, program)?;
    println!("## Compile cost (dependencies prebuilt; debug profile)\n");
    let mut table = Table::new(&[
        "generator",
        "operations",
        "Rust source",
        "cargo check",
        "cargo build",
        "check per operation",
        "build per operation",
    ]);
    for (name, crates) in [("cloudgen", &figures.ours), ("progenitor", &figures.other)] {
        for f in crates.iter() {
            let per = |s: f64| duration(s / f.operations.max(1) as f64);
            table.row(vec![
                name.into(),
                f.operations.to_string(),
                bytes(f.source_bytes),
                duration(f.check_seconds),
                duration(f.build_seconds),
                per(f.check_seconds),
                per(f.build_seconds),
            ]);
        }
    }
    table.print();
    let marginal = |crates: &[compile::CrateFigures], pick: fn(&compile::CrateFigures) -> f64| {
        let (first, last) = (crates.first()?, crates.last()?);
        let extra = last
            .operations
            .checked_sub(first.operations)
            .filter(|n| *n > 0)?;
        Some((pick(last) - pick(first)) / extra as f64)
    };
    let check = |f: &compile::CrateFigures| f.check_seconds;
    let build = |f: &compile::CrateFigures| f.build_seconds;
    for (what, pick) in [
        ("cargo check", check as fn(&_) -> f64),
        ("cargo build", build),
    ] {
        let ours = marginal(&figures.ours, pick);
        let other = marginal(&figures.other, pick);
        match (ours, other) {
            (Some(ours), Some(other)) => println!(
                "- {what}, cost of one more operation (from the smallest to the largest size): cloudgen {}, progenitor {}; ratio {:.2} (target ≤ 0.50)",
                duration(ours),
                duration(other),
                ours / other
            ),
            (Some(ours), None) => println!(
                "- {what}, cost of one more operation: cloudgen {}",
                duration(ours)
            ),
            _ => {}
        }
    }
    if let Some(problem) = &figures.other_problem {
        println!("- progenitor could not be measured: {problem}");
    }
    if let (Some((feature, seconds, operations)), Some(largest)) =
        (&figures.one_feature, figures.ours.last())
    {
        println!(
            "- one service's feature alone (`{feature}`, {operations} of {} operations): cargo check {} against {} with every feature",
            largest.operations,
            duration(*seconds),
            duration(largest.check_seconds)
        );
    }
    if let (Some(seconds), Some(size)) = (figures.program_seconds, figures.program_bytes) {
        println!(
            "- a program calling one operation (`huawei-cce` only): clean `cargo build --release` {}, stripped binary {}",
            duration(seconds),
            bytes(usize::try_from(size).unwrap_or(usize::MAX))
        );
    }
    let linked = linked_crates("cloudgen-clients")?;
    let found: Vec<&&str> = BUILD_TIME_CRATES
        .iter()
        .filter(|name| linked.contains(**name))
        .collect();
    println!(
        "- crates the generated client links: {}; of the generator's build-time crates ({}): {}\n",
        linked.len(),
        BUILD_TIME_CRATES.join(", "),
        if found.is_empty() {
            "none".to_owned()
        } else {
            format!("{found:?}")
        }
    );
    Ok(())
}

fn write_corpus(operations: usize, folder: &Path) -> Result<(), String> {
    let corpus = Corpus::new(operations).map_err(|e| e.to_string())?;
    corpus.write(folder).map_err(|e| e.to_string())?;
    let document = cloudgen_benchmarks::openapi::document(&corpus);
    let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    std::fs::write(folder.join("openapi.json"), text).map_err(|e| e.to_string())
}

/// The catalogue's scale run; see `cloudgen_benchmarks::catalogue`.
fn run_catalogue(check: bool, write: bool) -> Result<(), String> {
    use cloudgen_benchmarks::catalogue;
    // The run reports times, not heap: the generation is timed as the command runs it.
    cloudgen_benchmarks::heap::stop_counting();
    let root = cloudgen_benchmarks::compile::repository();
    let folder = root.join("benchmarks/catalogue");
    let pinned = catalogue::read_pinned(&folder.join("definitions.txt"))?;
    let floor = catalogue::read_floor(&folder.join("floor.txt"))?;
    let scratch = scratch_root().join("catalogue");
    let folders = catalogue::fetch(&pinned, &scratch)?;
    let figures = catalogue::run(&pinned, &folders, &scratch, &root.join("runtime"), check)?;
    let report = catalogue::report(
        &figures,
        &format!(
            "{} `huawei-cloud-api-definitions-*` crates from crates.io, pinned in `benchmarks/catalogue/definitions.txt`",
            pinned.len()
        ),
    );
    print!("{report}");
    if write {
        let path = folder.join("REPORT.md");
        std::fs::write(&path, &report).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let mut below = Vec::new();
    if figures.imported() < floor.operations_generated {
        below.push(format!(
            "{} operations generated, the floor is {}",
            figures.imported(),
            floor.operations_generated
        ));
    }
    if check && figures.compiling() < floor.services_compiling {
        below.push(format!(
            "{} services compile alone, the floor is {}",
            figures.compiling(),
            floor.services_compiling
        ));
    }
    match below.is_empty() {
        true => Ok(()),
        false => Err(format!(
            "below the floor (benchmarks/catalogue/floor.txt): {}",
            below.join("; ")
        )),
    }
}

/// `target/benchmarks` of the workspace.
fn scratch_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/benchmarks")
}

fn run_generator(sizes: &[usize]) -> Result<(), String> {
    let root = scratch_root().join("generator");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    for &size in sizes {
        let specs = root.join(format!("specs-{size}"));
        Corpus::new(size)
            .map_err(|e| e.to_string())?
            .write(&specs)
            .map_err(|e| format!("{}: {e}", specs.display()))?;
        let output = Command::new(&exe)
            .arg("generator-run")
            .arg(&specs)
            .arg(root.join(format!("out-{size}")))
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!(
                "the generator run of {size} operations failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let figures: Figures =
            serde_json::from_slice(&output.stdout).map_err(|e| format!("{size}: {e}"))?;
        all.push(figures);
    }
    print_generator(&all);
    Ok(())
}

fn print_generator(all: &[Figures]) {
    println!("## Generator\n");
    let mut table = Table::new(&[
        "operations",
        "spec files",
        "files out",
        "output",
        "full run",
        "per operation",
        "peak RSS",
        "peak heap",
        "second run",
        "files written (1st / 2nd)",
    ]);
    for f in all {
        table.row(vec![
            f.operations.to_string(),
            f.spec_files.to_string(),
            f.files.to_string(),
            bytes(f.output_bytes),
            duration(f.full_seconds),
            duration(f.full_seconds / f.operations.max(1) as f64),
            f.full_rss_bytes.map(bytes).unwrap_or_else(|| "n/a".into()),
            bytes(f.full_heap_bytes),
            duration(f.second_seconds),
            format!("{} / {}", f.files_written, f.second_files_written),
        ]);
    }
    table.print();
    println!(
        "Stages, each alone (time per operation; heap beyond what was in use before the stage):\n"
    );
    let mut header = vec!["stage".to_owned()];
    header.extend(all.iter().map(|f| format!("{} ops", f.operations)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(&header);
    let stage_names: Vec<String> = all
        .first()
        .map(|f| f.stages.iter().map(|s| s.name.clone()).collect())
        .unwrap_or_default();
    for (index, name) in stage_names.iter().enumerate() {
        let mut row = vec![name.clone()];
        for f in all {
            row.push(match f.stages.get(index) {
                Some(s) => format!(
                    "{} ({}/op, {})",
                    duration(s.seconds),
                    duration(s.seconds / f.operations.max(1) as f64),
                    bytes(s.heap_bytes)
                ),
                None => String::new(),
            });
        }
        table.row(row);
    }
    table.print();
}
