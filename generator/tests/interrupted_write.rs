//! A run of `cloudgen generate` that dies mid-write leaves every file either as it was or as
//! it should be, never truncated, and the next run brings the folder to what `check` expects.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a folder");
    for entry in fs::read_dir(from).expect("listable") {
        let path = entry.expect("listable").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copyable");
        }
    }
}

/// Every file below `dir`, by path relative to it.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("listable") {
            let path = entry.expect("listable").path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let relative = path.strip_prefix(root).expect("below the root");
                found.insert(
                    relative.to_string_lossy().replace('\\', "/"),
                    fs::read(&path).expect("readable"),
                );
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(dir, dir, &mut found);
    found
}

/// An output folder holding an older generation: every generated file with one more line, so
/// that a run has to rewrite all of them.
fn old_output(out: &Path, new: &[cloudgen::GeneratedFile]) -> BTreeMap<String, Vec<u8>> {
    if out.exists() {
        fs::remove_dir_all(out).expect("removable");
    }
    let old: Vec<cloudgen::GeneratedFile> = new
        .iter()
        .map(|f| cloudgen::GeneratedFile {
            path: f.path.clone(),
            contents: format!("{}// from an older generation\n", f.contents),
        })
        .collect();
    cloudgen::write::write_all(out, &old).expect("writable");
    snapshot(out)
}

fn run(command: &str, specs: &Path, out: &Path) -> Command {
    let mut process = Command::new(env!("CARGO_BIN_EXE_cloudgen"));
    process
        .arg(command)
        .arg("--specs")
        .arg(specs)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    process
}

/// No file is truncated or half-written: each is its old or its new content; temporaries
/// never hold a generated path. Returns how many files were already new.
fn assert_each_file_old_or_new(
    out: &Path,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    what: &str,
) -> usize {
    let mut renewed = 0;
    for (path, contents) in snapshot(out) {
        if path.ends_with(".cloudgen-tmp") {
            continue;
        }
        let is_old = old.get(&path) == Some(&contents);
        let is_new = new.get(&path) == Some(&contents);
        assert!(is_old || is_new, "{what}: {path} is neither old nor new");
        if is_new && !is_old {
            renewed += 1;
        }
    }
    for path in old.keys() {
        assert!(out.join(path).exists(), "{what}: {path} vanished");
    }
    renewed
}

fn rerun_and_check(specs: &Path, out: &Path, new: &BTreeMap<String, Vec<u8>>, what: &str) {
    let status = run("generate", specs, out).status().expect("runs");
    assert!(status.success(), "{what}: the rerun failed");
    let status = run("check", specs, out).status().expect("runs");
    assert!(status.success(), "{what}: check after the rerun failed");
    let after = snapshot(out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>(),
        "{what}: leftovers after the rerun"
    );
    assert!(after == *new, "{what}: the rerun did not restore the files");
}

/// Removes what the definitions importer wrote, leaving the seed specs: the tests below run
/// the generator once per generated file, which the whole imported services make far too many.
fn keep_seed_specs(specs: &Path) {
    let sources = cloudgen::load::discover(specs).expect("specs are readable");
    let seed = cloudgen::import::definitions::seed_specs(sources.clone());
    for source in sources {
        match seed.iter().find(|s| s.path == source.path) {
            None => fs::remove_file(&source.path).expect("removable"),
            Some(kept) if kept.text != source.text => {
                fs::write(&source.path, &kept.text).expect("writable")
            }
            Some(_) => {}
        }
    }
}

/// A copy of the seed specs in a temporary folder, what they generate, and where it goes.
struct Setup {
    /// Keeps the folder alive for the test.
    temp: tempfile::TempDir,
    specs: PathBuf,
    files: Vec<cloudgen::GeneratedFile>,
    new: BTreeMap<String, Vec<u8>>,
    out: PathBuf,
}

impl Setup {
    fn new() -> Self {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let specs = temp.path().join("specs");
        copy_tree(&workspace().join("specs"), &specs);
        keep_seed_specs(&specs);
        let files = cloudgen::generate(&specs).unwrap_or_else(|d| panic!("{d}"));
        let new = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone().into_bytes()))
            .collect();
        let out = temp.path().join("out");
        Setup {
            temp,
            specs,
            files,
            new,
            out,
        }
    }
}

/// Where the child process of the abort test writes, and after how many files it ends.
const CHILD: &str = "CLOUDGEN_INTERRUPTED_WRITE_CHILD";

/// This test binary run again as a child process that generates `specs` into `out` and ends
/// abruptly (`abort`: no unwinding, no cleanup) right after the `n`-th file is renamed into
/// place, as a run killed mid-write would.
fn aborting_child(specs: &Path, out: &Path, n: usize) -> Command {
    let mut process = Command::new(std::env::current_exe().expect("the test binary"));
    process
        .args([
            "--exact",
            "written_files_are_reported_one_by_one",
            "--test-threads=1",
        ])
        .env(
            CHILD,
            format!("{}\n{}\n{n}", specs.display(), out.display()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    process
}

/// In a child process (`aborting_child`): writes and aborts. Otherwise: each written file is
/// reported once, in order, as the abort test relies on.
#[test]
fn written_files_are_reported_one_by_one() {
    if let Ok(job) = std::env::var(CHILD) {
        let mut lines = job.lines();
        let (Some(specs), Some(out), Some(n)) = (lines.next(), lines.next(), lines.next()) else {
            panic!("a child job is `specs\\nout\\nn`");
        };
        let n: usize = n.parse().expect("a count");
        let files = cloudgen::generate(Path::new(specs)).unwrap_or_else(|d| panic!("{d}"));
        let _ = cloudgen::write::write_all_observed(Path::new(out), &files, &mut |written| {
            if written == n {
                std::process::abort();
            }
        });
        return;
    }
    let Setup {
        temp: _temp,
        files,
        out,
        ..
    } = Setup::new();
    let mut reported = Vec::new();
    let changes =
        cloudgen::write::write_all_observed(&out, &files, &mut |n| reported.push(n)).unwrap();
    assert_eq!(reported, (1..=files.len()).collect::<Vec<_>>());
    assert_eq!(changes.len(), files.len());
    // Nothing to write: nothing reported.
    reported.clear();
    cloudgen::write::write_all_observed(&out, &files, &mut |n| reported.push(n)).unwrap();
    assert!(reported.is_empty(), "{reported:?}");
}

#[test]
fn an_abort_after_each_file_leaves_no_truncated_file() {
    let Setup {
        temp: _temp,
        specs,
        files,
        new,
        out,
    } = Setup::new();
    for n in 1..files.len() {
        let old = old_output(&out, &files);
        let status = aborting_child(&specs, &out, n).status().expect("runs");
        let what = format!("aborted after {n} files");
        assert!(!status.success(), "{what}: the run was not interrupted");
        let renewed = assert_each_file_old_or_new(&out, &old, &new, &what);
        assert_eq!(renewed, n, "{what}: not interrupted mid-write");
        let status = run("check", &specs, &out).status().expect("runs");
        assert!(
            !status.success(),
            "{what}: check accepts a half-written folder"
        );
        rerun_and_check(&specs, &out, &new, &what);
    }
}

#[test]
fn a_kill_at_any_moment_leaves_no_truncated_file() {
    let Setup {
        temp: _temp,
        specs,
        files,
        new,
        out,
    } = Setup::new();

    // How long a whole run takes here, so that the kills spread over all of it.
    old_output(&out, &files);
    let started = Instant::now();
    assert!(run("generate", &specs, &out)
        .status()
        .expect("runs")
        .success());
    let whole = started.elapsed();

    let steps = 40u32;
    for step in 0..=steps {
        let delay = whole * step / steps;
        let old = old_output(&out, &files);
        let mut child = run("generate", &specs, &out).spawn().expect("spawns");
        thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let what = format!("killed after {delay:?}");
        assert_each_file_old_or_new(&out, &old, &new, &what);
        rerun_and_check(&specs, &out, &new, &what);
    }
}
