//! The Kubernetes API on the wire, as any cluster serves it: RoleBindings listed page by page
//! with `limit` and `continue`, created, merge-patched and deleted with a propagation policy,
//! each reply decoded into its typed result; the `Status` error body; and the seed operation
//! as the CCE page documents it.

use cloudgen_clients::kubernetes::api::{self as k8s, types};
use cloudgen_clients::runtime::{Error, Patch};
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::{header, only_request, path_and_query, server_replying};
use serde_json::json;
use types::meta_v1::{ListMeta, ObjectMeta};
use types::rbac_v1::{RoleBinding, RoleRef, Subject};
use wiremock::matchers::{body_json, header as has_header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BINDINGS: &str = "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings";

fn client(server: &MockServer, credentials: Credentials) -> k8s::Client {
    k8s::Client::new(
        Config::new()
            .endpoint(server.uri())
            .credentials(credentials),
    )
    .expect("a valid configuration")
}

fn binding_json(name: &str, version: &str) -> serde_json::Value {
    json!({
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
        "metadata": {"name": name, "namespace": "team-a", "resourceVersion": version,
                     "labels": {"team": "a"}},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"},
        "subjects": [{"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"}]
    })
}

#[tokio::test]
async fn role_bindings_are_listed_created_patched_and_deleted() {
    let server = MockServer::start().await;
    // Two pages: the first ends with a continue token, the second with none.
    Mock::given(method("GET"))
        .and(path(BINDINGS))
        .and(query_param("limit", "1"))
        .and(query_param("continue", "page-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBindingList",
            "metadata": {"resourceVersion": "41"}, "items": [binding_json("second", "40")]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BINDINGS))
        .and(query_param("limit", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBindingList",
            "metadata": {"resourceVersion": "41", "continue": "page-2", "remainingItemCount": 1},
            "items": [binding_json("first", "39")]
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(BINDINGS))
        .and(query_param("fieldManager", "cloudgen-test"))
        .and(has_header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(binding_json("readers", "42")))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{BINDINGS}/readers")))
        .and(has_header("content-type", "application/merge-patch+json"))
        .and(body_json(json!({"metadata": {"labels": {"team": "b"}}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(binding_json("readers", "43")))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{BINDINGS}/readers")))
        .and(query_param("propagationPolicy", "Foreground"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
            "details": {"name": "readers", "group": "rbac.authorization.k8s.io", "kind": "rolebindings"}
        })))
        .mount(&server)
        .await;
    let client = client(&server, Credentials::bearer_token("service-account-token"));

    // Every page, following `continue` until the server gives none.
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..3 {
        let mut call = client
            .list_rbac_authorization_v1_namespaced_role_binding("team-a")
            .limit(1);
        if let Some(token) = token.take() {
            call = call.r#continue(token);
        }
        let page = call.send().await.expect("a page");
        names.extend(
            page.items
                .iter()
                .filter_map(|b| b.metadata.as_ref()?.name.clone()),
        );
        token = page.metadata.and_then(|m: ListMeta| m.r#continue);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(names, ["first", "second"]);

    let binding = RoleBinding::new(
        RoleRef::new("Role", "reader").with_api_group("rbac.authorization.k8s.io"),
    )
    .with_metadata(ObjectMeta::new().with_name("readers"))
    .with_subjects([Subject::new("User", "alice")]);
    let created = client
        .create_rbac_authorization_v1_namespaced_role_binding("team-a", binding)
        .field_manager("cloudgen-test")
        .send()
        .await
        .expect("created");
    let k8s::CreateRbacAuthorizationV1NamespacedRoleBindingResponse::Created(created) = created
    else {
        panic!("201 must decode as Created, got {created:?}")
    };
    assert_eq!(created.role_ref.name, "reader");
    assert_eq!(created.subjects.as_deref().map(<[Subject]>::len), Some(1));

    let patched = client
        .patch_rbac_authorization_v1_namespaced_role_binding(
            "readers",
            "team-a",
            Patch::Merge(json!({"metadata": {"labels": {"team": "b"}}})),
        )
        .send()
        .await
        .expect("patched");
    let k8s::PatchRbacAuthorizationV1NamespacedRoleBindingResponse::Ok(patched) = patched else {
        panic!("200 must decode as Ok, got {patched:?}")
    };
    assert_eq!(
        patched.metadata.and_then(|m| m.resource_version).as_deref(),
        Some("43")
    );

    let deleted = client
        .delete_rbac_authorization_v1_namespaced_role_binding("readers", "team-a")
        .propagation_policy(types::PropagationPolicy::Foreground)
        .send()
        .await
        .expect("deleted");
    let k8s::DeleteRbacAuthorizationV1NamespacedRoleBindingResponse::Ok(status) = deleted else {
        panic!("200 must decode as Ok, got {deleted:?}")
    };
    assert_eq!(status.status.as_deref(), Some("Success"));
    assert_eq!(
        status.details.and_then(|d| d.name).as_deref(),
        Some("readers")
    );

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 5, "two pages, create, patch, delete");
    for request in &requests {
        assert_eq!(
            header(request, "authorization"),
            Some("Bearer service-account-token")
        );
    }
}

#[tokio::test]
async fn the_seed_delete_sends_query_and_body_and_tells_202_from_200() {
    let reply = json!({"apiVersion": "v1", "kind": "Status", "status": "Success", "metadata": {}});
    let server = server_replying(ResponseTemplate::new(202).set_body_json(reply)).await;
    let options = types::meta_v1::DeleteOptions::new()
        .with_grace_period_seconds(30)
        .with_propagation_policy("Background")
        .with_dry_run(["All".to_owned()])
        .with_preconditions(types::meta_v1::Preconditions::new().with_uid("uid-1"));
    let reply = client(&server, Credentials::huawei_token("cluster-token"))
        .delete_rbac_authorization_v1_namespaced_role_binding("read-pods", "team a")
        .dry_run(types::DryRun::All)
        .grace_period_seconds(0)
        .propagation_policy(types::PropagationPolicy::Foreground)
        .pretty("true")
        .body(options)
        .send()
        .await
        .expect("202 is success");
    assert!(
        matches!(
            reply,
            k8s::DeleteRbacAuthorizationV1NamespacedRoleBindingResponse::Accepted(_)
        ),
        "202 must decode as Accepted, got {reply:?}"
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        path_and_query(&request),
        "/apis/rbac.authorization.k8s.io/v1/namespaces/team%20a/rolebindings/read-pods\
         ?dryRun=All&gracePeriodSeconds=0&propagationPolicy=Foreground&pretty=true"
    );
    // A CCE cluster takes the IAM token.
    assert_eq!(header(&request, "x-auth-token"), Some("cluster-token"));
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
    let error = client(&server, Credentials::bearer_token("t"))
        .read_rbac_authorization_v1_namespaced_role_binding("rb", "ns")
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

#[tokio::test]
async fn int_or_string_fields_read_numbers_and_names() {
    let service = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"ports": [{"port": 80, "targetPort": 8080}, {"port": 443, "targetPort": "https"}]}
    });
    let server = server_replying(ResponseTemplate::new(200).set_body_json(service)).await;
    let service = client(&server, Credentials::bearer_token("t"))
        .read_core_v1_namespaced_service("web", "default")
        .send()
        .await
        .expect("a service");
    let ports = service.spec.and_then(|s| s.ports).unwrap_or_default();
    let targets: Vec<_> = ports.into_iter().filter_map(|p| p.target_port).collect();
    assert_eq!(
        targets,
        [
            cloudgen_clients::runtime::IntOrString::Int(8080),
            cloudgen_clients::runtime::IntOrString::from("https")
        ]
    );
}

#[test]
fn the_cluster_address_is_required() {
    let error = k8s::Client::new(Config::new().region("ap-southeast-1")).expect_err("no endpoint");
    assert!(error.to_string().contains("endpoint"), "{error}");
}
