//! The shared code of the example programs, and a program run end to end against a loopback
//! server.

use std::ffi::OsString;
use std::process::{Command, Output};

use clap::Parser;
use cloudgen_clients::huawei::cce;
use cloudgen_clients::kubernetes::api as k8s;
use cloudgen_clients::Credentials;
use cloudgen_examples::{
    empty, huawei_auth, project_id_or, report, Failure, HuaweiAuth, KubernetesTarget, Target,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Parser)]
struct TargetOnly {
    #[command(flatten)]
    target: Target,
}

#[test]
fn region_or_endpoint_is_required_and_not_both() {
    let parsed = TargetOnly::try_parse_from(["prog", "--region", "ap-southeast-1"]).unwrap();
    assert_eq!(parsed.target.region.as_deref(), Some("ap-southeast-1"));
    assert_eq!(parsed.target.endpoint, None);

    let parsed = TargetOnly::try_parse_from(["prog", "--endpoint", "http://127.0.0.1:1"]).unwrap();
    assert_eq!(
        parsed.target.endpoint.as_deref(),
        Some("http://127.0.0.1:1")
    );

    let neither = TargetOnly::try_parse_from(["prog"]).unwrap_err();
    assert_eq!(
        neither.kind(),
        clap::error::ErrorKind::MissingRequiredArgument
    );
    assert_eq!(neither.exit_code(), 2);

    let both = TargetOnly::try_parse_from(["prog", "--region", "r", "--endpoint", "http://h"])
        .unwrap_err();
    assert_eq!(both.kind(), clap::error::ErrorKind::ArgumentConflict);
    assert_eq!(both.exit_code(), 2);
}

fn lookup(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| OsString::from(v))
    }
}

#[test]
fn huawei_access_keys_are_preferred_over_a_token() {
    assert_eq!(huawei_auth(lookup(&[])), None);
    assert_eq!(
        huawei_auth(lookup(&[("HUAWEICLOUD_SDK_TOKEN", "t")])),
        Some(HuaweiAuth::Token)
    );
    assert_eq!(
        huawei_auth(lookup(&[
            ("HUAWEICLOUD_SDK_AK", "ak"),
            ("HUAWEICLOUD_SDK_SK", "sk"),
            ("HUAWEICLOUD_SDK_TOKEN", "t"),
        ])),
        Some(HuaweiAuth::AkSk)
    );
    // Half a key pair is AK/SK, so the missing half is reported rather than silently ignored.
    assert_eq!(
        huawei_auth(lookup(&[
            ("HUAWEICLOUD_SDK_SK", "sk"),
            ("HUAWEICLOUD_SDK_TOKEN", "t")
        ])),
        Some(HuaweiAuth::AkSk)
    );
    // Empty means unset, as in the SDKs.
    assert_eq!(
        huawei_auth(lookup(&[
            ("HUAWEICLOUD_SDK_AK", ""),
            ("HUAWEICLOUD_SDK_TOKEN", "t")
        ])),
        Some(HuaweiAuth::Token)
    );
}

#[test]
fn the_project_id_flag_overrides_the_environment() {
    assert_eq!(
        project_id_or(Some("flag".into()), Some("env".into())),
        Ok("flag".to_owned())
    );
    assert_eq!(
        project_id_or(None, Some("env".into())),
        Ok("env".to_owned())
    );
    let missing = project_id_or(None, Some("".into())).unwrap_err();
    assert_eq!(missing.exit_code(), 2);
    assert!(
        missing.to_string().contains("HUAWEICLOUD_SDK_PROJECT_ID"),
        "{missing}"
    );
}

fn reported<T: serde::Serialize>(outcome: Result<T, Failure>) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = report(outcome, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn results_are_pretty_json_on_stdout_and_failures_set_the_exit_code() {
    assert_eq!(
        reported(Ok(json!({"a": [1]}))),
        (
            0,
            "{\n  \"a\": [\n    1\n  ]\n}\n".to_owned(),
            String::new()
        )
    );
    assert_eq!(reported(Ok(empty())), (0, "{}\n".to_owned(), String::new()));
    assert_eq!(
        reported::<()>(Err(Failure::Failed("boom".into()))),
        (1, String::new(), "boom\n".to_owned())
    );
    assert_eq!(
        reported::<()>(Err(Failure::Usage("set X".into()))),
        (2, String::new(), "set X\n".to_owned())
    );
}

#[tokio::test]
async fn an_endpoint_target_sends_there_and_api_errors_exit_with_1() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/api/v3/projects/p1/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/pod-identity-associations",
        ))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error_code": "CCE.01404001",
            "error_msg": "cluster not found",
        })))
        .mount(&server)
        .await;
    let target = Target {
        region: None,
        endpoint: Some(server.uri()),
    };
    let client = cce::Client::new(
        target
            .config(Credentials::huawei_token("t"))
            .project_id("p1"),
    )
    .unwrap();
    let outcome: Result<Vec<cce::types::PodIdentityAssociationResp>, Failure> = client
        .list_pod_identity_associations("4d1ecb2c-229a-11e8-9c75-0255ac100ceb")
        .send()
        .await
        .map_err(Failure::from);
    let (code, out, err) = reported(outcome);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("404") && err.contains("CCE.01404001"), "{err}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["x-auth-token"], "t");
}

#[test]
fn a_bad_ca_certificate_is_a_usage_error() {
    let missing = KubernetesTarget {
        endpoint: "https://127.0.0.1:1".into(),
        ca_cert: Some("/nonexistent/ca.pem".into()),
    }
    .config(Credentials::huawei_token("t"))
    .unwrap_err();
    assert_eq!(missing.exit_code(), 2);
    assert!(
        missing.to_string().contains("/nonexistent/ca.pem"),
        "{missing}"
    );

    let not_pem = KubernetesTarget {
        endpoint: "https://127.0.0.1:1".into(),
        ca_cert: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml").into()),
    }
    .config(Credentials::huawei_token("t"))
    .unwrap();
    let failure = Failure::from(k8s::Client::new(not_pem).unwrap_err());
    assert_eq!(failure.exit_code(), 2);
}

/// Variables the programs read; removed from the child's environment so the developer's own
/// credentials never reach a test.
const CREDENTIAL_VARIABLES: &[&str] = &[
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
];

/// Runs the program `CARGO_BIN_EXE_<name>` (cargo builds it for this test) with `args` and
/// only `env` of the credential variables set.
async fn run_program(program: &'static str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(program);
    command.args(args);
    for variable in CREDENTIAL_VARIABLES {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    tokio::task::spawn_blocking(move || command.output().expect("the program runs"))
        .await
        .unwrap()
}

const LIST_POD_IDENTITY_ASSOCIATIONS: &str = env!("CARGO_BIN_EXE_list_pod_identity_associations");

#[tokio::test(flavor = "multi_thread")]
async fn list_pod_identity_associations_end_to_end() {
    let server = MockServer::start().await;
    let associations = json!([{
        "uid": "a1",
        "clusterId": "4d1ecb2c-229a-11e8-9c75-0255ac100ceb",
        "namespace": "default",
        "serviceAccount": "sa",
        "agencyName": "agency",
    }]);
    Mock::given(method("GET"))
        .and(path(
            "/api/v3/projects/p/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/pod-identity-associations",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(associations.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let output = run_program(
        LIST_POD_IDENTITY_ASSOCIATIONS,
        &[
            "--endpoint",
            &server.uri(),
            "--cluster-id",
            "4d1ecb2c-229a-11e8-9c75-0255ac100ceb",
        ],
        &[
            ("HUAWEICLOUD_SDK_TOKEN", "t"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
        ],
    )
    .await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    let printed: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(printed, associations);
    // Pretty-printed, fields in the order of the generated type.
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("[\n  {\n    \"uid\": \"a1\",\n    \"clusterId\": \"4d1ecb2c-229a-11e8-9c75-0255ac100ceb\",\n"),
        "not pretty JSON"
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(requests[0].headers["x-auth-token"], "t");
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_exit_with_2_and_name_the_variables() {
    // Nothing listens here: the program must stop before sending anything.
    let output = run_program(
        LIST_POD_IDENTITY_ASSOCIATIONS,
        &[
            "--endpoint",
            "http://127.0.0.1:9",
            "--cluster-id",
            "4d1ecb2c-229a-11e8-9c75-0255ac100ceb",
        ],
        &[("HUAWEICLOUD_SDK_PROJECT_ID", "p")],
    )
    .await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr.trim_end(),
        "no Huawei Cloud credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or HUAWEICLOUD_SDK_TOKEN"
    );
}
