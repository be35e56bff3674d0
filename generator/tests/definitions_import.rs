//! The import of Huawei's API definitions: reproducible, minimal on a new release, and never
//! touching the specs transcribed from documentation pages.

use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::import::definitions::{self, cross_check, Request};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
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
    for (service, at_least) in [("huawei/cce", 150), ("huawei/workspace", 190)] {
        let (_temp, root) = copy_service(service);
        let summary = reimport(&root, service, root.join(service).join("definitions"));
        assert!(
            summary.changed.is_empty(),
            "{service}: a re-import changed {:?}; run `cargo run -p cloudgen -- import-definitions --service {service} --from specs/{service}/definitions`",
            summary.changed
        );
        assert!(summary.imported >= at_least, "{service}: {summary:?}");
        assert_eq!(files(&root.join(service)), files(&specs().join(service)));
    }
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
    let workspace = cross_check::compare_service(&specs(), "huawei/workspace").unwrap();
    assert_eq!(workspace.compared, ["BatchDeleteAccessPolicies"]);
}
