//! `cloudgen import-page` end to end: a deleted operation spec comes back byte for byte, and a
//! page with unmapped parts fails with line-numbered findings and writes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_service(service: &str, into: &Path) -> PathBuf {
    let from = root().join("specs").join(service);
    let to = into.join(service);
    fs::create_dir_all(to.join("operations")).unwrap();
    fs::copy(from.join("service.yaml"), to.join("service.yaml")).unwrap();
    for entry in fs::read_dir(from.join("operations")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join("operations").join(path.file_name().unwrap())).unwrap();
    }
    to
}

fn import(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cloudgen"))
        .arg("import-page")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_deleted_spec_is_restored_from_its_page() {
    let temp = tempfile::tempdir().unwrap();
    let service = copy_service("huawei/cce", temp.path());
    let spec = service.join("operations/ListPodIdentityAssociations.yaml");
    let committed = fs::read_to_string(&spec).unwrap();
    fs::remove_file(&spec).unwrap();
    let page = root().join("tests/pages/001_4c43b7011465d267.txt");
    let output = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
        "--operation",
        "ListPodIdentityAssociations",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("created "));
    assert_eq!(fs::read_to_string(&spec).unwrap(), committed);

    // Again: nothing changes, and --check agrees.
    let again = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("unchanged "));
    let check = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
        "--check",
    ]);
    assert!(check.status.success());
}

#[test]
fn unmapped_parts_fail_with_their_lines_and_write_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let service = copy_service("huawei/cce", temp.path());
    let spec = service.join("operations/DeletePodIdentityAssociation.yaml");
    let committed = fs::read_to_string(&spec).unwrap();
    let seed = fs::read_to_string(root().join("tests/pages/000_a4f86f4a6787e635.txt")).unwrap();
    // The association_id row's type word changed to one the importer does not know.
    let page = temp.path().join("page.txt");
    let mangled: Vec<&str> = seed
        .lines()
        .enumerate()
        .map(|(index, line)| if index == 109 { "Uuid128" } else { line })
        .collect();
    fs::write(&page, mangled.join("\n")).unwrap();

    let output = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("page.txt:106: unknown type word \"Uuid128\""),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&spec).unwrap(), committed);

    let accepted = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
        "--accept-unmapped",
    ]);
    assert!(accepted.status.success());
    assert!(fs::read_to_string(&spec).unwrap().contains("type: json"));
}
