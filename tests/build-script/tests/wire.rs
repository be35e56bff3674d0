//! The build-script client calls a seed operation against a loopback server.

use cloudgen_build_script_test::huawei::cce;
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
