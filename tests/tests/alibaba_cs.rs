//! Alibaba Cloud ACK (CS, 2015-12-15) on the wire.

use cloudgen_clients::alibaba::cs::{self, types};
use cloudgen_clients::runtime::AccessKey;
use cloudgen_clients::runtime::Error;
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::{header, only_request, path_and_query, server_replying};
use serde_json::json;
use wiremock::ResponseTemplate;

fn client(server: &wiremock::MockServer) -> cs::Client {
    cs::Client::new(Config::new().endpoint(server.uri()).credentials(
        Credentials::alibaba_access_key(AccessKey::new("LTAI-test", "test-secret")),
    ))
    .expect("a valid configuration")
}

#[tokio::test]
async fn clean_cluster_user_permissions_sends_the_boolean_query_and_decodes_the_empty_object() {
    let server = server_replying(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let reply = client(&server)
        .clean_cluster_user_permissions("c5b5e80b0b64a4bf6939d2d8fbbc5", "2001")
        .force(true)
        .send()
        .await
        .expect("200 with {}");
    assert_eq!(reply, types::CleanClusterUserPermissionsResponse::new());
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        path_and_query(&request),
        "/cluster/c5b5e80b0b64a4bf6939d2d8fbbc5/user/2001/permissions?Force=true"
    );
    assert_eq!(
        header(&request, "x-acs-action"),
        Some("CleanClusterUserPermissions")
    );
    assert_eq!(header(&request, "x-acs-version"), Some("2015-12-15"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn an_unset_optional_query_parameter_is_not_sent() {
    let server = server_replying(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    client(&server)
        .clean_cluster_user_permissions("c", "u")
        .send()
        .await
        .expect("200 with {}");
    let request = only_request(&server).await;
    assert_eq!(path_and_query(&request), "/cluster/c/user/u/permissions");
}

#[tokio::test]
async fn an_error_body_in_either_case_is_parsed() {
    for body in [
        json!({"code": "ErrorClusterNotFound", "message": "cluster not found", "requestId": "r-1"}),
        json!({"Code": "ErrorClusterNotFound", "Message": "cluster not found", "RequestId": "r-1"}),
    ] {
        let server = server_replying(ResponseTemplate::new(404).set_body_json(body)).await;
        let error = client(&server)
            .clean_cluster_user_permissions("c", "u")
            .send()
            .await
            .expect_err("404");
        let Error::Api(api) = &error else {
            panic!("expected an API error, got {error:?}")
        };
        assert_eq!(api.code(), Some("ErrorClusterNotFound"));
        assert_eq!(api.message(), Some("cluster not found"));
        assert_eq!(
            api.body.as_ref().and_then(|b| b.request_id.as_deref()),
            Some("r-1")
        );
    }
}

#[tokio::test]
async fn a_success_reply_that_is_not_json_is_a_decode_error() {
    let server = server_replying(ResponseTemplate::new(200).set_body_string("{\"truncated")).await;
    let error = client(&server)
        .clean_cluster_user_permissions("c", "u")
        .send()
        .await
        .expect_err("a broken body");
    assert!(
        matches!(error, Error::Decode { status: 200, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_client_for_a_service_that_signs_never_sends_unsigned() {
    let server = server_replying(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let error = cs::Client::new(
        Config::new()
            .endpoint(server.uri())
            .credentials(Credentials::anonymous()),
    )
    .expect_err("anonymous credentials are refused");
    assert!(
        error.reason().contains("requires Alibaba ACS3 signing"),
        "{error}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}
