//! Huawei Cloud CCE on the wire: the seed operations against a loopback server.

use cloudgen_clients::huawei::cce::{self, types};
use cloudgen_clients::runtime::Error;
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::{header, only_request, path_and_query, server_replying};
use serde_json::json;
use wiremock::ResponseTemplate;

/// The ids of these tests are placeholders (and hostile values) that CCE's patterns would
/// refuse: they are about the request on the wire; validation has tests of its own.
fn client(server: &wiremock::MockServer) -> cce::Client {
    cce::Client::new(
        Config::new()
            .validate_requests(false)
            .endpoint(server.uri())
            .project_id("proj-1")
            .credentials(Credentials::huawei_token("token-abc")),
    )
    .expect("a valid configuration")
}

#[tokio::test]
async fn delete_pod_identity_association_sends_the_documented_request() {
    let server = server_replying(ResponseTemplate::new(204)).await;
    let result = client(&server)
        .delete_pod_identity_association("cluster-1", "assoc-1")
        .send()
        .await;
    assert!(result.is_ok(), "{result:?}");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        path_and_query(&request),
        "/api/v3/projects/proj-1/clusters/cluster-1/pod-identity-associations/assoc-1"
    );
    assert_eq!(header(&request, "x-auth-token"), Some("token-abc"));
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn a_project_set_on_the_call_wins_over_the_client_default() {
    let server = server_replying(ResponseTemplate::new(204)).await;
    client(&server)
        .delete_pod_identity_association("c", "a")
        .project_id("other-project")
        .send()
        .await
        .expect("204 is success");
    let request = only_request(&server).await;
    assert_eq!(
        path_and_query(&request),
        "/api/v3/projects/other-project/clusters/c/pod-identity-associations/a"
    );
}

#[tokio::test]
async fn list_pod_identity_associations_decodes_the_top_level_array() {
    let reply = json!([
        {"uid": "u-1", "clusterId": "c-1", "namespace": "ns", "serviceAccount": "sa",
         "agencyName": "agency", "tags": [{"key": "k", "value": "v"}],
         "createdAt": "2026-01-01T00:00:00Z", "modifiedAt": "", "futureField": 1},
        {"uid": "u-2"}
    ]);
    let server = server_replying(ResponseTemplate::new(200).set_body_json(reply)).await;
    let associations = client(&server)
        .list_pod_identity_associations("c-1")
        .send()
        .await
        .expect("a decoded list");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        path_and_query(&request),
        "/api/v3/projects/proj-1/clusters/c-1/pod-identity-associations"
    );
    assert_eq!(associations.len(), 2);
    assert_eq!(associations[0].cluster_id.as_deref(), Some("c-1"));
    assert_eq!(associations[0].service_account.as_deref(), Some("sa"));
    assert_eq!(
        associations[0].tags,
        Some(vec![types::ResourceTag::new()
            .with_key("k")
            .with_value("v")])
    );
    assert_eq!(associations[1].uid.as_deref(), Some("u-2"));
    assert_eq!(associations[1].tags, None);
}

#[tokio::test]
async fn an_error_reply_becomes_a_typed_api_error() {
    let body = json!({"error_code": "CCE.01404001", "error_msg": "The cluster does not exist."});
    let reply = ResponseTemplate::new(404)
        .set_body_json(body)
        .insert_header("X-Request-Id", "req-42");
    let server = server_replying(reply).await;
    let error = client(&server)
        .list_pod_identity_associations("missing")
        .send()
        .await
        .expect_err("404 is an error");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.code(), Some("CCE.01404001"));
    assert_eq!(api.message(), Some("The cluster does not exist."));
    assert_eq!(api.request_id.as_deref(), Some("req-42"));
    let text = error.to_string();
    assert!(
        text.contains("ListPodIdentityAssociations") && text.contains("404"),
        "{text}"
    );
    assert!(text.contains("CCE.01404001"), "{text}");
}

#[tokio::test]
async fn a_hostile_path_value_cannot_change_the_path() {
    let server = server_replying(ResponseTemplate::new(204)).await;
    client(&server)
        .delete_pod_identity_association("../../other?x=1#frag", "a b/é%")
        .send()
        .await
        .expect("encoded values are sent");
    let request = only_request(&server).await;
    assert_eq!(
        path_and_query(&request),
        "/api/v3/projects/proj-1/clusters/..%2F..%2Fother%3Fx%3D1%23frag/pod-identity-associations/a%20b%2F%C3%A9%25"
    );
}

#[tokio::test]
async fn a_dot_segment_is_rejected_before_sending() {
    let server = server_replying(ResponseTemplate::new(204)).await;
    let error = client(&server)
        .delete_pod_identity_association("..", "a")
        .send()
        .await
        .expect_err("`..` is refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("cluster_id"), "{error}");
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn a_missing_project_is_a_clear_error() {
    let server = server_replying(ResponseTemplate::new(204)).await;
    let client = cce::Client::new(
        Config::new()
            .validate_requests(false)
            .endpoint(server.uri())
            .credentials(Credentials::huawei_token("t")),
    )
    .expect("valid");
    let error = client
        .delete_pod_identity_association("c", "a")
        .send()
        .await
        .expect_err("no project anywhere");
    assert!(error.to_string().contains("project_id"), "{error}");
}

#[test]
fn the_regional_endpoint_comes_from_the_spec() {
    let client = cce::Client::new(
        Config::new()
            .region("ap-southeast-1")
            .credentials(Credentials::huawei_token("t")),
    )
    .expect("valid");
    let debug = format!("{client:?}");
    assert!(
        debug.contains("https://cce.ap-southeast-1.myhuaweicloud.com"),
        "{debug}"
    );
}

#[tokio::test]
async fn a_download_returns_the_file_bytes_its_type_and_name() {
    // Not UTF-8, with a NUL: the reply is kept as bytes, never decoded.
    let archive: &[u8] = b"\x1f\x8b\x08\x00\xff\xfe\x00chart";
    let reply = ResponseTemplate::new(200)
        .set_body_raw(archive, "application/gzip")
        .insert_header(
            "Content-Disposition",
            "attachment; filename=\"../nginx-1.0.0.tgz\"",
        );
    let server = server_replying(reply).await;
    let download = client(&server)
        .download_chart("chart-1")
        .send()
        .await
        .expect("the chart archive");
    assert_eq!(download.bytes().as_ref(), archive);
    assert_eq!(download.content_type(), Some("application/gzip"));
    assert_eq!(download.file_name(), Some("nginx-1.0.0.tgz"));
    let request = only_request(&server).await;
    assert_eq!(path_and_query(&request), "/v2/charts/chart-1/archive");
    // A download asks for any media type, not JSON.
    assert_eq!(header(&request, "accept"), Some("*/*"));
}

#[tokio::test]
async fn a_download_that_fails_is_still_a_typed_error() {
    let reply = ResponseTemplate::new(404)
        .set_body_json(json!({"error_code": "CCE.01404001", "error_msg": "chart not found"}));
    let server = server_replying(reply).await;
    let error = client(&server)
        .download_chart("missing")
        .send()
        .await
        .expect_err("404 is an error");
    let Error::Api(api) = &error else {
        panic!("an API error, got {error:?}");
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.code(), Some("CCE.01404001"));
}

#[tokio::test]
async fn an_upload_sends_a_multipart_form_with_the_file() {
    let reply = ResponseTemplate::new(201).set_body_json(json!({"id": "c-1", "name": "nginx"}));
    let server = server_replying(reply).await;
    let file = cloudgen_clients::runtime::FilePart::new("nginx.tgz", &b"\x1f\x8b\x00bytes"[..])
        .content_type("application/gzip");
    let chart = client(&server)
        .upload_chart(file)
        .parameters(r#"{"override":true}"#)
        .send()
        .await
        .expect("the uploaded chart");
    assert_eq!(chart.id.as_deref(), Some("c-1"));

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(path_and_query(&request), "/v2/charts");
    let content_type = header(&request, "content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a form body");
    let mut expected = Vec::new();
    expected.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"parameters\"\r\n\r\n{{\"override\":true}}\r\n").as_bytes());
    expected.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"content\"; filename=\"nginx.tgz\"\r\nContent-Type: application/gzip\r\n\r\n").as_bytes());
    expected.extend_from_slice(b"\x1f\x8b\x00bytes");
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn every_error_body_shape_gives_its_code_and_message() {
    let shapes = [
        (
            json!({"error_code": "CCE.01404001", "error_msg": "no such cluster"}),
            "CCE.01404001",
            "no such cluster",
        ),
        (
            json!({"errorCode": "CCE.0401", "errorMessage": "token expired"}),
            "CCE.0401",
            "token expired",
        ),
        (
            json!({"error": {"code": "APIGW.0301", "message": "incorrect IAM authentication", "request_id": "body-id"}}),
            "APIGW.0301",
            "incorrect IAM authentication",
        ),
        (
            json!({"message": "the upstream timed out"}),
            "",
            "the upstream timed out",
        ),
        (
            json!({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                   "message": "namespaces \"x\" not found", "reason": "NotFound", "code": 404}),
            "NotFound",
            "namespaces \"x\" not found",
        ),
    ];
    for (body, code, message) in shapes {
        let server = server_replying(ResponseTemplate::new(404).set_body_json(&body)).await;
        let error = client(&server)
            .list_pod_identity_associations("c-1")
            .send()
            .await
            .expect_err("404 is an error");
        let api = error.api_error().expect("an API error");
        assert_eq!(api.code(), (!code.is_empty()).then_some(code), "{body}");
        assert_eq!(api.message(), Some(message), "{body}");
        assert_eq!(api.raw_body, serde_json::to_vec(&body).unwrap(), "{body}");
        if !code.is_empty() {
            assert!(error.to_string().contains(code), "{error}");
        }
    }
}

#[tokio::test]
async fn the_request_id_comes_from_the_body_when_no_header_carries_it() {
    let body =
        json!({"error": {"code": "APIGW.0301", "message": "denied", "request_id": "body-id"}});
    let server = server_replying(ResponseTemplate::new(401).set_body_json(body)).await;
    let error = client(&server)
        .list_pod_identity_associations("c-1")
        .send()
        .await
        .expect_err("401 is an error");
    assert_eq!(
        error.api_error().and_then(|e| e.request_id.as_deref()),
        Some("body-id")
    );
}

#[tokio::test]
async fn a_success_gives_its_status_headers_and_request_id_with_the_value() {
    let reply = ResponseTemplate::new(200)
        .set_body_json(json!([{"uid": "u-1"}]))
        .insert_header("X-Request-Id", "req-7")
        .insert_header("X-Extra", "yes");
    let server = server_replying(reply).await;
    let (associations, metadata) = client(&server)
        .list_pod_identity_associations("c-1")
        .send_with_metadata()
        .await
        .expect("200 is success")
        .into_parts();
    assert_eq!(associations[0].uid.as_deref(), Some("u-1"));
    assert_eq!(metadata.status(), 200);
    assert_eq!(metadata.request_id(), Some("req-7"));
    assert_eq!(
        metadata
            .headers()
            .get("x-extra")
            .and_then(|v| v.to_str().ok()),
        Some("yes")
    );
}

#[tokio::test]
async fn a_request_built_by_hand_is_signed_and_sent_like_the_generated_ones() {
    use cloudgen_clients::runtime::{CallOptions, Request};
    let server = server_replying(ResponseTemplate::new(200).set_body_json(json!({"x": 1}))).await;
    // What the builder cannot express: a query parameter the specs do not list.
    let request = Request::new(&cce::ListPodIdentityAssociations::OPERATION)
        .options(CallOptions::new().project_id("proj-9"))
        .project_path_param("project_id")
        .path_param("cluster_id", &"c-1")
        .query("preview", &true);
    let response = client(&server)
        .execute(request)
        .await
        .expect("200 is success");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), br#"{"x":1}"#);
    let request = only_request(&server).await;
    assert_eq!(
        path_and_query(&request),
        "/api/v3/projects/proj-9/clusters/c-1/pod-identity-associations?preview=true"
    );
    assert_eq!(header(&request, "x-auth-token"), Some("token-abc"));
}

#[tokio::test]
async fn a_cluster_is_built_with_one_line_per_field_set() {
    let cluster = types::Cluster::new(
        "v3",
        "cluster",
        types::ClusterMetadata::new("my-cluster")
            .with_annotations([("team".to_owned(), "a".to_owned())]),
        types::ClusterSpec::new(
            types::ContainerNetwork::new(types::ContainerNetworkMode::VpcRouter),
            types::HostNetwork::new("subnet-1", "vpc-1"),
        )
        .with_flavor("cce.s1.small")
        .with_description("a demo cluster")
        .with_version("v1.29"),
    );
    let body = serde_json::to_value(&cluster).unwrap();
    assert_eq!(body["metadata"]["name"], "my-cluster");
    assert_eq!(body["spec"]["flavor"], "cce.s1.small");
    assert_eq!(body["spec"]["containerNetwork"]["mode"], "vpc-router");
    assert_eq!(body["spec"]["description"], "a demo cluster");
    assert!(
        body["spec"].get("ipv6enable").is_none(),
        "unset fields are not sent: {body}"
    );
}
