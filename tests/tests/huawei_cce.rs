//! Huawei Cloud CCE on the wire: the seed operations against a loopback server.

use cloudgen_clients::huawei::cce::{self, types};
use cloudgen_clients::runtime::Error;
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::{header, only_request, path_and_query, server_replying};
use serde_json::json;
use wiremock::ResponseTemplate;

fn client(server: &wiremock::MockServer) -> cce::Client {
    cce::Client::new(
        Config::new()
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
        Some(vec![types::ResourceTag {
            key: Some("k".into()),
            value: Some("v".into())
        }])
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
    let client = cce::Client::new(Config::new().endpoint(server.uri())).expect("valid");
    let error = client
        .delete_pod_identity_association("c", "a")
        .send()
        .await
        .expect_err("no project anywhere");
    assert!(error.to_string().contains("project_id"), "{error}");
}

#[test]
fn the_regional_endpoint_comes_from_the_spec() {
    let client = cce::Client::new(Config::new().region("ap-southeast-1")).expect("valid");
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
