//! Deletes a RoleBinding through the Kubernetes API of a CCE cluster (Huawei Cloud
//! `DeleteRbacAuthorizationV1NamespacedRoleBinding`).
//!
//! `cargo run -p cloudgen-examples --bin delete_role_binding -- --endpoint https://192.168.0.10:5443 --ca-cert ca.pem --name NAME --namespace default`

use std::process::ExitCode;

use clap::Parser;
use cloudgen_clients::kubernetes::api::{
    self as k8s, types, DeleteRbacAuthorizationV1NamespacedRoleBindingResponse as Reply,
};
use cloudgen_examples::{huawei_token, run, KubernetesTarget};
use serde_json::json;

/// Deletes a RoleBinding through the Kubernetes API of a CCE cluster. Credentials:
/// HUAWEICLOUD_SDK_TOKEN (the Kubernetes API takes only an IAM token).
#[derive(Parser)]
struct Args {
    #[command(flatten)]
    target: KubernetesTarget,
    /// Name of the RoleBinding
    #[arg(long)]
    name: String,
    /// Namespace of the RoleBinding
    #[arg(long)]
    namespace: String,
    /// Dry run: nothing is persisted (valid value: All)
    #[arg(long, value_name = "All")]
    dry_run: Option<String>,
    /// Seconds before the object is deleted; 0 deletes immediately
    #[arg(long, value_parser = clap::value_parser!(i32).range(0..))]
    grace_period_seconds: Option<i32>,
    /// Garbage collection of dependents: Orphan, Background or Foreground
    #[arg(long)]
    propagation_policy: Option<String>,
    /// 'true' to have the reply pretty printed by the server
    #[arg(long)]
    pretty: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    run(async {
        let client = k8s::Client::new(args.target.config(huawei_token()?)?)?;
        let mut call =
            client.delete_rbac_authorization_v1_namespaced_role_binding(args.name, args.namespace);
        if let Some(dry_run) = args.dry_run {
            call = call.dry_run(types::DryRun::from(dry_run));
        }
        if let Some(seconds) = args.grace_period_seconds {
            call = call.grace_period_seconds(seconds);
        }
        if let Some(policy) = args.propagation_policy {
            call = call.propagation_policy(types::PropagationPolicy::from(policy));
        }
        if let Some(pretty) = args.pretty {
            call = call.pretty(pretty);
        }
        let (reply, metadata) = call.send_with_metadata().await?.into_parts();
        let body = match reply {
            Reply::Ok(status) | Reply::Accepted(status) => json!(status),
            // A success status a later version of the documentation adds.
            other => json!(format!("{other:?}")),
        };
        Ok(json!({ "status": metadata.status(), "body": body }))
    })
    .await
}
