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

    // Accepting the unmapped part does not write a spec that would not generate: a path
    // parameter typed `json` cannot be put into a URL.
    let refused = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
        "--accept-unmapped",
    ]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("would not generate; nothing written"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&spec).unwrap(), committed);

    // An unmapped part that leaves a spec which generates is written when accepted: a
    // section the importer does not know, kept with the section before it.
    let mangled: Vec<&str> = seed
        .lines()
        .enumerate()
        .flat_map(|(index, line)| match index {
            6 => vec![
                line,
                "",
                "Billing Remarks",
                "",
                "Deleting an association is free.",
            ],
            _ => vec![line],
        })
        .collect();
    fs::write(&page, mangled.join("\n")).unwrap();
    let accepted = import(&[
        page.to_str().unwrap(),
        "--service",
        service.to_str().unwrap(),
        "--accept-unmapped",
    ]);
    let stderr = String::from_utf8_lossy(&accepted.stderr);
    assert!(accepted.status.success(), "{stderr}");
    assert!(
        stderr.contains("unknown section \"Billing Remarks\""),
        "{stderr}"
    );
    assert!(fs::read_to_string(&spec)
        .unwrap()
        .contains("Deleting an association is free."));
}

#[test]
fn files_that_are_not_utf8_pages_are_named_for_what_they_are() {
    let temp = tempfile::tempdir().unwrap();
    let service = copy_service("huawei/cce", temp.path());
    let spec = service.join("operations/ListPodIdentityAssociations.yaml");
    let committed = fs::read_to_string(&spec).unwrap();
    let seed = fs::read_to_string(root().join("tests/pages/001_4c43b7011465d267.txt")).unwrap();
    let run = |name: &str, bytes: Vec<u8>| {
        let page = temp.path().join(name);
        fs::write(&page, bytes).unwrap();
        import(&[
            page.to_str().unwrap(),
            "--service",
            service.to_str().unwrap(),
            "--operation",
            "ListPodIdentityAssociations",
        ])
    };
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for (name, bytes, message) in [
        ("empty.txt", Vec::new(), "empty.txt: the page is empty"),
        (
            "utf16.txt",
            utf16,
            "save it as UTF-8 (for example `iconv -f UTF-16",
        ),
        ("page.pdf", b"%PDF-1.7\n\x00\x01".to_vec(), "binary data"),
    ] {
        let output = run(name, bytes);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
    }
    assert_eq!(fs::read_to_string(&spec).unwrap(), committed);
    // A byte order mark is dropped: the page gives its committed spec.
    let mut marked = b"\xEF\xBB\xBF".to_vec();
    marked.extend(seed.as_bytes());
    let output = run("bom.txt", marked);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("unchanged "));
}
