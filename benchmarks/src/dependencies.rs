//! What the generated client links: the closure of `cloudgen-clients`'s normal dependencies
//! in the locked dependency graph (`cargo metadata`), so that a build-time crate of the
//! generator showing up in a user's binary is caught.
//!
//! The walk follows normal dependencies only. It does not enter build scripts'
//! dependencies, nor the dependencies of procedural-macro crates (`serde_derive`,
//! `thiserror-impl`...): those run inside the compiler and are not part of the program.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// The crates of the generator's own machinery, none of which a generated client may link.
pub const BUILD_TIME_CRATES: &[&str] = &[
    "syn",
    "quote",
    "proc-macro2",
    "prettyplease",
    "minijinja",
    "serde_yaml",
    "yaml-rust2",
    "cloudgen",
];

/// The names of the crates `package` links, itself excluded, for the host platform and its
/// default features.
pub fn linked_crates(package: &str) -> Result<BTreeSet<String>, String> {
    let manifest = crate::compile::repository().join("Cargo.toml");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["--filter-platform", host_triple().as_str()])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    closure(&metadata, package)
}

/// The platform the tests run on, from `rustc -vV`.
fn host_triple() -> String {
    Command::new("rustc")
        .arg("-vV")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .unwrap_or_else(|| "x86_64-unknown-linux-gnu".to_owned())
}

/// The normal-dependency closure of `package` in `metadata` (the JSON of `cargo metadata`).
pub fn closure(metadata: &Value, package: &str) -> Result<BTreeSet<String>, String> {
    let packages = metadata
        .get("packages")
        .and_then(Value::as_array)
        .ok_or("cargo metadata has no packages")?;
    let mut names: HashMap<&str, &str> = HashMap::new();
    let mut proc_macros: BTreeSet<&str> = BTreeSet::new();
    for p in packages {
        let (Some(id), Some(name)) = (
            p.get("id").and_then(Value::as_str),
            p.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        names.insert(id, name);
        let is_proc_macro = p
            .get("targets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.get("kind").and_then(Value::as_array))
            .flatten()
            .any(|k| k.as_str() == Some("proc-macro"));
        if is_proc_macro {
            proc_macros.insert(id);
        }
    }
    let nodes = metadata
        .pointer("/resolve/nodes")
        .and_then(Value::as_array)
        .ok_or("cargo metadata has no resolved graph")?;
    let edges: HashMap<&str, Vec<&str>> = nodes
        .iter()
        .filter_map(|node| {
            let id = node.get("id")?.as_str()?;
            let deps = node
                .get("deps")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|dep| is_normal(dep))
                .filter_map(|dep| dep.get("pkg")?.as_str())
                .collect();
            Some((id, deps))
        })
        .collect();
    let start = names
        .iter()
        .find(|(_, name)| **name == package)
        .map(|(id, _)| *id)
        .ok_or_else(|| format!("no package `{package}` in the workspace"))?;
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) || proc_macros.contains(id) {
            continue;
        }
        stack.extend(edges.get(id).into_iter().flatten());
    }
    seen.remove(start);
    Ok(seen
        .into_iter()
        .filter_map(|id| names.get(id).map(|n| (*n).to_owned()))
        .collect())
}

/// Whether a dependency edge is a normal one (not only dev or build).
fn is_normal(dep: &Value) -> bool {
    dep.get("dep_kinds")
        .and_then(Value::as_array)
        .is_some_and(|kinds| {
            kinds
                .iter()
                .any(|k| k.get("kind").is_some_and(Value::is_null))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn package(id: &str, kind: &str) -> Value {
        json!({ "id": id, "name": id, "targets": [{ "kind": [kind] }] })
    }

    fn dep(pkg: &str, kind: Option<&str>) -> Value {
        json!({ "pkg": pkg, "dep_kinds": [{ "kind": kind }] })
    }

    #[test]
    fn the_closure_skips_dev_build_and_proc_macro_dependencies() {
        let metadata = json!({
            "packages": [
                package("app", "lib"), package("lib", "lib"), package("derive", "proc-macro"),
                package("syn", "lib"), package("tester", "lib"), package("builder", "lib"),
            ],
            "resolve": { "nodes": [
                { "id": "app", "deps": [
                    dep("lib", None), dep("derive", None),
                    dep("tester", Some("dev")), dep("builder", Some("build")),
                ] },
                { "id": "derive", "deps": [dep("syn", None)] },
                { "id": "lib", "deps": [] },
            ] },
        });
        let linked = closure(&metadata, "app").unwrap();
        let linked: Vec<&str> = linked.iter().map(String::as_str).collect();
        assert_eq!(linked, ["derive", "lib"]);
    }
}
