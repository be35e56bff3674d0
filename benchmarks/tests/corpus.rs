//! The synthetic corpus: deterministic, valid, the seeds at its start, and compiled per
//! service: a service's generated modules are reached only through its own feature.

use std::collections::BTreeSet;

use cloudgen_benchmarks::corpus::{Corpus, SEEDS};

#[test]
fn the_same_size_gives_the_same_bytes_and_the_first_five_are_the_seeds() {
    let once = Corpus::new(23).unwrap().sources().unwrap();
    let again = Corpus::new(23).unwrap().sources().unwrap();
    let texts = |s: &[cloudgen::load::SourceFile]| {
        s.iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&once), texts(&again));
    // 4 service files and 23 operation files, each operation in its own file.
    assert_eq!(once.len(), 4 + 23);

    let seeds = Corpus::new(5).unwrap();
    for seed in &SEEDS {
        let expected: cloudgen::load::model::OperationFile =
            serde_yaml::from_str(seed.operation_yaml).unwrap();
        let (_, operations) = &seeds.services[seed.service_dir];
        assert!(
            operations.contains(&expected),
            "{} is not in the 5-operation corpus",
            expected.operation
        );
    }
}

#[test]
fn every_copy_has_its_own_types_and_the_corpus_generates() {
    let corpus = Corpus::new(12).unwrap();
    assert_eq!(corpus.len(), 12);
    let (_, kubernetes) = &corpus.services["huawei/cce-kubernetes"];
    // Operation 7 is the copy of the Kubernetes seed: the types it took from the service file
    // are its own now, but for `Status`, the service's error body, which stays shared.
    let copy = &kubernetes[1];
    assert_eq!(
        copy.operation,
        "DeleteRbacAuthorizationV1NamespacedRoleBindingN7"
    );
    let names: BTreeSet<&str> = copy.schemas.iter().map(|s| s.name.as_str()).collect();
    assert!(
        names.contains("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptionsN7"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains(".v1.Status")), "{names:?}");
    assert!(names.contains("PropagationPolicyN7"), "{names:?}");

    let files = cloudgen::generate_from_sources(&corpus.sources().unwrap())
        .unwrap_or_else(|d| panic!("{}", d.plain()));
    let operations = files
        .iter()
        .filter(|f| {
            f.path.ends_with(".rs")
                && !f.path.ends_with("/mod.rs")
                && !f.path.ends_with("/types.rs")
        })
        .filter(|f| f.path != "src/lib.rs")
        .count();
    assert_eq!(operations, 12);
}

#[test]
fn one_service_feature_compiles_only_that_service() {
    let corpus = Corpus::new(20).unwrap();
    let files = cloudgen::generate_from_sources(&corpus.sources().unwrap())
        .unwrap_or_else(|d| panic!("{}", d.plain()));
    let file = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let manifest = &file("Cargo.toml").contents;
    for dir in corpus.services.keys() {
        let (vendor, service) = dir.split_once('/').unwrap();
        let feature = format!("{vendor}-{service}");
        let module = service.replace('-', "_");
        // The feature enables nothing else.
        assert!(
            manifest.contains(&format!("\n{feature} = []\n")),
            "{feature} in {manifest}"
        );
        // The service's module is declared once, behind its feature.
        let vendor_module = &file(&format!("src/{vendor}/mod.rs")).contents;
        assert!(
            vendor_module.contains(&format!(
                "#[cfg(feature = \"{feature}\")]\npub mod {module};"
            )),
            "{vendor_module}"
        );
        // No file of the service reaches into another service's module.
        let prefix = format!("src/{vendor}/{module}/");
        for f in files.iter().filter(|f| f.path.starts_with(&prefix)) {
            assert!(!f.contents.contains("super::super"), "{}", f.path);
            for other in corpus.services.keys().filter(|d| *d != dir) {
                let (other_vendor, other_service) = other.split_once('/').unwrap();
                let path = format!("{other_vendor}::{}", other_service.replace('-', "_"));
                assert!(!f.contents.contains(&path), "{} names {path}", f.path);
            }
        }
    }
}
