//! Every row of the seed pages' tables is in the specs: each parameter and property name with its
//! mandatory flag and numeric or boolean type, and each status code. The pages are kept as they
//! were captured in `tests/pages/`.

use std::fs;
use std::path::Path;

use cloudgen::load::model::{FieldSpec, OperationFile};
use cloudgen::load::ServiceSources;
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
        "huawei/cce-kubernetes",
        "DeleteRbacAuthorizationV1NamespacedRoleBinding",
    ),
    (
        "004_4916944999478d9d.txt",
        "huawei/workspace",
        "BatchDeleteAccessPolicies",
    ),
];

/// A table row as the page states it.
#[derive(Debug)]
struct Row {
    name: String,
    mandatory: Option<bool>,
    type_word: String,
}

fn is_type_word(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    matches!(lower.as_str(), "string" | "integer" | "long" | "boolean")
        || lower.starts_with("array of ")
        || lower.ends_with(" object")
}

fn is_name(line: &str) -> bool {
    !matches!(line, "Yes" | "No" | "Type" | "Parameter" | "Mandatory")
        && line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-[].".contains(c))
}

/// Rows of Huawei's flattened tables: `name, Yes|No, Type` or, in response tables, `name, Type`.
fn huawei_rows(text: &str) -> Vec<Row> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut rows = Vec::new();
    for i in 0..lines.len().saturating_sub(2) {
        let (name, second, third) = (lines[i], lines[i + 1], lines[i + 2]);
        if !is_name(name) {
            continue;
        }
        if matches!(second, "Yes" | "No") && is_type_word(third) {
            rows.push(Row {
                name: name.to_owned(),
                mandatory: Some(second == "Yes"),
                type_word: third.to_owned(),
            });
        } else if is_type_word(second)
            && !matches!(lines.get(i.wrapping_sub(1)), Some(&"Yes" | &"No"))
        {
            rows.push(Row {
                name: name.to_owned(),
                mandatory: None,
                type_word: second.to_owned(),
            });
        }
    }
    rows
}

/// Rows of Alibaba's Markdown tables: `| name | type | Yes|No | ... |`.
fn alibaba_rows(text: &str) -> Vec<Row> {
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (name, type_word, required) = (cells.get(1)?, cells.get(2)?, cells.get(3)?);
            matches!(*required, "Yes" | "No").then(|| Row {
                name: (*name).to_owned(),
                mandatory: Some(*required == "Yes"),
                type_word: (*type_word).to_owned(),
            })
        })
        .collect()
}

fn status_codes(text: &str) -> Vec<u16> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let Some(start) = lines
        .windows(2)
        .position(|w| w == ["Status Code", "Description"])
    else {
        return Vec::new();
    };
    lines[start + 2..]
        .iter()
        .filter_map(|l| l.parse().ok())
        .collect()
}

fn fields<'a>(service: &'a ServiceSources, op: &'a OperationFile) -> Vec<&'a FieldSpec> {
    let schemas = service
        .service
        .value
        .schemas
        .iter()
        .chain(service.operations.iter().flat_map(|o| &o.value.schemas));
    op.parameters
        .iter()
        .chain(schemas.flat_map(|s| s.properties.iter().flatten()))
        .collect()
}

fn spec_type_fits(type_word: &str, spec_type: &str) -> bool {
    match type_word.to_ascii_lowercase().as_str() {
        "integer" => spec_type == "integer",
        "long" => spec_type == "long",
        "boolean" => spec_type == "boolean",
        word if word.starts_with("array of") => spec_type.starts_with("array<"),
        _ => {
            !matches!(spec_type, "integer" | "long" | "boolean") && !spec_type.starts_with("array<")
        }
    }
}

#[test]
fn every_table_row_and_status_of_the_seed_pages_is_in_the_specs() {
    let sources = cloudgen::load::discover(&specs_dir()).expect("specs are readable");
    let services = cloudgen::load::parse(&sources).expect("specs parse");
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("pages");
    let mut rows_checked = 0;
    for (page, service_dir, operation) in PAGES {
        let text = fs::read_to_string(pages.join(page)).expect("the page is kept in tests/pages");
        let service = services
            .iter()
            .find(|s| s.service_dir == *service_dir)
            .unwrap_or_else(|| panic!("no service {service_dir}"));
        let op = &service
            .operations
            .iter()
            .find(|o| o.value.operation == *operation)
            .unwrap_or_else(|| panic!("no operation {operation}"))
            .value;
        let fields = fields(service, op);
        let rows = if service_dir.starts_with("alibaba") {
            alibaba_rows(&text)
        } else {
            huawei_rows(&text)
        };
        assert!(!rows.is_empty(), "{page}: no table rows found");
        for row in rows.iter().filter(|r| r.name != "[items]") {
            let candidates: Vec<&&FieldSpec> =
                fields.iter().filter(|f| f.name == row.name).collect();
            assert!(
                !candidates.is_empty(),
                "{page}: the row `{}` is not in the spec",
                row.name
            );
            let fits = candidates.iter().any(|f| {
                row.mandatory.is_none_or(|m| f.required == m)
                    && spec_type_fits(&row.type_word, f.type_expr.trim())
            });
            assert!(
                fits,
                "{page}: the row {row:?} does not match {candidates:?}"
            );
            rows_checked += 1;
        }
        for status in status_codes(&text) {
            assert!(
                op.responses.iter().any(|r| r.status == status),
                "{page}: status {status} is not among the responses of {operation}"
            );
        }
    }
    assert!(
        rows_checked >= 47,
        "only {rows_checked} rows were found on the pages"
    );
}
