//! The seed pages kept in `tests/pages/` and the specs the clients are generated from agree:
//! importing each page gives its committed operation spec byte for byte, from scratch and as a
//! re-import over the spec, and every row the importer reads from a page is a parameter or a
//! property of the spec (service.yaml's shared schemas included) with its mandatory flag.

use std::fs;
use std::path::Path;

use cloudgen::import::doc_page::model::{Page, Row};
use cloudgen::import::doc_page::{alibaba, huawei, import_page, service_dir, PageContext, Report};
use cloudgen::import::spec_file::operation_yaml;
use cloudgen::load::model::FieldSpec;
use cloudgen_tests::specs_dir;

/// Which operation each page documents.
const PAGES: &[(&str, &str, &str)] = &[
    (
        "000_a4f86f4a6787e635.txt",
        "huawei/cce",
        "DeletePodIdentityAssociation",
    ),
    (
        "001_4c43b7011465d267.txt",
        "huawei/cce",
        "ListPodIdentityAssociations",
    ),
    (
        "002_c292cd833028ae84.txt",
        "alibaba/cs",
        "CleanClusterUserPermissions",
    ),
    (
        "003_1e7d7dd2a138fdc2.txt",
        "kubernetes/api",
        "DeleteRbacAuthorizationV1NamespacedRoleBinding",
    ),
    (
        "004_4916944999478d9d.txt",
        "huawei/workspace",
        "BatchDeleteAccessPolicies",
    ),
];

fn page_text(file: &str) -> String {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("pages");
    fs::read_to_string(pages.join(file)).expect("the page is kept in tests/pages")
}

#[test]
fn seed_pages_import_from_scratch_to_the_committed_specs() {
    for (file, service, operation) in PAGES {
        let dir = service_dir::read(&specs_dir().join(service)).unwrap();
        let context = PageContext {
            service: &dir.service,
            existing: &[],
            operation: Some(operation),
        };
        let imported = import_page(&page_text(file), &context).unwrap_or_else(|findings| {
            panic!(
                "{}",
                Report {
                    page: file,
                    findings: &findings
                }
            )
        });
        assert!(
            imported.findings.is_empty(),
            "{}",
            Report {
                page: file,
                findings: &imported.findings
            }
        );
        let committed = fs::read_to_string(
            specs_dir()
                .join(service)
                .join(service_dir::operation_path(operation)),
        )
        .unwrap();
        assert_eq!(
            operation_yaml(&imported.operation).unwrap(),
            committed,
            "{file}"
        );
    }
}

#[test]
fn reimporting_a_seed_page_over_its_spec_changes_nothing() {
    for (file, service, operation) in PAGES {
        let dir = service_dir::read(&specs_dir().join(service)).unwrap();
        // Found by method and path: the Huawei pages do not name their operation.
        let context = PageContext {
            service: &dir.service,
            existing: &dir.operations,
            operation: None,
        };
        let imported = import_page(&page_text(file), &context).unwrap();
        assert!(imported.updated_existing, "{file}");
        assert_eq!(imported.operation.operation, *operation);
        let committed = fs::read_to_string(
            specs_dir()
                .join(service)
                .join(service_dir::operation_path(operation)),
        )
        .unwrap();
        assert_eq!(
            operation_yaml(&imported.operation).unwrap(),
            committed,
            "{file}"
        );
    }
}

/// Every row the page's tables hold: parameters, body, response bodies, nested objects.
fn rows(page: &Page) -> Vec<&Row> {
    page.parameters
        .iter()
        .map(|(_, row)| row)
        .chain(page.request_body.iter().flat_map(|t| &t.rows))
        .chain(
            page.response_bodies
                .iter()
                .flat_map(|s| s.body.iter().flat_map(|t| &t.rows)),
        )
        .chain(page.objects.iter().flat_map(|t| &t.rows))
        .collect()
}

#[test]
fn every_table_row_and_status_of_the_seed_pages_is_in_the_specs() {
    let mut rows_checked = 0;
    for (file, service, operation) in PAGES {
        let dir = service_dir::read(&specs_dir().join(service)).unwrap();
        let op = dir
            .operations
            .iter()
            .find(|o| o.operation == *operation)
            .unwrap();
        let text = page_text(file);
        let mut findings = Vec::new();
        let page = if service.starts_with("alibaba") {
            alibaba::read(&text, &mut findings)
        } else {
            huawei::read(&text, &mut findings)
        };
        assert!(findings.is_empty(), "{file}: {findings:?}");
        let fields: Vec<&FieldSpec> = op
            .parameters
            .iter()
            .chain(
                dir.service
                    .schemas
                    .iter()
                    .chain(&op.schemas)
                    .flat_map(|s| s.properties.iter().flatten()),
            )
            .collect();
        for row in rows(&page).into_iter().filter(|r| r.name != "[items]") {
            let fits = fields
                .iter()
                .any(|f| f.name == row.name && row.required.is_none_or(|m| f.required == m));
            assert!(fits, "{file}: the row {row:?} is not in the spec");
            rows_checked += 1;
        }
        for status in &page.statuses {
            assert!(
                op.responses.iter().any(|r| r.status == status.status),
                "{file}: status {} is not among the responses of {operation}",
                status.status
            );
        }
    }
    assert!(
        rows_checked >= 47,
        "only {rows_checked} rows were found on the pages"
    );
}
