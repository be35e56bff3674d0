//! The Kubernetes API of a CCE cluster on the wire: shared `Status` types, 200 versus 202, enums.

use cloudgen_clients::huawei::cce_kubernetes::{self as k8s, types};
use cloudgen_clients::runtime::Error;
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::{header, only_request, path_and_query, server_replying};
use serde_json::json;
use wiremock::ResponseTemplate;

fn client(server: &wiremock::MockServer) -> k8s::Client {
    k8s::Client::new(
        Config::new()
            .endpoint(server.uri())
            .credentials(Credentials::huawei_token("cluster-token")),
    )
    .expect("a valid configuration")
}

fn status(outcome: &str) -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Status", "status": outcome, "metadata": {},
        "details": {"group": "rbac.authorization.k8s.io", "kind": "rolebindings", "name": "read-pods"}
    })
}

#[tokio::test]
async fn delete_role_binding_sends_query_and_body_and_tells_202_from_200() {
    let server = server_replying(ResponseTemplate::new(202).set_body_json(status("Success"))).await;
    let options = types::DeleteOptions::new()
        .with_grace_period_seconds(30)
        .with_propagation_policy(types::PropagationPolicy::Background)
        .with_dry_run([types::DryRun::All])
        .with_preconditions(types::Preconditions::new().with_uid("uid-1"));
    let reply = client(&server)
        .delete_rbac_authorization_v1_namespaced_role_binding("read-pods", "team a")
        .dry_run(types::DryRun::All)
        .grace_period_seconds(0)
        .propagation_policy(types::PropagationPolicy::Foreground)
        .pretty("true")
        .body(options)
        .send()
        .await
        .expect("202 is success");
    let k8s::DeleteRbacAuthorizationV1NamespacedRoleBindingResponse::Accepted(status) = reply
    else {
        panic!("202 must decode as Accepted, got {reply:?}")
    };
    assert_eq!(status.status, Some(types::StatusOutcome::Success));
    assert_eq!(
        status.details.and_then(|d| d.name).as_deref(),
        Some("read-pods")
    );

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        path_and_query(&request),
        "/apis/rbac.authorization.k8s.io/v1/namespaces/team%20a/rolebindings/read-pods\
         ?dryRun=All&gracePeriodSeconds=0&propagationPolicy=Foreground&pretty=true"
    );
    assert_eq!(header(&request, "x-auth-token"), Some("cluster-token"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        sent,
        json!({
            "dryRun": ["All"], "gracePeriodSeconds": 30,
            "preconditions": {"uid": "uid-1"}, "propagationPolicy": "Background"
        })
    );
}

#[tokio::test]
async fn a_200_decodes_as_ok_and_unknown_enum_values_are_kept() {
    let server = server_replying(ResponseTemplate::new(200).set_body_json(status("Pending"))).await;
    let reply = client(&server)
        .delete_rbac_authorization_v1_namespaced_role_binding("rb", "ns")
        .send()
        .await
        .expect("200 is success");
    let k8s::DeleteRbacAuthorizationV1NamespacedRoleBindingResponse::Ok(status) = reply else {
        panic!("200 must decode as Ok, got {reply:?}")
    };
    assert_eq!(
        status.status,
        Some(types::StatusOutcome::Unrecognized("Pending".into()))
    );
    let request = only_request(&server).await;
    assert_eq!(
        path_and_query(&request),
        "/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings/rb"
    );
    assert!(request.body.is_empty(), "no body unless one is set");
}

#[tokio::test]
async fn a_failure_status_is_the_typed_error() {
    let body = json!({
        "kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
        "reason": "NotFound", "message": "rolebindings.rbac.authorization.k8s.io \"rb\" not found"
    });
    let server = server_replying(
        ResponseTemplate::new(404)
            .set_body_json(body)
            .insert_header("Audit-Id", "audit-7"),
    )
    .await;
    let error = client(&server)
        .delete_rbac_authorization_v1_namespaced_role_binding("rb", "ns")
        .send()
        .await
        .expect_err("404");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.code(), Some("NotFound"));
    assert_eq!(api.request_id.as_deref(), Some("audit-7"));
    assert_eq!(api.body.as_ref().and_then(|s| s.code), Some(404));
}

#[test]
fn the_cluster_address_is_required() {
    let error = k8s::Client::new(Config::new().region("ap-southeast-1")).expect_err("no endpoint");
    assert!(error.to_string().contains("endpoint"), "{error}");
}
