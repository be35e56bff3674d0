//! The generated client links none of the generator's build-time crates.

use cloudgen_benchmarks::dependencies::{linked_crates, BUILD_TIME_CRATES};

#[test]
fn the_generated_client_links_no_build_time_crate() {
    let linked = linked_crates("cloudgen-clients").unwrap();
    // The walk found the real dependency tree, not an empty one.
    for expected in ["cloudgen-runtime", "serde", "serde_json", "reqwest"] {
        assert!(
            linked.contains(expected),
            "{expected} missing from {linked:?}"
        );
    }
    let found: Vec<&&str> = BUILD_TIME_CRATES
        .iter()
        .filter(|name| linked.contains(**name))
        .collect();
    assert!(found.is_empty(), "the generated client links {found:?}");
}
