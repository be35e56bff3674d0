//! Every case in `tests/invalid/` is a spec with realistic mistakes: either one operation file
//! `<case>.yaml`, generated beside the shared valid `service.yaml`, or a folder `<case>/` holding
//! several operation files and, when the case is about the service file, its own
//! `service.yaml`, and when it is about supplements, a `supplements/` folder. The report, which names file, line and column and shows the offending line
//! with a caret, is compared with its snapshot.

use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::load::{Role, SourceFile};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

const SERVICE_DIR: &str = "huawei/demo";

fn service_file(text: String) -> SourceFile {
    SourceFile {
        path: PathBuf::from(format!("specs/{SERVICE_DIR}/service.yaml")),
        role: Role::Service {
            service_dir: SERVICE_DIR.to_owned(),
        },
        text,
    }
}

fn operation_file(file_name: &str, text: String) -> SourceFile {
    SourceFile {
        path: PathBuf::from(format!("specs/{SERVICE_DIR}/operations/{file_name}")),
        role: Role::Operation {
            service_dir: SERVICE_DIR.to_owned(),
        },
        text,
    }
}

fn supplement_file(file_name: &str, text: String) -> SourceFile {
    let role = Role::Supplement {
        service_dir: SERVICE_DIR.to_owned(),
    };
    let path = PathBuf::from(format!("specs/{SERVICE_DIR}/supplements/{file_name}"));
    SourceFile { path, role, text }
}

/// The YAML files of a folder, by name.
fn yaml_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("the case folder is listable")
        .map(|entry| {
            entry
                .expect("listable")
                .file_name()
                .into_string()
                .expect("UTF-8 name")
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

fn shared_service() -> String {
    fs::read_to_string(cases_dir().join("service.yaml")).expect("service.yaml is readable")
}

/// The shared valid service file and one operation file, as the loader would find them.
fn service_with(operation_file_name: &str, operation: String) -> [SourceFile; 2] {
    [
        service_file(shared_service()),
        operation_file(operation_file_name, operation),
    ]
}

/// The files of a case, as the loader would find them.
fn sources_of(case: &Path) -> Vec<SourceFile> {
    if !case.is_dir() {
        let operation = fs::read_to_string(case).expect("the case is readable");
        return service_with("Broken.yaml", operation).to_vec();
    }
    let names = yaml_names(case);
    let read = |name: &str| fs::read_to_string(case.join(name)).expect("the case is readable");
    let service = if names.iter().any(|n| n == "service.yaml") {
        read("service.yaml")
    } else {
        shared_service()
    };
    let mut sources = vec![service_file(service)];
    for name in names.iter().filter(|n| *n != "service.yaml") {
        sources.push(operation_file(name, read(name)));
    }
    let supplements = case.join("supplements");
    if supplements.is_dir() {
        for name in yaml_names(&supplements) {
            let text = fs::read_to_string(supplements.join(&name)).expect("the case is readable");
            sources.push(supplement_file(&name, text));
        }
    }
    assert!(
        sources.len() >= 2,
        "{}: a case folder needs an operation file",
        case.display()
    );
    sources
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
        cases.len() >= 25,
        "the corpus shrank to {} cases",
        cases.len()
    );
    for case in cases {
        let diagnostics = match cloudgen::generate_from_sources(&sources_of(&case)) {
            Ok(_) => panic!("{} was accepted", case.display()),
            Err(diagnostics) => diagnostics,
        };
        let report = diagnostics.to_string();
        assert!(
            !report.contains('\u{1b}'),
            "{}: colour codes in a report",
            case.display()
        );
        for diagnostic in &diagnostics.0 {
            assert!(
                diagnostic.file.starts_with("specs/huawei/demo/"),
                "{}: a problem without its file: {diagnostic}",
                case.display()
            );
            let position = diagnostic.position.unwrap_or_else(|| {
                panic!("{}: a problem without a line: {diagnostic}", case.display())
            });
            let place = format!(
                "--> {}:{}:{}",
                diagnostic.file.display(),
                position.line,
                position.column
            );
            assert!(
                report.contains(&place),
                "{}: no snippet at {place} in\n{report}",
                case.display()
            );
        }
        assert!(
            diagnostics.plain().to_string().lines().count() == diagnostics.0.len() + 1,
            "{}: the plain form is one line a problem",
            case.display()
        );
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

#[test]
fn a_self_referencing_type_is_boxed_and_parses() {
    let operation = r#"
operation: ShowNode
source: {page: test}
title: A tree whose nodes name their parent and children
method: GET
path: /v1/nodes/{node_id}
parameters:
  - {name: node_id, in: path, type: string, required: true}
responses:
  - status: 200
    description: OK
    body: {type: Node}
schemas:
  - name: Node
    properties:
      - {name: name, type: string, required: true}
      - {name: children, type: array<Node>}
      - {name: parent, type: Node}
"#;
    let sources = service_with("ShowNode.yaml", operation.to_owned());
    let files = cloudgen::generate_from_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let types = files
        .iter()
        .find(|f| f.path == "src/huawei/demo/types.rs")
        .expect("types.rs");
    assert!(
        types.contents.contains("pub parent: Option<Box<Node>>"),
        "{}",
        types.contents
    );
    assert!(
        types.contents.contains("pub children: Option<Vec<Node>>"),
        "{}",
        types.contents
    );
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {error}", file.path);
        }
    }
}
