//! The documentation-page importer against real pages: further pages of both vendors import
//! without unmapped parts and generate, an updated page changes only what it changed, and
//! mangled pages give line-numbered findings instead of a panic. (That the seed pages give
//! exactly the committed specs is `tests/tests/seed_pages.rs`.)

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::import::doc_page::{import_page, service_dir, Finding, PageContext, Report};
use cloudgen::import::spec_file::operation_yaml;
use cloudgen::load::model::{OperationFile, ServiceFile};
use cloudgen::load::{Role, SourceFile};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Each seed page with its service folder below `specs/`.
const SEEDS: [(&str, &str); 5] = [
    ("000_a4f86f4a6787e635.txt", "huawei/cce"),
    ("001_4c43b7011465d267.txt", "huawei/cce"),
    ("002_c292cd833028ae84.txt", "alibaba/cs"),
    ("003_1e7d7dd2a138fdc2.txt", "kubernetes/api"),
    ("004_4916944999478d9d.txt", "huawei/workspace"),
];

fn seed_page(file: &str) -> String {
    fs::read_to_string(root().join("tests/pages").join(file)).unwrap()
}

fn report(page: &str, findings: &[Finding]) -> String {
    Report { page, findings }.to_string()
}

/// The service file of a fixture page's service: the committed one, or the hand-written one
/// beside the fixtures for services the specs do not have.
fn fixture_service(vendor: &str, service: &str) -> (PathBuf, ServiceFile) {
    let committed = root()
        .join("specs")
        .join(vendor)
        .join(service)
        .join("service.yaml");
    let path = if committed.exists() {
        committed
    } else {
        root()
            .join("tests/imported-pages/services")
            .join(vendor)
            .join(service)
            .join("service.yaml")
    };
    let text = fs::read_to_string(&path).unwrap();
    (path, serde_yaml::from_str(&text).unwrap())
}

/// `(vendor, service, operation, page)` of every further fixture page.
fn fixture_pages() -> Vec<(String, String, String, PathBuf)> {
    let mut pages = Vec::new();
    let more = root().join("tests/pages/more");
    for vendor in fs::read_dir(&more).unwrap() {
        let vendor = vendor.unwrap().path();
        for service in fs::read_dir(&vendor).unwrap() {
            let service = service.unwrap().path();
            for page in fs::read_dir(&service).unwrap() {
                let page = page.unwrap().path();
                let stem = page.file_name().unwrap().to_str().unwrap();
                let operation = stem.split('.').next().unwrap().to_owned();
                let name = |p: &Path| p.file_name().unwrap().to_str().unwrap().to_owned();
                pages.push((name(&vendor), name(&service), operation, page));
            }
        }
    }
    pages.sort();
    pages
}

#[test]
fn further_pages_of_both_vendors_import_cleanly_and_generate() {
    let pages = fixture_pages();
    assert!(pages.len() >= 8, "only {} fixture pages", pages.len());
    assert!(pages.iter().any(|p| p.0 == "huawei") && pages.iter().any(|p| p.0 == "alibaba"));
    let mut sources = Vec::new();
    let mut services_seen = Vec::new();
    for (vendor, service, operation, page) in &pages {
        let (service_path, service_file) = fixture_service(vendor, service);
        let context = PageContext {
            service: &service_file,
            existing: &[],
            operation: Some(operation),
        };
        let text = fs::read_to_string(page).unwrap();
        let name = page.display().to_string();
        let imported = import_page(&text, &context)
            .unwrap_or_else(|findings| panic!("{}", report(&name, &findings)));
        assert!(
            imported.findings.is_empty(),
            "{}",
            report(&name, &imported.findings)
        );
        assert_eq!(&imported.operation.operation, operation);
        let service_dir = format!("{vendor}/{service}");
        if !services_seen.contains(&service_dir) {
            services_seen.push(service_dir.clone());
            sources.push(SourceFile {
                path: service_path.clone(),
                role: Role::Service {
                    service_dir: service_dir.clone(),
                },
                text: fs::read_to_string(&service_path).unwrap(),
            });
        }
        sources.push(SourceFile {
            path: PathBuf::from(format!("{service_dir}/operations/{operation}.yaml")),
            role: Role::Operation { service_dir },
            text: operation_yaml(&imported.operation).unwrap(),
        });
    }
    let files = cloudgen::generate_from_sources(&sources)
        .unwrap_or_else(|diagnostics| panic!("{}", diagnostics.plain()));
    for (_, _, operation, _) in &pages {
        let module = heck::AsSnakeCase(operation).to_string();
        assert!(
            files
                .iter()
                .any(|f| f.path.ends_with(&format!("/{module}.rs"))),
            "no module for {operation}"
        );
    }
}

fn addon_page(which: &str) -> String {
    fs::read_to_string(root().join(format!(
        "tests/pages/updates/DeleteAddonInstance.{which}.txt"
    )))
    .unwrap()
}

#[test]
fn an_updated_page_changes_what_it_changed_and_keeps_the_hand_written_facts() {
    let (_, service) = fixture_service("huawei", "cce");
    let fresh = PageContext {
        service: &service,
        existing: &[],
        operation: Some("DeleteAddonInstance"),
    };
    let before = import_page(&addon_page("before"), &fresh).unwrap();
    assert!(before.findings.is_empty(), "{:?}", before.findings);
    // What a person adds by hand, and the page never states.
    let mut edited: OperationFile = before.operation.clone();
    edited.idempotent = Some(false);
    let cluster = edited
        .parameters
        .iter_mut()
        .find(|p| p.name == "cluster_id")
        .unwrap();
    cluster.rust_name = Some("cluster".to_owned());

    let update = PageContext {
        service: &service,
        existing: std::slice::from_ref(&edited),
        operation: None,
    };
    let after = import_page(&addon_page("after"), &update).unwrap();
    assert!(after.updated_existing);
    let spec = &after.operation;
    assert_eq!(spec.idempotent, Some(false));
    let cluster = spec
        .parameters
        .iter()
        .find(|p| p.name == "cluster_id")
        .unwrap();
    assert_eq!(cluster.rust_name.as_deref(), Some("cluster"));
    // What the page changed: cluster_id became optional, the id lost its length limits, the
    // Content-Type lost its default, and the page gained an "Updated on" line.
    assert!(!cluster.required);
    let id = spec.parameters.iter().find(|p| p.name == "id").unwrap();
    assert_eq!((id.min_length, id.max_length), (None, None));
    let before_id = edited.parameters.iter().find(|p| p.name == "id").unwrap();
    assert_eq!(
        (before_id.min_length, before_id.max_length),
        (Some(1), Some(255))
    );
    assert_eq!(spec.source.updated.as_deref(), Some("2023-07-03 GMT+08:00"));
    // Everything else is as it was.
    assert_eq!(spec.path, edited.path);
    assert_eq!(spec.method, edited.method);
    assert_eq!(spec.responses, edited.responses);
    let names = |o: &OperationFile| {
        o.parameters
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(spec), names(&edited));
}

/// The report of a page made from a seed page by `mangle`.
fn mangled_report(seed: usize, mangle: impl Fn(Vec<&str>) -> Vec<String>) -> String {
    let (file, service) = SEEDS[seed];
    let dir = service_dir::read(&root().join("specs").join(service)).unwrap();
    let text = seed_page(file);
    let page = mangle(text.lines().collect()).join("\n");
    // The existing specs name the operation (found by method and path).
    let context = PageContext {
        service: &dir.service,
        existing: &dir.operations,
        operation: None,
    };
    match import_page(&page, &context) {
        Ok(imported) => report("page.txt", &imported.findings),
        Err(findings) => format!("no spec:\n{}", report("page.txt", &findings)),
    }
}

fn owned(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| (*l).to_owned()).collect()
}

#[test]
fn a_table_cut_short_is_reported_at_its_line() {
    // 000 ends inside the path parameter table, after "cluster_id / Yes".
    let report = mangled_report(0, |lines| owned(&lines[..86]));
    assert!(
        report.contains("page.txt:84: row \"cluster_id\" is cut short"),
        "{report}"
    );
    insta::assert_snapshot!("cut_table", report);
}

#[test]
fn a_missing_header_row_is_reported() {
    // 004 without the header cells of Table 3 (Request body parameters).
    let report = mangled_report(4, |lines| {
        let mut kept = owned(&lines[..66]);
        kept.extend(owned(&lines[74..]));
        kept
    });
    assert!(
        report.contains("page.txt:65: \"Table 3 Request body parameters\" has no header row"),
        "{report}"
    );
    insta::assert_snapshot!("missing_header", report);
}

#[test]
fn shuffled_sections_are_reported_where_they_cannot_be_read() {
    // 001 with its response body tables moved into the request section, and its Status Codes
    // before the URI.
    let report = mangled_report(1, |lines| {
        let mut page = owned(&lines[..46]); // up to the authorization table
        page.extend(owned(&lines[404..414])); // Status Codes
        page.extend(owned(&lines[46..104])); // URI
        page.extend(owned(&lines[138..141])); // Response Parameters, Status code: 200
        page.extend(owned(&lines[104..138])); // Request Parameters
        page.extend(owned(&lines[142..404])); // the response tables, examples
        page.extend(owned(&lines[414..])); // Error Codes
        page
    });
    assert!(
        report.contains("a table the importer does not know: \"Response body parameters\""),
        "{report}"
    );
    insta::assert_snapshot!("shuffled_sections", report);
}

#[test]
fn unknown_type_words_and_sections_are_reported() {
    let report = mangled_report(3, |lines| {
        let mut page = owned(&lines);
        page[64] = "Int128".to_owned(); // gracePeriodSeconds' type
        page.insert(12, "Throttling".to_owned());
        page.insert(13, String::new());
        page.insert(14, "At most 10 calls a second.".to_owned());
        page.insert(15, String::new());
        page
    });
    assert!(report.contains("unknown type word \"Int128\""), "{report}");
    insta::assert_snapshot!("unknown_words", report);
}

#[test]
fn an_alibaba_row_cut_short_is_reported() {
    let report = mangled_report(2, |lines| {
        let mut page = owned(&lines[..30]);
        page.push("| Force | boolean |".to_owned());
        page
    });
    assert!(
        report.contains("page.txt:31: table row cut short"),
        "{report}"
    );
    insta::assert_snapshot!("alibaba_cut_row", report);
}

#[test]
fn a_page_without_a_request_line_makes_no_spec() {
    let report = mangled_report(0, |lines| owned(&lines[..47]));
    assert!(report.starts_with("no spec:"), "{report}");
    assert!(report.contains("no request line"), "{report}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Pages cut anywhere, with lines dropped or swapped, never make the importer panic, and
    /// every finding points at a line of the page.
    #[test]
    fn mangled_pages_never_panic(
        seed in 0usize..5,
        cut in 0.0f64..1.0,
        drops in proptest::collection::vec(0usize..1000, 0..6),
        swaps in proptest::collection::vec((0usize..1000, 0usize..1000), 0..6),
    ) {
        let (file, service) = SEEDS[seed];
        let dir = service_dir::read(&root().join("specs").join(service)).unwrap();
        let text = seed_page(file);
        let lines = common::mangle(&text, cut, &drops, &swaps);
        let page = lines.join("\n");
        let context = PageContext { service: &dir.service, existing: &dir.operations, operation: None };
        let findings = match import_page(&page, &context) {
            Ok(imported) => imported.findings,
            Err(findings) => findings,
        };
        for finding in findings {
            prop_assert!(finding.line <= lines.len(), "{finding}");
        }
    }
}

#[test]
fn sections_in_another_order_give_the_same_spec() {
    let (file, service) = SEEDS[0];
    let dir = service_dir::read(&root().join("specs").join(service)).unwrap();
    let text = seed_page(file);
    let lines: Vec<&str> = text.lines().collect();
    // The Status Codes table (lines 178-187) moved before the URI section (line 48).
    let mut page = owned(&lines[..47]);
    page.extend(owned(&lines[177..187]));
    page.extend(owned(&lines[47..177]));
    page.extend(owned(&lines[187..]));
    let context = PageContext {
        service: &dir.service,
        existing: &dir.operations,
        operation: None,
    };
    let imported = import_page(&page.join("\n"), &context).unwrap();
    assert!(imported.findings.is_empty(), "{:?}", imported.findings);
    let committed = dir
        .operations
        .iter()
        .find(|o| o.operation == "DeletePodIdentityAssociation")
        .unwrap();
    assert_eq!(&imported.operation, committed);
}

/// The report on a page cut short where it was saved (`tests/pages/lacking/`).
fn lacking_report(file: &str, service: &str, operation: &str) -> String {
    let dir = service_dir::read(&root().join("specs").join(service)).unwrap();
    let text = fs::read_to_string(root().join("tests/pages/lacking").join(file)).unwrap();
    let context = PageContext {
        service: &dir.service,
        existing: &[],
        operation: Some(operation),
    };
    match import_page(&text, &context) {
        Ok(imported) => report(file, &imported.findings),
        Err(findings) => format!("no spec:\n{}", report(file, &findings)),
    }
}

#[test]
fn real_pages_saved_incomplete_report_what_they_lack() {
    let huawei = lacking_report(
        "huawei-workspace-DeleteDesktopPool.txt",
        "huawei/workspace",
        "DeleteDesktopPool",
    );
    assert!(
        huawei.contains("the page has no Status Codes section"),
        "{huawei}"
    );
    insta::assert_snapshot!("lacking_huawei", huawei);
    let alibaba = lacking_report(
        "alibaba-cs-CleanClusterUserPermissions.cut.txt",
        "alibaba/cs",
        "CleanClusterUserPermissions",
    );
    assert!(
        alibaba.contains(":29: the table ends inside this row"),
        "{alibaba}"
    );
    insta::assert_snapshot!("lacking_alibaba", alibaba);
}

/// A real upload page (saved cut short after its request example): its FormData table becomes
/// form parameters, the `File` one a file part, and the client builds the form.
#[test]
fn an_upload_page_maps_its_form_data_table_to_form_parameters() {
    let file = "huawei-cce-UploadChart.cut.txt";
    let dir = service_dir::read(&root().join("specs/huawei/cce")).unwrap();
    let text = fs::read_to_string(root().join("tests/pages/lacking").join(file)).unwrap();
    let context = PageContext {
        service: &dir.service,
        existing: &[],
        operation: Some("UploadChart"),
    };
    let imported = import_page(&text, &context).unwrap_or_else(|f| panic!("{}", report(file, &f)));
    let findings: Vec<&str> = imported
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(findings, ["the page has no Status Codes section"]);
    let op = &imported.operation;
    let form: Vec<(&str, &str, bool)> = op
        .parameters
        .iter()
        .filter(|p| p.location == Some(cloudgen::load::model::ParameterLocation::Form))
        .map(|p| (p.name.as_str(), p.type_expr.as_str(), p.required))
        .collect();
    assert_eq!(
        form,
        [("parameters", "string", false), ("content", "binary", true)]
    );
    assert!(op.request_body.is_none());

    let service_path = root().join("specs/huawei/cce/service.yaml");
    let sources = [
        SourceFile {
            path: service_path.clone(),
            role: Role::Service {
                service_dir: "huawei/cce".to_owned(),
            },
            text: fs::read_to_string(&service_path).unwrap(),
        },
        SourceFile {
            path: PathBuf::from("huawei/cce/operations/UploadChart.yaml"),
            role: Role::Operation {
                service_dir: "huawei/cce".to_owned(),
            },
            text: operation_yaml(op).unwrap(),
        },
    ];
    let files = cloudgen::generate_from_sources(&sources)
        .unwrap_or_else(|diagnostics| panic!("{}", diagnostics.plain()));
    let module = files
        .iter()
        .find(|f| f.path.ends_with("/upload_chart.rs"))
        .expect("the operation's module");
    assert!(module
        .contents
        .contains("content: cloudgen_runtime::FilePart"));
    assert!(module
        .contents
        .contains(".form_file(\"content\", &self.content)"));
}
