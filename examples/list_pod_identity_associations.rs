//! Lists the pod identity associations of a CCE cluster (Huawei Cloud `ListPodIdentityAssociations`).
//!
//! `cargo run -p cloudgen-examples --bin list_pod_identity_associations -- --region ap-southeast-1 --cluster-id ID`

use std::process::ExitCode;

use clap::Parser;
use cloudgen_clients::huawei::cce;
use cloudgen_examples::{huawei_credentials, huawei_project_id, run, Target};

/// Lists the pod identity associations of a CCE cluster. Credentials: HUAWEICLOUD_SDK_AK and
/// HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), or HUAWEICLOUD_SDK_TOKEN.
#[derive(Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// Cluster ID
    #[arg(long)]
    cluster_id: String,
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
        Ok(client
            .list_pod_identity_associations(args.cluster_id)
            .send()
            .await?)
    })
    .await
}
