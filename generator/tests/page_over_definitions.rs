//! A documentation page imported over an operation the definitions importer wrote refines that
//! spec: every response, body, example, pattern and enum of the definitions stays, the page's
//! prose comes in, and `import-definitions` afterwards still applies and keeps it generating.

use std::fs;
use std::path::Path;

use cloudgen::import::definitions::{self, Request};
use cloudgen::import::doc_page::{self, service_dir, PageContext};
use cloudgen::load::model::{OperationFile, SchemaSpec};

mod common;

use common::{copy_dir, root};

fn import_definitions(specs: &Path, service: &str) -> definitions::Summary {
    let from = specs.join(service).join("definitions");
    definitions::import(&Request {
        specs: specs.to_path_buf(),
        service_dir: service.to_owned(),
        from,
        version: None,
    })
    .unwrap_or_else(|e| panic!("{service}: {e}"))
}

fn spec(specs: &Path, service: &str, operation: &str) -> OperationFile {
    let path = specs
        .join(service)
        .join(format!("operations/{operation}.yaml"));
    serde_yaml::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

/// The operations of the test: `(service, operation, page)`. The seed pages' operations are
/// page-transcribed in the committed specs; the test first gives them the definitions' spec.
const CASES: [(&str, &str, &str); 6] = [
    (
        "huawei/cce",
        "HibernateCluster",
        "more/huawei/cce/HibernateCluster.txt",
    ),
    (
        "huawei/cce",
        "DeleteAddonInstance",
        "more/huawei/cce/DeleteAddonInstance.txt",
    ),
    (
        "huawei/cce",
        "ListPodIdentityAssociations",
        "001_4c43b7011465d267.txt",
    ),
    (
        "huawei/cce",
        "DeletePodIdentityAssociation",
        "000_a4f86f4a6787e635.txt",
    ),
    (
        "huawei/workspace",
        "BatchDeleteAccessPolicies",
        "004_4916944999478d9d.txt",
    ),
    // Saved cut short: what the page lacks stays as the definitions state it.
    (
        "huawei/workspace",
        "DeleteDesktopPool",
        "lacking/huawei-workspace-DeleteDesktopPool.txt",
    ),
];

/// The schemas of `op` that `name` reaches, by name, with those of the shared files.
fn schema<'a>(
    op: &'a OperationFile,
    shared: &'a [SchemaSpec],
    name: &str,
) -> Option<&'a SchemaSpec> {
    op.schemas.iter().chain(shared).find(|s| s.name == name)
}

/// Asserts that `after` keeps what `before` (the definitions' spec) states.
fn assert_keeps(before: &OperationFile, after: &OperationFile, shared: &[SchemaSpec]) {
    let name = &before.operation;
    for response in &before.responses {
        let kept = after
            .responses
            .iter()
            .find(|r| r.status == response.status)
            .unwrap_or_else(|| panic!("{name}: status {} lost", response.status));
        assert_eq!(
            kept.body.as_ref().map(|b| &b.type_expr),
            response.body.as_ref().map(|b| &b.type_expr),
            "{name}: the body of status {} changed",
            response.status
        );
    }
    assert_eq!(
        after.request_body.as_ref().map(|b| &b.type_expr),
        before.request_body.as_ref().map(|b| &b.type_expr),
        "{name}: request body"
    );
    for example in &before.examples {
        assert!(after.examples.contains(example), "{name}: an example lost");
    }
    for parameter in &before.parameters {
        let kept = after
            .parameters
            .iter()
            .find(|p| p.name == parameter.name && p.location == parameter.location)
            .unwrap_or_else(|| panic!("{name}: parameter {} lost", parameter.name));
        assert_eq!(
            kept.type_expr, parameter.type_expr,
            "{name}: {}",
            parameter.name
        );
        if parameter.pattern.is_some() {
            assert!(
                kept.pattern.is_some(),
                "{name}: pattern of {} lost",
                parameter.name
            );
        }
    }
    for old in &before.schemas {
        let new = schema(after, shared, &old.name)
            .unwrap_or_else(|| panic!("{name}: schema {} lost", old.name));
        for value in old.values.iter().flatten() {
            let values = new.values.as_ref().expect("still an enum");
            assert!(
                values.iter().any(|v| v.value == value.value),
                "{name}: {} lost the value {}",
                old.name,
                value.value
            );
        }
        for property in old.properties.iter().flatten() {
            let kept = new
                .properties
                .iter()
                .flatten()
                .find(|p| p.name == property.name)
                .unwrap_or_else(|| panic!("{name}: {}.{} lost", old.name, property.name));
            assert_eq!(kept.type_expr, property.type_expr);
            if property.pattern.is_some() {
                assert!(
                    kept.pattern.is_some(),
                    "{name}: {}.{} pattern",
                    old.name,
                    property.name
                );
            }
        }
    }
}

#[test]
fn a_page_over_a_definitions_spec_keeps_what_the_definitions_state() {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    for service in ["huawei/cce", "huawei/workspace"] {
        copy_dir(&root().join("specs").join(service), &specs.join(service));
    }
    // The seed operations' page specs removed: the definitions importer writes its own.
    for (service, operation, _) in CASES {
        let dir = specs.join(service);
        let _ = fs::remove_file(dir.join(format!("supplements/{operation}.yaml")));
        let page_spec = dir.join(format!("operations/{operation}.yaml"));
        let text = fs::read_to_string(&page_spec).unwrap();
        if !text.contains("page: definitions/") {
            fs::remove_file(&page_spec).unwrap();
        }
    }
    for service in ["huawei/cce", "huawei/workspace"] {
        import_definitions(&specs, service);
    }
    let mut described = 0;
    for (service, operation, page) in CASES {
        let dir_path = specs.join(service);
        let before = spec(&specs, service, operation);
        assert!(
            before.source.page.starts_with("definitions/"),
            "{operation}"
        );
        let dir = service_dir::read(&dir_path).unwrap();
        let text = fs::read_to_string(root().join("tests/pages").join(page)).unwrap();
        let context = PageContext {
            service: &dir.service,
            existing: &dir.operations,
            operation: Some(operation),
        };
        let imported = doc_page::import_page(&text, &context).unwrap_or_else(|f| panic!("{f:?}"));
        assert!(imported.updated_existing);
        let after = &imported.operation;
        assert_eq!(
            after.source.refines.as_deref(),
            Some(before.source.page.as_str())
        );
        assert!(
            !after.source.page.starts_with("definitions/"),
            "{operation}"
        );
        doc_page::check_generates(&dir_path, after)
            .unwrap_or_else(|f| panic!("{operation}: {f:?}"));
        let shared: Vec<SchemaSpec> = fs::read_to_string(dir_path.join("schemas.yaml"))
            .ok()
            .map(|t| {
                serde_yaml::from_str::<cloudgen::load::model::SchemasFile>(&t)
                    .unwrap()
                    .schemas
            })
            .unwrap_or_default();
        assert_keeps(&before, after, &shared);
        // The page's English replaced the definitions' Chinese.
        if after.description != before.description {
            described += 1;
        }
        service_dir::write_operation(&dir_path, after).unwrap();
        // Imported again over its refined spec, the page changes nothing: the refined spec
        // is refined, not replaced.
        let dir = service_dir::read(&dir_path).unwrap();
        let context = PageContext {
            service: &dir.service,
            existing: &dir.operations,
            operation: Some(operation),
        };
        let again = doc_page::import_page(&text, &context).unwrap();
        assert_eq!(
            &again.operation, after,
            "{operation}: a second import changed the spec"
        );
    }
    assert!(
        described >= 5,
        "only {described} descriptions came from the pages"
    );

    // The definitions importer afterwards keeps the refined specs, and the shared schemas they
    // name, and the specs still generate.
    let refined: Vec<OperationFile> = CASES
        .iter()
        .map(|(service, operation, _)| spec(&specs, service, operation))
        .collect();
    for service in ["huawei/cce", "huawei/workspace"] {
        let summary = import_definitions(&specs, service);
        for (s, operation, _) in CASES {
            if s == service {
                assert!(
                    summary.kept.iter().any(|k| k == operation),
                    "{operation} not kept"
                );
            }
        }
    }
    for ((service, operation, _), refined) in CASES.iter().zip(&refined) {
        assert_eq!(
            &spec(&specs, service, operation),
            refined,
            "{operation} changed"
        );
    }
    cloudgen::generate(&specs).unwrap_or_else(|d| panic!("{}", d.plain()));
}

#[test]
fn a_refined_spec_whose_shared_schema_is_gone_stops_the_definitions_import() {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    copy_dir(&root().join("specs/huawei/cce"), &specs.join("huawei/cce"));
    let dir_path = specs.join("huawei/cce");
    // A refined spec naming a schema no file defines any more.
    let mut op = spec(&specs, "huawei/cce", "HibernateCluster");
    op.source.refines = Some(op.source.page.clone());
    op.source.page = "Hibernating a Cluster".to_owned();
    op.parameters[0].type_expr = "VanishedSchema".to_owned();
    service_dir::write_operation(&dir_path, &op).unwrap();
    let report = dir_path.join("import-report.md");
    let report_before = fs::read(&report).unwrap();
    let error = definitions::import(&Request {
        specs: specs.clone(),
        service_dir: "huawei/cce".to_owned(),
        from: dir_path.join("definitions"),
        version: None,
    })
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("HibernateCluster names VanishedSchema"),
        "{error}"
    );
    assert_eq!(
        fs::read(&report).unwrap(),
        report_before,
        "a spec file was written"
    );
}

#[test]
fn an_import_that_would_not_generate_is_refused_and_names_the_problem() {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    copy_dir(&root().join("specs/huawei/cce"), &specs.join("huawei/cce"));
    let dir_path = specs.join("huawei/cce");
    let mut op = spec(&specs, "huawei/cce", "HibernateCluster");
    op.path = "/api/v3/projects/{project_id}/clusters/{}/operation/hibernate".to_owned();
    let problems = doc_page::check_generates(&dir_path, &op).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("the spec would not generate")),
        "{problems:?}"
    );
    // The folder as it is generates: only the change is blamed.
    let unchanged = spec(&specs, "huawei/cce", "HibernateCluster");
    doc_page::check_generates(&dir_path, &unchanged).unwrap();
}
