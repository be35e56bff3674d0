//! Fault injection through the generated clients: dropped connections, slow and truncated
//! replies, throttling, gateway pages, oversized replies and a service that never recovers.
//!
//! Every test counts the attempts the server saw and checks the error variant. Backoffs are a
//! few milliseconds so each test finishes in about a second at most; the only timing checks
//! are generous upper bounds, and one lower bound that a correct client cannot miss (it waited
//! for `Retry-After`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudgen_clients::alibaba::cs;
use cloudgen_clients::huawei::cce;
use cloudgen_clients::runtime::{AccessKey, Error, RetryPolicy};
use cloudgen_clients::{Config, Credentials};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Generous bound on any one test's calls, far above what they take.
const BOUND: Duration = Duration::from_secs(10);

/// 3 attempts, at most 50 ms apart.
fn quick() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(50))
        .max_elapsed(Duration::from_secs(20))
}

/// The ids of these tests are placeholders that CCE's patterns would refuse: validation has
/// tests of its own (validation.rs), these are about the transport.
fn cce_config(base_url: &str) -> Config {
    Config::new()
        .validate_requests(false)
        .endpoint(base_url)
        .project_id("p")
        .credentials(Credentials::huawei_token("t"))
        .retry(quick())
}

fn cce_client(config: Config) -> cce::Client {
    cce::Client::new(config).expect("a valid configuration")
}

async fn list(
    client: &cce::Client,
) -> Result<Vec<cce::types::PodIdentityAssociationResp>, cce::Error> {
    client.list_pod_identity_associations("c").send().await
}

async fn server_replying(reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(reply).mount(&server).await;
    server
}

/// Answers the first `n` requests with `first` and every later one with `then`.
async fn server_replying_first(
    n: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .len()
}

/// What a raw server does with one connection.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Accept and close at once, without reading or answering.
    Drop,
    /// Read the request head, write these bytes, close.
    Reply(&'static [u8]),
}

/// Serves loopback connections, the n-th with `script[n]` (the last entry repeats), and counts
/// them. Returns the base URL and the counter.
async fn raw_server(script: &'static [Behaviour]) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let behaviour = script.get(n).or(script.last()).copied();
            tokio::spawn(async move {
                let Some(Behaviour::Reply(bytes)) = behaviour else {
                    return drop(socket);
                };
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = socket.write_all(bytes).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), connections)
}

/// Declares 1000 bytes, sends 13, and closes.
const TRUNCATED: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"uid\": \"u-1";
const COMPLETE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\nConnection: close\r\n\r\n[{\"uid\":\"u\"}]";

#[tokio::test]
async fn a_reset_connection_is_retried_then_reported_as_a_transport_error() {
    static SCRIPT: [Behaviour; 1] = [Behaviour::Drop];
    let (base, connections) = raw_server(&SCRIPT).await;
    let started = Instant::now();
    let error = list(&cce_client(cce_config(&base))).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "ListPodIdentityAssociations",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 3);
    assert!(started.elapsed() < BOUND);
}

#[tokio::test]
async fn a_reset_connection_then_a_reply_succeeds() {
    static SCRIPT: [Behaviour; 2] = [Behaviour::Drop, Behaviour::Reply(COMPLETE)];
    let (base, connections) = raw_server(&SCRIPT).await;
    let associations = list(&cce_client(cce_config(&base))).await.unwrap();
    assert_eq!(associations.len(), 1);
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_reply_slower_than_the_timeout_times_out_on_every_attempt() {
    let server =
        server_replying(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    let config = cce_config(&server.uri())
        .timeout(Duration::from_millis(200))
        .retry(quick().max_attempts(2));
    let started = Instant::now();
    let error = list(&cce_client(config)).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert!(error.is_timeout());
    assert_eq!(requests(&server).await, 2);
    assert!(started.elapsed() < BOUND);
}

#[tokio::test]
async fn service_unavailable_with_retry_after_is_retried_after_the_delay() {
    let server = server_replying_first(
        1,
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        ResponseTemplate::new(200).set_body_json(json!([{"uid": "u-1"}])),
    )
    .await;
    // max_backoff must allow the 1 s the server asks for.
    let config = cce_config(&server.uri()).retry(quick().max_backoff(Duration::from_secs(5)));
    let started = Instant::now();
    let associations = list(&cce_client(config)).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(associations.len(), 1);
    assert_eq!(requests(&server).await, 2);
    // The jittered backoff alone would be at most 10 ms.
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < BOUND, "{elapsed:?}");
}

#[tokio::test]
async fn throttled_then_success() {
    let server = server_replying_first(
        1,
        ResponseTemplate::new(429).set_body_json(json!({
            "error_code": "APIGW.0308",
            "error_msg": "The throttling threshold has been reached: policy user over ratelimit"
        })),
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    let associations = list(&cce_client(cce_config(&server.uri()))).await.unwrap();
    assert!(associations.is_empty());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn throttling_persists_until_the_attempts_are_spent() {
    let server = server_replying(ResponseTemplate::new(429).set_body_json(json!({
        "error_code": "APIGW.0308",
        "error_msg": "The throttling threshold has been reached"
    })))
    .await;
    let error = list(&cce_client(cce_config(&server.uri())))
        .await
        .unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 429);
    assert_eq!(api.code(), Some("APIGW.0308"));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn alibaba_throttling_with_http_400_is_retried() {
    let server = server_replying_first(
        1,
        ResponseTemplate::new(400).set_body_json(json!({
            "Code": "Throttling.User",
            "Message": "Request was denied due to user flow control.",
            "RequestId": "r-1"
        })),
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    let client = cs::Client::new(
        Config::new()
            .validate_requests(false)
            .endpoint(server.uri())
            .retry(quick())
            .credentials(Credentials::alibaba_access_key(AccessKey::new(
                "LTAI-test",
                "test-secret",
            ))),
    )
    .unwrap();
    client
        .clean_cluster_user_permissions("c", "u")
        .send()
        .await
        .unwrap();
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error_after_every_attempt() {
    static SCRIPT: [Behaviour; 1] = [Behaviour::Reply(TRUNCATED)];
    let (base, connections) = raw_server(&SCRIPT).await;
    let error = list(&cce_client(cce_config(&base))).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_body_cut_short_once_is_read_in_full_on_the_next_attempt() {
    static SCRIPT: [Behaviour; 2] = [Behaviour::Reply(TRUNCATED), Behaviour::Reply(COMPLETE)];
    let (base, connections) = raw_server(&SCRIPT).await;
    let associations = list(&cce_client(cce_config(&base))).await.unwrap();
    assert_eq!(associations[0].uid.as_deref(), Some("u"));
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_gateway_html_page_is_retried_then_returned_raw() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let server = server_replying(ResponseTemplate::new(502).set_body_raw(page, "text/html")).await;
    let error = list(&cce_client(cce_config(&server.uri())))
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status, 502);
    assert!(api.body.is_none());
    assert_eq!(&api.raw_body[..], page.as_bytes());
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_reply_over_the_size_limit_is_not_retried() {
    let server =
        server_replying(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 10_000])).await;
    let config = cce_config(&server.uri()).max_response_bytes(1024);
    let error = list(&cce_client(config)).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let server = server_replying(ResponseTemplate::new(404).set_body_json(json!({
        "error_code": "CCE.01404001",
        "error_msg": "cluster not found"
    })))
    .await;
    let error = list(&cce_client(cce_config(&server.uri())))
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error().and_then(|e| e.code()),
        Some("CCE.01404001")
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_service_that_never_recovers_fails_after_max_attempts() {
    let server = server_replying(ResponseTemplate::new(503)).await;
    let config = cce_config(&server.uri()).retry(quick().max_attempts(4));
    let started = Instant::now();
    let error = list(&cce_client(config)).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 503),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 4);
    assert!(started.elapsed() < BOUND);
}

#[tokio::test]
async fn the_time_budget_ends_retries_before_the_attempts_are_spent() {
    let server = server_replying(ResponseTemplate::new(503)).await;
    let config = cce_config(&server.uri()).retry(
        RetryPolicy::new()
            .max_attempts(1000)
            .initial_backoff(Duration::from_millis(20))
            .max_backoff(Duration::from_millis(20))
            .max_elapsed(Duration::from_millis(500)),
    );
    let started = Instant::now();
    let error = list(&cce_client(config)).await.unwrap_err();
    // The last 503, or, when the budget ran out during the last attempt, a timeout naming it.
    assert!(
        error.status() == Some(503)
            || matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(500)),
        "{error:?}"
    );
    let seen = requests(&server).await;
    assert!((2..1000).contains(&seen), "{seen} attempts");
    assert!(started.elapsed() < BOUND);
}
