//! The build-script client calls the operations its build script chose against a loopback server.

use cloudgen_build_script_test::huawei::{cce, workspace};
use cloudgen_runtime::{Config, Credentials};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_build_script_client_lists_pod_identity_associations() {
    let server = MockServer::start().await;
    let reply =
        serde_json::json!([{"uid": "u-1", "clusterId": "4d1ecb2c-229a-11e8-9c75-0255ac100ceb"}]);
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .mount(&server)
        .await;
    let client = cce::Client::new(
        Config::new()
            .endpoint(server.uri())
            .project_id("p-1")
            .credentials(Credentials::huawei_token("t")),
    )
    .expect("a valid configuration");
    let list = client
        .list_pod_identity_associations("4d1ecb2c-229a-11e8-9c75-0255ac100ceb")
        .send()
        .await
        .expect("a list");
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].cluster_id.as_deref(),
        Some("4d1ecb2c-229a-11e8-9c75-0255ac100ceb")
    );
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.path(),
        "/api/v3/projects/p-1/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/pod-identity-associations"
    );
}

/// The build script chose two Workspace operations; one of them is called with its typed reply.
#[tokio::test]
async fn an_operation_chosen_by_name_is_generated_with_its_types() {
    let server = MockServer::start().await;
    let reply = serde_json::json!({"desktop": {"desktop_id": "d-1", "computer_name": "pc-1"}});
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .mount(&server)
        .await;
    let client = workspace::Client::new(
        Config::new()
            .endpoint(server.uri())
            .project_id("p-1")
            .credentials(Credentials::huawei_token("t")),
    )
    .expect("a valid configuration");
    let detail = client
        .show_desktop_detail("d-1")
        .send()
        .await
        .expect("a desktop");
    let desktop = detail.desktop.expect("the desktop");
    assert_eq!(desktop.computer_name.as_deref(), Some("pc-1"));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].url.path(), "/v2/p-1/desktops/d-1");
}
