//! The import of Huawei's API definitions: reproducible, minimal on a new release, and never
//! touching the specs transcribed from documentation pages.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use cloudgen::import::definitions::cross_check::Union;
use cloudgen::import::definitions::{self, cross_check, Request};
use common::copy_dir;

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Every file below `dir`, relative to it, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((relative, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A copy of one committed service folder in a temporary specs folder.
fn copy_service(service: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("specs");
    copy_dir(&specs().join(service), &root.join(service));
    (temp, root)
}

fn reimport(root: &Path, service: &str, from: PathBuf) -> definitions::Summary {
    definitions::import(&Request {
        specs: root.to_path_buf(),
        service_dir: service.to_owned(),
        from,
        version: None,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reimporting_the_committed_definitions_gives_the_committed_specs_byte_for_byte() {
    // The services with specs from pages have supplements: CCE and Workspace.
    for (service, at_least, supplemented) in [
        ("huawei/cce", 150, true),
        ("huawei/workspace", 190, true),
        ("huawei/iam", 140, false),
        ("huawei/vpc", 130, false),
        ("huawei/ecs", 120, false),
        ("huawei/evs", 65, false),
        ("huawei/elb", 125, false),
        ("huawei/swr", 130, false),
    ] {
        let (_temp, root) = assert_reimport_is_committed(service, at_least, supplemented);
        // Importing again, from what the first import left, writes nothing either.
        let again = reimport(&root, service, root.join(service).join("definitions"));
        assert!(again.changed.is_empty(), "{service}: {:?}", again.changed);
        assert_eq!(files(&root.join(service)), files(&specs().join(service)));
    }
}

/// The other readers' sources, in a test of their own so that it runs beside the Huawei one
/// (the Kubernetes document alone is 900 operations).
#[test]
fn reimporting_the_alibaba_and_kubernetes_documents_gives_the_committed_specs() {
    // ACK's page states everything its definition does; the RoleBinding page lacks a parameter.
    assert_reimport_is_committed("alibaba/cs", 140, false);
    assert_reimport_is_committed("kubernetes/api", 900, true);
}

/// Re-importing `service` from its committed definitions writes nothing and leaves the
/// committed files (supplements included, if `supplemented`) byte for byte; gives the copy.
fn assert_reimport_is_committed(
    service: &str,
    at_least: usize,
    supplemented: bool,
) -> (tempfile::TempDir, PathBuf) {
    let (temp, root) = copy_service(service);
    let summary = reimport(&root, service, root.join(service).join("definitions"));
    assert!(
        summary.changed.is_empty(),
        "{service}: a re-import changed {:?}; run `cargo run -p cloudgen -- import-definitions --service {service} --from specs/{service}/definitions`",
        summary.changed
    );
    assert!(summary.imported >= at_least, "{service}: {summary:?}");
    assert_eq!(files(&root.join(service)), files(&specs().join(service)));
    // The supplements are among the files compared.
    assert_eq!(
        files(&root.join(service))
            .iter()
            .any(|(path, _)| path.starts_with("supplements/")),
        supplemented,
        "{service}: supplements"
    );
    (temp, root)
}

/// Replaces the parameter definition `key` of a CCE definition file with what `edit` makes of it.
fn edit_parameter(file: &Path, key: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
    edit(&mut json["parameters"][key]);
    fs::write(file, serde_json::to_string(&json).unwrap()).unwrap();
}

#[test]
fn a_supplement_holds_what_only_the_definition_states_and_goes_when_nothing_is_left() {
    let service = "huawei/cce";
    let (_temp, root) = copy_service(service);
    let definitions = root.join(service).join("definitions");
    let supplement = root
        .join(service)
        .join("supplements/DeletePodIdentityAssociation.yaml");
    let page = root
        .join(service)
        .join("operations/DeletePodIdentityAssociation.yaml");
    let page_before = fs::read(&page).unwrap();
    assert_eq!(
        fs::read_to_string(&supplement).unwrap(),
        "operation: DeletePodIdentityAssociation\n\
         source: definitions/DeletePodIdentityAssociation.json (release in definitions/VERSION)\n\
         parameters:\n\
         - name: cluster_id\n  in: path\n  pattern: ^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$\n\
         - name: association_id\n  in: path\n  pattern: ^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$\n\
         - name: X-Auth-Token\n  in: header\n  max_length: 16384\n"
    );

    // The definition gains a bound on the project id: the supplement gains it.
    let file = definitions.join("DeletePodIdentityAssociation.json");
    edit_parameter(&file, "param_path_projectid", |p| {
        p["maxLength"] = 64.into()
    });
    let summary = reimport(&root, service, definitions.clone());
    assert!(
        summary
            .changed
            .contains(&"huawei/cce/supplements/DeletePodIdentityAssociation.yaml".to_owned()),
        "{:?}",
        summary.changed
    );
    let text = fs::read_to_string(&supplement).unwrap();
    assert!(
        text.starts_with(
            "operation: DeletePodIdentityAssociation\n\
             source: definitions/DeletePodIdentityAssociation.json (release in definitions/VERSION)\n\
             parameters:\n- name: project_id\n  in: path\n  max_length: 64\n- name: cluster_id\n"
        ),
        "{text}"
    );

    // The definition states nothing the page leaves out: the supplement is removed, and the page's
    // spec never changes.
    edit_parameter(&file, "param_path_projectid", |p| {
        p.as_object_mut().unwrap().remove("maxLength");
    });
    for key in [
        "param_path_clusterid",
        "param_path_pod_identity_association_id",
    ] {
        edit_parameter(&file, key, |p| {
            p.as_object_mut().unwrap().remove("pattern");
        });
    }
    edit_parameter(&file, "param_header_x_auth_token", |p| {
        p.as_object_mut().unwrap().remove("maxLength");
    });
    let summary = reimport(&root, service, definitions);
    assert!(!supplement.exists(), "{:?}", summary.changed);
    assert_eq!(
        summary.supplemented,
        ["ListPodIdentityAssociations"],
        "{summary:?}"
    );
    assert_eq!(fs::read(&page).unwrap(), page_before);
}

#[test]
fn a_newer_release_changes_only_what_changed() {
    let service = "huawei/cce";
    let (temp, root) = copy_service(service);
    // The "new release": the same files, one operation with one more query parameter.
    let release = temp.path().join("release");
    fs::create_dir_all(release.join("src")).unwrap();
    copy_dir(
        &root.join(service).join("definitions"),
        &release.join("src"),
    );
    fs::remove_file(release.join("src/VERSION")).unwrap();
    fs::write(
        release.join("Cargo.toml"),
        "[package]\nname = \"huawei-cloud-api-definitions-CCE\"\nversion = \"0.1.29990101\"\n",
    )
    .unwrap();
    let file = release.join("src/DeleteCluster.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let operation = json["paths"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["delete"]
        .as_object_mut()
        .unwrap();
    operation["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "in": "query", "name": "dry_run", "type": "boolean", "required": false,
            "description": "**参数解释:**\n只检查。"
        }));
    fs::write(&file, serde_json::to_string(&json).unwrap()).unwrap();

    let summary = reimport(&root, service, release);
    assert_eq!(
        summary.changed,
        [
            "huawei/cce/definitions/DeleteCluster.json",
            "huawei/cce/definitions/VERSION",
            "huawei/cce/import-report.md",
            "huawei/cce/operations/DeleteCluster.yaml",
        ]
    );
    let spec =
        fs::read_to_string(root.join(service).join("operations/DeleteCluster.yaml")).unwrap();
    assert!(
        spec.contains("- name: dry_run\n  in: query\n  type: boolean\n  description: 只检查。"),
        "{spec}"
    );
}

#[test]
fn specs_from_documentation_pages_are_kept_and_listed() {
    let (_temp, root) = copy_service("huawei/cce");
    let page = "huawei/cce/operations/ListPodIdentityAssociations.yaml";
    let before = fs::read(root.join(page)).unwrap();
    let summary = reimport(&root, "huawei/cce", root.join("huawei/cce/definitions"));
    assert_eq!(
        summary.kept,
        [
            "DeletePodIdentityAssociation",
            "ListPodIdentityAssociations"
        ]
    );
    assert_eq!(fs::read(root.join(page)).unwrap(), before);
    let report = fs::read_to_string(root.join("huawei/cce/import-report.md")).unwrap();
    assert!(
        report.contains("## Kept from documentation pages"),
        "{report}"
    );
    assert!(
        report.contains(
            "- `ShowClusterSupportConfiguration`: the path parameter `project_id` has no"
        ),
        "{report}"
    );
}

#[test]
fn cross_check_lists_where_pages_and_definitions_disagree() {
    let cce = cross_check::compare_service(&specs(), "huawei/cce").unwrap();
    assert_eq!(
        cce.compared,
        [
            "DeletePodIdentityAssociation",
            "ListPodIdentityAssociations"
        ]
    );
    // The definition states a pattern for the cluster id that the page does not.
    let pattern = cce
        .differences
        .iter()
        .find(|d| {
            d.operation == "ListPodIdentityAssociations"
                && d.at == "parameters.cluster_id (path): pattern"
        })
        .unwrap_or_else(|| panic!("{:#?}", cce.differences));
    assert_eq!(pattern.page, "-");
    assert!(pattern.definitions.starts_with("^[0-9a-z]{8}-"));
    assert_eq!(pattern.union, Union::Supplement);
    assert!(
        pattern
            .to_string()
            .ends_with("union:       kept: supplements/ListPodIdentityAssociations.yaml adds it to the page's spec"),
        "{pattern}"
    );
    let workspace = cross_check::compare_service(&specs(), "huawei/workspace").unwrap();
    assert_eq!(workspace.compared, ["BatchDeleteAccessPolicies"]);
    // Every difference of the committed specs is in the union: a constraint only the definition
    // states through the supplement, a header only the page lists through the page's spec.
    let unions: Vec<(&str, Union)> = cce
        .differences
        .iter()
        .chain(&workspace.differences)
        .map(|d| (d.at.as_str(), d.union))
        .collect();
    assert_eq!(
        unions,
        [
            (
                "parameters.X-Auth-Token (header): max_length",
                Union::Supplement
            ),
            (
                "parameters.association_id (path): pattern",
                Union::Supplement
            ),
            ("parameters.cluster_id (path): pattern", Union::Supplement),
            (
                "parameters.X-Auth-Token (header): max_length",
                Union::Supplement
            ),
            ("parameters.cluster_id (path): pattern", Union::Supplement),
            ("parameters.Content-Type (header)", Union::Page),
            ("parameters.X-Auth-Token (header)", Union::Page),
            (
                "parameters.project_id (path): max_length",
                Union::Supplement
            ),
            (
                "parameters.project_id (path): min_length",
                Union::Supplement
            ),
        ]
    );
    // The RoleBinding page leaves out a parameter of the document, which the supplement adds;
    // its enums the document types as strings are to settle.
    let kubernetes = cross_check::compare_service(&specs(), "kubernetes/api").unwrap();
    let not_on_the_page: Vec<(&str, Union)> = kubernetes
        .differences
        .iter()
        .filter(|d| d.union != Union::Page)
        .map(|d| (d.at.as_str(), d.union))
        .collect();
    assert_eq!(
        not_on_the_page,
        [
            ("parameters.dryRun (query): type", Union::Settle),
            (
                "parameters.ignoreStoreReadErrorWithClusterBreakingPotential (query)",
                Union::Supplement
            ),
            ("parameters.propagationPolicy (query): type", Union::Settle),
        ]
    );
}

#[test]
fn cross_check_tells_a_missing_supplement_and_a_disagreement() {
    let service = "huawei/cce";
    let (_temp, root) = copy_service(service);
    fs::remove_file(
        root.join(service)
            .join("supplements/ListPodIdentityAssociations.yaml"),
    )
    .unwrap();
    // The page now states a pattern of its own for the association id, unlike the definition's.
    let page = root
        .join(service)
        .join("operations/DeletePodIdentityAssociation.yaml");
    let text = fs::read_to_string(&page).unwrap().replace(
        "- name: association_id\n  in: path\n  type: string\n  required: true\n",
        "- name: association_id\n  in: path\n  type: string\n  required: true\n  pattern: ^[0-9a-f]{32}$\n",
    );
    fs::write(&page, text).unwrap();
    let comparison = cross_check::compare_service(&root, service).unwrap();
    let union = |operation: &str, at: &str| {
        comparison
            .differences
            .iter()
            .find(|d| d.operation == operation && d.at == at)
            .map(|d| d.union)
    };
    assert_eq!(
        union(
            "ListPodIdentityAssociations",
            "parameters.cluster_id (path): pattern"
        ),
        Some(Union::SupplementStale)
    );
    assert_eq!(
        union(
            "DeletePodIdentityAssociation",
            "parameters.association_id (path): pattern"
        ),
        Some(Union::Settle)
    );
    // The import writes the missing supplement again, without the value the page settles.
    reimport(&root, service, root.join(service).join("definitions"));
    let supplement = fs::read_to_string(
        root.join(service)
            .join("supplements/DeletePodIdentityAssociation.yaml"),
    )
    .unwrap();
    assert!(!supplement.contains("association_id"), "{supplement}");
    let comparison = cross_check::compare_service(&root, service).unwrap();
    assert!(
        comparison
            .differences
            .iter()
            .all(|d| d.union != Union::SupplementStale),
        "{:#?}",
        comparison.differences
    );
}

/// A copy of EVS's definitions as a crate (`src/` and a `Cargo.toml`), to import as a release.
fn evs_release(temp: &Path) -> PathBuf {
    let release = temp.join("release");
    fs::create_dir_all(release.join("src")).unwrap();
    copy_dir(
        &specs().join("huawei/evs/definitions"),
        &release.join("src"),
    );
    fs::remove_file(release.join("src/VERSION")).unwrap();
    fs::write(
        release.join("Cargo.toml"),
        "[package]\nname = \"huawei-cloud-api-definitions-EVS\"\nversion = \"0.1.29990101\"\n",
    )
    .unwrap();
    release
}

#[test]
fn a_spec_that_would_not_generate_is_left_out_with_its_reason_and_the_rest_is_imported() {
    let service = "huawei/evs";
    let (temp, root) = copy_service(service);
    let release = evs_release(temp.path());
    // An object in a header: the definitions hold such parameters (RDS, HSS), and `generate`
    // rejects them.
    let file = release.join("src/ShowVolume.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let operation = json["paths"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["get"]
        .as_object_mut()
        .unwrap();
    operation["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"in": "header", "name": "X-Filter", "type": "object"}));
    fs::write(&file, serde_json::to_string(&json).unwrap()).unwrap();
    // And a file of the published crates that holds no definition at all.
    fs::write(release.join("src/EmptyOne.json"), "\"{}\"").unwrap();

    let summary = reimport(&root, service, release);
    let reasons = |name: &str| {
        summary
            .not_generated
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.join("; "))
            .unwrap_or_else(|| panic!("{name} is generated: {:?}", summary.not_generated))
    };
    assert!(
        reasons("ShowVolume").contains("the spec would not generate: a header parameter must be"),
        "{}",
        reasons("ShowVolume")
    );
    assert!(
        reasons("EmptyOne").contains("holds no definition"),
        "{}",
        reasons("EmptyOne")
    );
    assert!(!root
        .join(service)
        .join("operations/ShowVolume.yaml")
        .exists());
    let report = fs::read_to_string(root.join(service).join("import-report.md")).unwrap();
    assert!(
        report.contains("- `ShowVolume`: the spec would not generate"),
        "{report}"
    );
    // Every other operation is still there, and the service generates.
    assert!(summary.imported >= 65, "{summary:?}");
    cloudgen::generate(&root).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn a_new_huawei_service_gets_its_service_file_from_the_definitions() {
    let temp = tempfile::tempdir().unwrap();
    let release = evs_release(temp.path());
    let root = temp.path().join("specs");
    let summary = definitions::import(&Request {
        specs: root.clone(),
        service_dir: "huawei/evs".to_owned(),
        from: release,
        version: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.imported >= 65, "{summary:?}");
    assert!(summary
        .changed
        .contains(&"huawei/evs/service.yaml".to_owned()));
    let text = fs::read_to_string(root.join("huawei/evs/service.yaml")).unwrap();
    let file: cloudgen::load::model::ServiceFile = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        file.endpoint.template.as_deref(),
        Some("https://evs.{region}.myhuaweicloud.com")
    );
    assert_eq!(
        (file.errors.code.as_str(), file.errors.message.as_str()),
        ("error_code", "error_msg")
    );
    cloudgen::generate(&root).unwrap_or_else(|d| panic!("{d}"));
    // A second import keeps the service file as it is, edits included.
    fs::write(
        root.join("huawei/evs/service.yaml"),
        text.replace("title: EVS", "title: Elastic Volume Service"),
    )
    .unwrap();
    let again = definitions::import(&Request {
        specs: root.clone(),
        service_dir: "huawei/evs".to_owned(),
        from: root.join("huawei/evs/definitions"),
        version: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.changed.is_empty(), "{:?}", again.changed);
    assert!(fs::read_to_string(root.join("huawei/evs/service.yaml"))
        .unwrap()
        .contains("title: Elastic Volume Service"));
}
