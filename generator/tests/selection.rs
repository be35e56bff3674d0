//! Generating part of the specs: whole services or some operations, with the types they need,
//! under the names the whole specs give them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cloudgen::{GeneratedFile, Selection};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(selection: &Selection) -> Vec<GeneratedFile> {
    cloudgen::generate_selected(&workspace().join("specs"), selection)
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("{path} is not generated"))
}

fn committed(path: &str) -> String {
    std::fs::read_to_string(workspace().join("generated").join(path))
        .unwrap_or_else(|e| panic!("generated/{path}: {e}"))
}

/// The names of the types a `types.rs` defines.
fn type_names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))?;
            let end = rest.find(|c: char| !c.is_alphanumeric() && c != '_')?;
            Some(rest[..end].to_owned())
        })
        .collect()
}

/// The operation modules of a service: its files other than `mod.rs` and `types.rs`.
fn operation_files(files: &[GeneratedFile], service: &str) -> BTreeSet<String> {
    let prefix = format!("src/{service}/");
    files
        .iter()
        .filter_map(|f| f.path.strip_prefix(&prefix))
        .filter(|rest| !matches!(*rest, "mod.rs" | "types.rs") && !rest.contains('/'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn chosen_operations_come_with_the_types_they_need_under_the_names_of_the_whole_specs() {
    let files = generate(
        &Selection::all()
            .operations("huawei/cce", ["ListClusters"])
            .operations("huawei/workspace", ["ShowDesktopDetail"]),
    );

    assert_eq!(
        operation_files(&files, "huawei/cce"),
        BTreeSet::from(["list_clusters.rs".to_owned()])
    );
    assert_eq!(
        operation_files(&files, "huawei/workspace"),
        BTreeSet::from(["show_desktop_detail.rs".to_owned()])
    );
    assert!(
        !files.iter().any(|f| f.path.starts_with("src/huawei/ecs/")
            || f.path.starts_with("src/kubernetes/")),
        "a service not chosen is generated"
    );
    // The operation's code is the same as in the whole client: nothing is renamed.
    assert_eq!(
        file(&files, "src/huawei/cce/list_clusters.rs"),
        committed("src/huawei/cce/list_clusters.rs")
    );

    let chosen = type_names(file(&files, "src/huawei/cce/types.rs"));
    let whole = type_names(&committed("src/huawei/cce/types.rs"));
    assert!(
        chosen.is_subset(&whole),
        "types the whole client does not have: {:?}",
        chosen.difference(&whole).collect::<Vec<_>>()
    );
    for needed in ["ClusterList", "Cluster", "ClusterSpec", "ErrorResponse"] {
        assert!(chosen.contains(needed), "`{needed}` is missing");
    }
    for unneeded in ["NodePool", "AddonInstance", "PodIdentityAssociation"] {
        assert!(
            whole.contains(unneeded),
            "the whole client has `{unneeded}`"
        );
        assert!(!chosen.contains(unneeded), "`{unneeded}` is not needed");
    }
    assert!(
        chosen.len() * 4 < whole.len(),
        "{} of {}",
        chosen.len(),
        whole.len()
    );

    let manifest = file(&files, "Cargo.toml");
    assert!(manifest.contains("huawei-cce = []"), "{manifest}");
    assert!(manifest.contains("huawei-workspace = []"), "{manifest}");
    assert!(!manifest.contains("huawei-ecs"), "{manifest}");
}

#[test]
fn a_service_chosen_whole_is_what_the_whole_specs_generate_for_it() {
    let files = generate(
        &Selection::all()
            .operations("huawei/evs", ["ShowVolume"])
            .service("huawei/evs"),
    );
    let evs: Vec<&GeneratedFile> = files
        .iter()
        .filter(|f| f.path.starts_with("src/huawei/evs/"))
        .collect();
    assert!(evs.len() > 60, "{} files", evs.len());
    for generated in evs {
        assert!(
            generated.contents == committed(&generated.path),
            "{} differs from the whole client's",
            generated.path
        );
    }
}

#[test]
fn chosen_operations_of_a_grouped_service_enable_only_their_groups() {
    let files = generate(&Selection::all().operations(
        "kubernetes/api",
        [
            "ListRbacAuthorizationV1NamespacedRoleBinding",
            "CreateRbacAuthorizationV1NamespacedRoleBinding",
        ],
    ));
    let manifest = file(&files, "Cargo.toml");
    assert!(
        manifest.contains("kubernetes-api-rbac-authorization-v1 = [\"kubernetes-api\"]"),
        "{manifest}"
    );
    assert!(!manifest.contains("kubernetes-api-apps-v1"), "{manifest}");
    assert_eq!(operation_files(&files, "kubernetes/api").len(), 2);
}

#[test]
fn a_selection_the_specs_do_not_have_is_an_error_that_names_it() {
    let specs = workspace().join("specs");
    let error = cloudgen::generate_selected(&specs, &Selection::all().service("huawei/cc"))
        .expect_err("no such service")
        .plain()
        .to_string();
    assert!(
        error.contains("the selection names the service `huawei/cc`, which the specs do not have")
            && error.contains("huawei/cce"),
        "{error}"
    );

    let error = cloudgen::generate_selected(
        &specs,
        &Selection::all().operations("huawei/cce", ["ListClusters", "ListClustrs"]),
    )
    .expect_err("no such operation")
    .plain()
    .to_string();
    assert!(
        error.contains(
            "the selection names the operation `ListClustrs`, which `huawei/cce` does not have"
        ),
        "{error}"
    );
    assert!(!error.contains("`ListClusters`"), "{error}");
}

#[test]
fn the_command_line_form_names_a_service_or_one_of_its_operations() {
    let parsed = Selection::all()
        .with_argument("huawei/cce")
        .and_then(|s| s.with_argument("huawei/workspace:ShowDesktopDetail"))
        .expect("well-formed");
    assert_eq!(
        parsed,
        Selection::all()
            .service("huawei/cce")
            .operations("huawei/workspace", ["ShowDesktopDetail"])
    );
    for bad in [
        "huawei",
        "huawei/",
        "/cce",
        "huawei/cce:",
        "huawei/cce:a:b",
        "a/b/c",
    ] {
        let error = Selection::all().with_argument(bad).expect_err(bad);
        assert!(error.contains("is not `vendor/service`"), "{bad}: {error}");
    }
}
