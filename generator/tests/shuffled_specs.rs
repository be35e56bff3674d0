//! The output depends on the specs' contents only: not on the order the file system lists them
//! in, nor on the order of the sources handed to `generate_from_sources`.

use std::fs;
use std::path::{Path, PathBuf};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .join("specs")
}

/// Every file below `dir`, sorted by path.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("listable") {
        let path = entry.expect("listable").path();
        if path.is_dir() {
            found.extend(files_below(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// A fixed permutation (a small linear congruential shuffle), so that failures reproduce.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = usize::try_from((state >> 33) % (i as u64 + 1)).expect("small");
        items.swap(i, j);
    }
}

/// The resolved model of `sources`: what every later stage reads, and all it reads.
fn resolved(sources: &[cloudgen::load::SourceFile]) -> cloudgen::resolve::model::Api {
    let parsed = cloudgen::load::parse(sources).unwrap_or_else(|d| panic!("{d}"));
    cloudgen::resolve::resolve(&parsed).unwrap_or_else(|d| panic!("{d}"))
}

// Rendering and formatting read only the resolved model, so one order is compared byte for byte
// through the whole pipeline and the others by their resolved models: the same guarantee for a
// twentieth of the time (a whole generation is the expensive part, and there were 22).

#[test]
fn copies_created_in_other_orders_generate_the_same_bytes() {
    let original = specs_dir();
    let expected_sources = cloudgen::load::discover(&original).unwrap_or_else(|d| panic!("{d}"));
    let expected_model = resolved(&expected_sources);
    let files = files_below(&original);
    for seed in 0..4u64 {
        let mut order = files.clone();
        if seed == 0 {
            order.reverse();
        } else {
            shuffle(&mut order, seed);
        }
        let temp = tempfile::tempdir().expect("a temporary folder");
        for file in &order {
            let relative = file.strip_prefix(&original).expect("below specs");
            let target = temp.path().join(relative);
            fs::create_dir_all(target.parent().expect("a parent")).expect("a folder");
            fs::copy(file, &target).expect("copyable");
        }
        if seed == 0 {
            let expected = cloudgen::generate(&original).unwrap_or_else(|d| panic!("{d}"));
            let generated = cloudgen::generate(temp.path()).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(generated.len(), expected.len(), "seed {seed}");
            for (a, b) in generated.iter().zip(&expected) {
                assert_eq!(a.path, b.path, "seed {seed}");
                assert!(a.contents == b.contents, "seed {seed}: {} differs", a.path);
            }
        } else {
            let sources = cloudgen::load::discover(temp.path()).unwrap_or_else(|d| panic!("{d}"));
            assert!(
                resolved(&sources) == expected_model,
                "seed {seed}: the resolved model differs"
            );
        }
    }
}

#[test]
fn shuffled_sources_generate_the_same_bytes() {
    let sources = cloudgen::load::discover(&specs_dir()).unwrap_or_else(|d| panic!("{d}"));
    let expected_model = resolved(&sources);
    for seed in 0..16u64 {
        let mut shuffled = sources.clone();
        if seed == 0 {
            shuffled.reverse();
            let expected =
                cloudgen::generate_from_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
            let generated =
                cloudgen::generate_from_sources(&shuffled).unwrap_or_else(|d| panic!("{d}"));
            assert!(generated == expected, "seed {seed}: the output differs");
        } else {
            shuffle(&mut shuffled, seed);
            assert!(
                resolved(&shuffled) == expected_model,
                "seed {seed}: the resolved model differs"
            );
        }
    }
}
