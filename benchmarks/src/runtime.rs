//! The inputs of the run-time benchmarks (`benches/runtime.rs`) and the reading of their
//! results: criterion's median estimates, turned into the ratios the targets are stated in.

use std::path::{Path, PathBuf};

use cloudgen_clients::huawei::cce::types::{PodIdentityAssociationResp, ResourceTag};

/// A ListPodIdentityAssociations reply of `items` associations, as JSON.
pub fn associations_reply(items: usize) -> Vec<u8> {
    let associations: Vec<PodIdentityAssociationResp> = (0..items)
        .map(|i| {
            PodIdentityAssociationResp::new()
                .with_uid(format!("402358e8-2e3a-4531-bae7-{i:012}"))
                .with_cluster_id("6bbf8d6a-2e3a-4531-bae7-fe9cb0000001")
                .with_namespace(format!("namespace-{}", i % 17))
                .with_service_account(format!("service-account-{i}"))
                .with_agency_name("example-agency")
                .with_tags([ResourceTag::new()
                    .with_key("team")
                    .with_value(format!("team-{}", i % 5))])
                .with_created_at("2026-05-07T08:00:00Z")
                .with_modified_at("2026-05-07T08:00:00Z")
        })
        .collect();
    serde_json::to_vec(&associations).unwrap_or_default()
}

/// Criterion's folder of estimates, in the target folder cargo builds the benchmarks in:
/// `CARGO_TARGET_DIR` when set (relative to the current folder, as cargo reads it), else the
/// workspace's `target/`.
pub fn criterion_dir() -> PathBuf {
    cargo_target_dir().join("criterion")
}

/// The target folder cargo builds in: `CARGO_TARGET_DIR` when set, else the workspace's
/// `target/`.
pub fn cargo_target_dir() -> PathBuf {
    target_dir(std::env::var_os("CARGO_TARGET_DIR"))
}

fn target_dir(variable: Option<std::ffi::OsString>) -> PathBuf {
    match variable.filter(|dir| !dir.is_empty()).map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => std::env::current_dir()
            .map(|cwd| cwd.join(&dir))
            .unwrap_or(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
    }
}

/// The median of the benchmark `group/function` of the last run, in seconds.
pub fn median(group: &str, function: &str) -> Result<f64, String> {
    let path = criterion_dir()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    value
        .pointer("/median/point_estimate")
        .and_then(serde_json::Value::as_f64)
        .map(|nanoseconds| nanoseconds / 1e9)
        .ok_or_else(|| format!("{}: no median", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reply_decodes_into_as_many_associations() {
        let reply = associations_reply(3);
        let decoded: Vec<PodIdentityAssociationResp> = serde_json::from_slice(&reply).unwrap();
        assert_eq!(decoded.len(), 3);
        assert_eq!(
            decoded[2].service_account.as_deref(),
            Some("service-account-2")
        );
    }

    #[test]
    fn the_target_folder_follows_cargo_target_dir() {
        assert_eq!(
            target_dir(Some("/tmp/elsewhere".into())),
            PathBuf::from("/tmp/elsewhere")
        );
        assert_eq!(
            target_dir(Some("rel/target".into())),
            std::env::current_dir().unwrap().join("rel/target")
        );
        assert!(target_dir(None).ends_with("../target"));
        assert!(target_dir(Some("".into())).ends_with("../target"));
    }
}
