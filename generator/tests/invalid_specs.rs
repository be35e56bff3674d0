//! Every file in `tests/invalid/` (but `service.yaml`) is an operation spec with problems. Each
//! is generated beside a valid service file, and the report, which names file, line and cause,
//! is compared with its snapshot.

use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::load::{Role, SourceFile};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

/// The shared valid service file and one operation file, as the loader would find them.
fn service_with(operation_file: &str, operation: String) -> [SourceFile; 2] {
    let service_dir = "huawei/demo".to_owned();
    let service =
        fs::read_to_string(cases_dir().join("service.yaml")).expect("service.yaml is readable");
    [
        SourceFile {
            path: PathBuf::from("specs/huawei/demo/service.yaml"),
            role: Role::Service {
                service_dir: service_dir.clone(),
            },
            text: service,
        },
        SourceFile {
            path: PathBuf::from(format!("specs/huawei/demo/operations/{operation_file}")),
            role: Role::Operation { service_dir },
            text: operation,
        },
    ]
}

fn report_for(case: &Path) -> String {
    let operation = fs::read_to_string(case).expect("the case is readable");
    match cloudgen::generate_from_sources(&service_with("Broken.yaml", operation)) {
        Ok(_) => panic!("{} was accepted", case.display()),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn each_invalid_spec_is_reported_with_file_line_and_cause() {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/invalid exists")
        .map(|entry| entry.expect("listable").path())
        .filter(|path| path.file_name().is_some_and(|n| n != "service.yaml"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 12,
        "the corpus shrank to {} cases",
        cases.len()
    );
    for case in cases {
        let report = report_for(&case);
        for line in report.lines().filter(|l| l.starts_with("error: ")) {
            assert!(
                line.starts_with("error: specs/huawei/demo/"),
                "{}: a problem without its file: {line}",
                case.display()
            );
        }
        let name = case
            .file_stem()
            .and_then(|n| n.to_str())
            .expect("UTF-8 name")
            .to_owned();
        insta::assert_snapshot!(name, report);
    }
}

#[test]
fn rust_keywords_as_names_become_valid_identifiers() {
    let operation = r#"
operation: Match
source: {page: test}
title: Names that are Rust keywords
method: GET
path: /v1/{type}
parameters:
  - {name: type, in: path, type: string, required: true}
  - {name: ref, in: query, type: boolean}
responses:
  - status: 200
    description: OK
    body: {type: self}
schemas:
  - name: self
    properties:
      - {name: match, type: string}
      - {name: continue, type: self}
"#;
    let sources = service_with("Match.yaml", operation.to_owned());
    let files = cloudgen::generate_from_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let operation = files
        .iter()
        .find(|f| f.path == "src/huawei/demo/r#match.rs" || f.path == "src/huawei/demo/match.rs")
        .expect("the operation's file");
    assert!(operation
        .contents
        .contains("pub fn r#match(&self, r#type: impl Into<String>)"));
    assert!(operation
        .contents
        .contains(".query_opt(\"ref\", self.r#ref.as_ref())"));
    let types = files
        .iter()
        .find(|f| f.path == "src/huawei/demo/types.rs")
        .expect("types.rs");
    assert!(types.contents.contains("pub struct Self_ {"));
    assert!(types.contents.contains("pub r#match: Option<String>"));
    assert!(types
        .contents
        .contains("pub r#continue: Option<Box<Self_>>"));
}
