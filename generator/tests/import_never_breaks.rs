//! No page import writes a spec that fails `generate`, with or without `--accept-unmapped`:
//! real pages, cut and with lines dropped or swapped, imported into a service folder, and the
//! folder generated afterwards from disk, by the same call `cloudgen generate` makes.

use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::import::doc_page::{self, Refusal};
use proptest::prelude::*;

mod common;

use common::root;

/// `(page below tests/pages, service folder, operation)`: seed pages and further real pages of
/// both vendors.
const PAGES: [(&str, &str, &str); 8] = [
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
        "004_4916944999478d9d.txt",
        "huawei/workspace",
        "BatchDeleteAccessPolicies",
    ),
    (
        "more/huawei/cce/HibernateCluster.txt",
        "huawei/cce",
        "HibernateCluster",
    ),
    (
        "more/huawei/cce/DeleteAddonInstance.txt",
        "huawei/cce",
        "DeleteAddonInstance",
    ),
    (
        "more/alibaba/cs/DeleteClusterNodepool.md",
        "alibaba/cs",
        "DeleteClusterNodepool",
    ),
    (
        "more/alibaba/cs/DescribeClusterUserKubeconfig.md",
        "alibaba/cs",
        "DescribeClusterUserKubeconfig",
    ),
];

/// A specs folder holding one service with its page-transcribed operations (small enough to
/// generate in a moment, so many mangled pages can be tried).
fn small_service(service: &str, into: &Path) -> PathBuf {
    let from = root().join("specs").join(service);
    let to = into.join("specs").join(service);
    fs::create_dir_all(to.join("operations")).unwrap();
    fs::copy(from.join("service.yaml"), to.join("service.yaml")).unwrap();
    for entry in fs::read_dir(from.join("operations")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        if !text.contains("page: definitions/") {
            fs::write(to.join("operations").join(path.file_name().unwrap()), text).unwrap();
        }
    }
    if from.join("supplements").is_dir() {
        fs::create_dir_all(to.join("supplements")).unwrap();
        for entry in fs::read_dir(from.join("supplements")).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(
                &path,
                to.join("supplements").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    to
}

#[test]
fn every_unmangled_page_imports_and_generates() {
    for (page, service, operation) in PAGES {
        let temp = tempfile::tempdir().unwrap();
        let dir = small_service(service, temp.path());
        let text = fs::read_to_string(root().join("tests/pages").join(page)).unwrap();
        doc_page::import_into(&dir, &text, Some(operation), false)
            .unwrap_or_else(|refusal| panic!("{page}: {refusal:?}"));
        cloudgen::generate(&temp.path().join("specs"))
            .unwrap_or_else(|d| panic!("{page}: {}", d.plain()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_mangled_page_writes_a_spec_that_fails_to_generate(
        which in 0usize..PAGES.len(),
        cut in 0.3f64..1.0,
        drops in proptest::collection::vec(0usize..1000, 0..5),
        swaps in proptest::collection::vec((0usize..1000, 0usize..1000), 0..3),
    ) {
        let (page, service, operation) = PAGES[which];
        let temp = tempfile::tempdir().unwrap();
        let dir = small_service(service, temp.path());
        let text = fs::read_to_string(root().join("tests/pages").join(page)).unwrap();
        let mangled = common::mangle(&text, cut, &drops, &swaps).join("\n");
        let before = fs::read_dir(dir.join("operations")).unwrap().count();
        match doc_page::import_into(&dir, &mangled, Some(operation), true) {
            Ok(_) => {
                let generated = cloudgen::generate(&temp.path().join("specs"));
                prop_assert!(generated.is_ok(), "{page}: {}", generated.err().unwrap().plain());
            }
            Err(Refusal::NoSpec(findings) | Refusal::Unmapped(findings) | Refusal::WouldNotGenerate(findings)) => {
                prop_assert!(!findings.is_empty());
                // Nothing was written.
                prop_assert_eq!(fs::read_dir(dir.join("operations")).unwrap().count(), before);
            }
        }
    }
}
