//! Inputs that once broke the generator, in the fuzz target's format (`fuzz/fuzz_targets/spec.rs`):
//! a service file, a NUL byte, an operation file. Each must yield generated files that parse or
//! a report, and never a panic. A crash artifact of `cargo fuzz` is added by copying it into
//! `tests/regressions/`.

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

use cloudgen::load::{Role, SourceFile};
use cloudgen::{Diagnostics, GeneratedFile};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions")
}

/// The input as the fuzz target builds it.
fn sources(data: &[u8]) -> [SourceFile; 2] {
    let (service, operation) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    let service = String::from_utf8_lossy(service).into_owned();
    let operation = String::from_utf8_lossy(operation).into_owned();
    let file_name = serde_yaml::from_str::<serde_yaml::Value>(&operation)
        .ok()
        .and_then(|v| v.get("operation")?.as_str().map(str::to_owned))
        .filter(|name| !name.is_empty() && !name.contains(['/', '\\', '\0']))
        .unwrap_or_else(|| "Fuzzed".to_owned());
    let service_dir = "huawei/demo".to_owned();
    [
        SourceFile {
            path: PathBuf::from("specs/huawei/demo/service.yaml"),
            role: Role::Service {
                service_dir: service_dir.clone(),
            },
            text: service,
        },
        SourceFile {
            path: PathBuf::from(format!("specs/huawei/demo/operations/{file_name}.yaml")),
            role: Role::Operation { service_dir },
            text: operation,
        },
    ]
}

fn run(case: &Path) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let data = fs::read(case).expect("the case is readable");
    let result = panic::catch_unwind(|| cloudgen::generate_from_sources(&sources(&data)));
    let result = result.unwrap_or_else(|_| panic!("{} panicked", case.display()));
    if let Ok(files) = &result {
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(error) = syn::parse_file(&file.contents) {
                panic!("{}: {} does not parse: {error}", case.display(), file.path);
            }
        }
    }
    result
}

#[test]
fn no_regression_panics() {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/regressions exists")
        .map(|entry| entry.expect("listable").path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let _ = run(&case);
    }
}

/// `r#abc` and `abc` are one identifier: two properties with those names must be reported, not
/// generated as a struct with the same field twice.
#[test]
fn raw_and_plain_names_collide() {
    let report = run(&cases_dir().join("raw_identifier_collision"))
        .expect_err("the collision is reported")
        .to_string();
    assert!(
        report.contains("both become the Rust field `abc`"),
        "{report}"
    );
}
