//! Clients generated from imported pages put their requests on the wire as the pages say.

use cloudgen_imported_pages::{alibaba::cs, huawei::cce};
use cloudgen_runtime::{AccessKey, Config, Credentials};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn hibernate_cluster_posts_to_the_documented_path() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = cce::Client::new(
        Config::new()
            .endpoint(server.uri())
            .project_id("p-1")
            .credentials(Credentials::huawei_token("t")),
    )
    .expect("a valid configuration");
    client.hibernate_cluster("c-1").send().await.expect("200");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "POST");
    assert_eq!(
        requests[0].url.path(),
        "/api/v3/projects/p-1/clusters/c-1/operation/hibernate"
    );
}

#[tokio::test]
async fn describe_cluster_user_kubeconfig_sends_the_query_and_reads_the_body() {
    let server = MockServer::start().await;
    let reply = serde_json::json!({"config": "apiVersion: v1"});
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .mount(&server)
        .await;
    let client = cs::Client::new(Config::new().endpoint(server.uri()).credentials(
        Credentials::alibaba_access_key(AccessKey::new("id", "secret")),
    ))
    .expect("a valid configuration");
    let reply = client
        .describe_cluster_user_kubeconfig("c-1")
        .private_ip_address(true)
        .send()
        .await
        .expect("a kubeconfig");
    assert_eq!(reply.config.as_deref(), Some("apiVersion: v1"));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), "/k8s/c-1/user_config");
    assert_eq!(requests[0].url.query(), Some("PrivateIpAddress=true"));
}
