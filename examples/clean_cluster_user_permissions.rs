//! Revokes a RAM user's or role's kubeconfig and RBAC permissions on an ACK cluster (Alibaba
//! Cloud `CleanClusterUserPermissions`).
//!
//! `cargo run -p cloudgen-examples --bin clean_cluster_user_permissions -- --region cn-hangzhou --cluster-id ID --uid UID`

use std::process::ExitCode;

use clap::Parser;
use cloudgen_clients::alibaba::cs;
use cloudgen_examples::{alibaba_credentials, run, Target};

/// Revokes a RAM user's or role's kubeconfig files and RBAC permissions on an ACK cluster.
/// Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET
/// (+ ALIBABA_CLOUD_SECURITY_TOKEN).
#[derive(Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// The ID of the cluster
    #[arg(long)]
    cluster_id: String,
    /// The ID of the RAM user or RAM role
    #[arg(long)]
    uid: String,
    /// Forcefully delete the kubeconfig files (Force=true)
    #[arg(long)]
    force: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    run(async {
        let client = cs::Client::new(args.target.config(alibaba_credentials()?))?;
        let mut call = client.clean_cluster_user_permissions(args.cluster_id, args.uid);
        if args.force {
            call = call.force(true);
        }
        Ok(call.send().await?)
    })
    .await
}
