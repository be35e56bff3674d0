//! Huawei Cloud Workspace on the wire.

use cloudgen_clients::huawei::workspace::{self, types};
use cloudgen_clients::runtime::Error;
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::{header, only_request, path_and_query, server_replying};
use serde_json::json;
use wiremock::ResponseTemplate;

fn client(server: &wiremock::MockServer) -> workspace::Client {
    workspace::Client::new(
        Config::new()
            .endpoint(server.uri())
            .project_id("0e973a948e8091232f25c00673f168b7")
            .credentials(Credentials::huawei_token("token-xyz")),
    )
    .expect("a valid configuration")
}

#[tokio::test]
async fn batch_delete_access_policies_sends_a_json_body_with_delete() {
    let server = server_replying(ResponseTemplate::new(200)).await;
    let body = types::BatchDeleteAccessPoliciesRequestBody::new()
        .with_policy_id_list(["p-1".to_owned(), "p-2".to_owned()]);
    client(&server)
        .batch_delete_access_policies(body)
        .send()
        .await
        .expect("200 is success");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        path_and_query(&request),
        "/v2/0e973a948e8091232f25c00673f168b7/access-policy"
    );
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "x-auth-token"), Some("token-xyz"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("a JSON body");
    assert_eq!(sent, json!({"policy_id_list": ["p-1", "p-2"]}));
}

#[tokio::test]
async fn an_empty_body_struct_sends_an_empty_object() {
    let server = server_replying(ResponseTemplate::new(200)).await;
    client(&server)
        .batch_delete_access_policies(types::BatchDeleteAccessPoliciesRequestBody::default())
        .send()
        .await
        .expect("200 is success");
    let request = only_request(&server).await;
    assert_eq!(request.body, b"{}");
}

#[tokio::test]
async fn each_documented_error_status_carries_the_error_body() {
    for status in [400u16, 401, 403, 404, 405, 500, 503] {
        let body = json!({
            "error_code": "WKS.0001",
            "error_msg": "denied",
            "encoded_authorization_message": "opaque"
        });
        let server = server_replying(ResponseTemplate::new(status).set_body_json(body)).await;
        let error = client(&server)
            .batch_delete_access_policies(types::BatchDeleteAccessPoliciesRequestBody::default())
            .send()
            .await
            .expect_err("an error status");
        let Error::Api(api) = error else {
            panic!("{status}: expected an API error")
        };
        assert_eq!(api.status, status);
        let parsed = api.body.expect("the error body parses");
        assert_eq!(parsed.error_code.as_deref(), Some("WKS.0001"));
        assert_eq!(
            parsed.encoded_authorization_message.as_deref(),
            Some("opaque")
        );
    }
}

#[tokio::test]
async fn a_gateway_html_page_is_an_error_value_not_a_panic() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let reply = ResponseTemplate::new(502).set_body_raw(page, "text/html");
    let server = server_replying(reply).await;
    let error = client(&server)
        .batch_delete_access_policies(types::BatchDeleteAccessPoliciesRequestBody::default())
        .send()
        .await
        .expect_err("502 is an error");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.body.is_none());
    assert_eq!(&api.raw_body[..], page.as_bytes());
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
}

#[test]
fn debug_output_redacts_what_the_definitions_mark_sensitive() {
    let reply: types::RandomPasswordResponse =
        serde_json::from_value(json!({"password": "S3cret!pass"})).expect("decodes");
    assert_eq!(reply.password.as_deref(), Some("S3cret!pass"));
    let shown = format!("{reply:?}");
    assert!(!shown.contains("S3cret"), "{shown}");
    assert!(shown.contains("password: \"<redacted>\""), "{shown}");
    // Other fields stay visible.
    let info: types::AttachInstancesUserInfo =
        serde_json::from_value(json!({"user_name": "alice@example.com", "user_id": "u-1"}))
            .expect("decodes");
    let shown = format!("{info:?}");
    assert!(!shown.contains("alice"), "{shown}");
    assert!(shown.contains("u-1"), "{shown}");
}
