//! Deletes Workspace access policies (Huawei Cloud `BatchDeleteAccessPolicies`).
//!
//! `cargo run -p cloudgen-examples --bin batch_delete_access_policies -- --region ap-southeast-1 --policy-id ID --policy-id ID`

use std::process::ExitCode;

use clap::Parser;
use cloudgen_clients::huawei::workspace::{self, types};
use cloudgen_examples::{empty, huawei_credentials, huawei_project_id, run, Target};

/// Deletes Workspace access policies. Credentials: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK
/// (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), or HUAWEICLOUD_SDK_TOKEN.
#[derive(Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// ID of a policy to delete (policy_id_list); repeat for several
    #[arg(long = "policy-id", value_name = "POLICY_ID", required = true)]
    policy_ids: Vec<String>,
    /// Project ID [default: $HUAWEICLOUD_SDK_PROJECT_ID]
    #[arg(long)]
    project_id: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    run(async {
        let config = args.target.config(huawei_credentials()?);
        let client =
            workspace::Client::new(config.project_id(huawei_project_id(args.project_id)?))?;
        let body =
            types::BatchDeleteAccessPoliciesRequestBody::new().with_policy_id_list(args.policy_ids);
        client.batch_delete_access_policies(body).send().await?;
        Ok(empty())
    })
    .await
}
