//! Deletes a pod identity association of a CCE cluster (Huawei Cloud `DeletePodIdentityAssociation`).
//!
//! `cargo run -p cloudgen-examples --bin delete_pod_identity_association -- --region ap-southeast-1 --cluster-id ID --association-id ID`

use std::process::ExitCode;

use clap::Parser;
use cloudgen_clients::huawei::cce;
use cloudgen_examples::{empty, huawei_credentials, huawei_project_id, run, Target};

/// Deletes a pod identity association of a CCE cluster. Credentials: HUAWEICLOUD_SDK_AK and
/// HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), or HUAWEICLOUD_SDK_TOKEN.
#[derive(Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// Cluster ID
    #[arg(long)]
    cluster_id: String,
    /// ID of the pod identity association
    #[arg(long)]
    association_id: String,
    /// Project ID [default: $HUAWEICLOUD_SDK_PROJECT_ID]
    #[arg(long)]
    project_id: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    run(async {
        let config = args.target.config(huawei_credentials()?);
        let client = cce::Client::new(config.project_id(huawei_project_id(args.project_id)?))?;
        client
            .delete_pod_identity_association(args.cluster_id, args.association_id)
            .send()
            .await?;
        Ok(empty())
    })
    .await
}
