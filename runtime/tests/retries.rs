//! Retries and per-call options against loopback servers: what is repeated, how often, and
//! what is returned in the end. Backoffs are a few milliseconds so every test is quick; the
//! assertions count the attempts the server saw rather than time them.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudgen_runtime::{
    CallOptions, Client, HttpMethod, OperationDescriptor, Request, RetryPolicy,
};
use serde_json::json;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An operation that must not be repeated blindly: every call creates something.
static CREATE_ITEM: OperationDescriptor = OperationDescriptor {
    name: "CreateItem",
    method: HttpMethod::Post,
    path: "/items",
    success: &[201],
    idempotent: false,
};

/// Quick retries: 3 attempts, at most 20 ms apart.
fn quick() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
        .max_elapsed(Duration::from_secs(20))
}

fn quick_client(base_url: &str) -> Client {
    client(base_url, test_config().retry(quick()))
}

async fn server_replying(reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(reply).mount(&server).await;
    server
}

/// A server that answers the first `n` requests with `first`, then every other with `then`.
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
    server.received_requests().await.map_or(0, |r| r.len())
}

fn create_request() -> Request {
    Request::new(&CREATE_ITEM).json_body(&json!({"name": "x"}))
}

/// What a raw server does with one connection.
#[derive(Clone)]
enum Behaviour {
    /// Close the connection without reading or answering.
    Drop,
    /// Read the request head, write these bytes, close.
    Reply(&'static [u8]),
}

/// Serves connections on loopback, the n-th with `script[n]` (the last entry repeats), and
/// counts them. Returns the base URL and the counter.
async fn scripted_server(script: Vec<Behaviour>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let behaviour = script
                .get(n)
                .or(script.last())
                .cloned()
                .unwrap_or(Behaviour::Drop);
            tokio::spawn(async move {
                match behaviour {
                    Behaviour::Drop => drop(socket),
                    Behaviour::Reply(bytes) => {
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
                    }
                }
            });
        }
    });
    (format!("http://{address}"), connections)
}

const OK_REPLY: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";

#[tokio::test]
async fn non_idempotent_operations_are_not_retried_unless_the_call_opts_in() {
    let server = server_replying(ResponseTemplate::new(503)).await;
    let client = quick_client(&server.uri());

    let error = client
        .execute::<TestError>(create_request())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert_eq!(requests(&server).await, 1);

    let error = client
        .execute::<TestError>(
            create_request().options(CallOptions::new().retry_non_idempotent(true)),
        )
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert_eq!(requests(&server).await, 1 + 3);
}

#[tokio::test]
async fn a_dropped_connection_of_a_non_idempotent_call_is_not_retried() {
    let (base, connections) =
        scripted_server(vec![Behaviour::Drop, Behaviour::Reply(OK_REPLY)]).await;
    let error = quick_client(&base)
        .execute::<TestError>(create_request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_and_the_call_recovers() {
    let (base, connections) =
        scripted_server(vec![Behaviour::Drop, Behaviour::Reply(OK_REPLY)]).await;
    let response = quick_client(&base)
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn call_options_override_the_client_policy() {
    let server = server_replying(ResponseTemplate::new(503)).await;
    let client = client(&server.uri(), test_config().retry(quick().max_attempts(5)));

    client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 5);

    client
        .execute::<TestError>(
            Request::new(&LIST_ITEMS).options(CallOptions::new().retry(RetryPolicy::none())),
        )
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 5 + 1);

    client
        .execute::<TestError>(
            Request::new(&LIST_ITEMS).options(CallOptions::new().retry(quick().max_attempts(2))),
        )
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 5 + 1 + 2);
}

#[tokio::test]
async fn a_call_timeout_overrides_the_client_timeout() {
    let server =
        server_replying(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    let client = client(
        &server.uri(),
        test_config()
            .timeout(Duration::from_secs(30))
            .retry(quick().max_attempts(2)),
    );
    let started = Instant::now();
    let error = client
        .execute::<TestError>(
            Request::new(&LIST_ITEMS)
                .options(CallOptions::new().timeout(Duration::from_millis(150))),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(150)),
        "{error:?}"
    );
    // Each attempt timed out and was retried.
    assert_eq!(requests(&server).await, 2);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn invalid_call_options_are_reported_before_sending() {
    let server = server_replying(ResponseTemplate::new(200)).await;
    let client = quick_client(&server.uri());

    let error = client
        .execute::<TestError>(
            Request::new(&LIST_ITEMS).options(CallOptions::new().timeout(Duration::ZERO)),
        )
        .await
        .unwrap_err();
    let Error::InvalidRequest(problem) = &error else {
        panic!("expected InvalidRequest, got {error:?}");
    };
    assert_eq!(problem.parameter, "timeout");

    let error = client
        .execute::<TestError>(
            Request::new(&LIST_ITEMS)
                .options(CallOptions::new().retry(RetryPolicy::new().max_elapsed(Duration::ZERO))),
        )
        .await
        .unwrap_err();
    let Error::InvalidRequest(problem) = &error else {
        panic!("expected InvalidRequest, got {error:?}");
    };
    assert_eq!(problem.parameter, "retry");
    assert!(error.to_string().contains("max_elapsed"), "{error}");
    assert_eq!(requests(&server).await, 0);
}

#[tokio::test]
async fn an_invalid_client_policy_is_a_config_error() {
    let error = Client::new(
        &CCE,
        test_config()
            .region("cn-north-4")
            .retry(RetryPolicy::new().max_elapsed(Duration::ZERO)),
    )
    .unwrap_err();
    assert!(error.reason().contains("Config::retry"), "{error}");
    assert!(error.reason().contains("max_elapsed"), "{error}");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 500] {
        let server = server_replying(
            ResponseTemplate::new(status)
                .set_body_json(json!({"error_code": "CCE.01400001", "error_msg": "bad"})),
        )
        .await;
        let error = quick_client(&server.uri())
            .execute::<TestError>(Request::new(&LIST_ITEMS))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await, 1, "HTTP {status}");
    }
}

#[tokio::test]
async fn retryable_statuses_are_retried() {
    for status in [429, 502, 503, 504] {
        let server = server_replying_first(
            1,
            ResponseTemplate::new(status),
            ResponseTemplate::new(200).set_body_json(json!({})),
        )
        .await;
        let response = quick_client(&server.uri())
            .execute::<TestError>(Request::new(&LIST_ITEMS))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(requests(&server).await, 2, "HTTP {status}");
    }
}

#[tokio::test]
async fn huawei_throttling_code_is_retried_whatever_the_status() {
    let server = server_replying_first(
        2,
        ResponseTemplate::new(403).set_body_json(json!({
            "error_code": "APIGW.0308",
            "error_msg": "The throttling threshold has been reached"
        })),
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    let response = quick_client(&server.uri())
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn alibaba_throttling_codes_are_retried_and_others_are_not() {
    for (code, expected_requests) in [
        ("Throttling.User", 3),
        ("Throttling.Api", 3),
        ("Throttling", 3),
        ("ServiceUnavailable", 3),
        ("InvalidParameter", 1),
        // A Huawei code means nothing to Alibaba.
        ("APIGW.0308", 1),
    ] {
        let server = server_replying(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error_code": code, "error_msg": "Request was denied"})),
        )
        .await;
        let client = Client::new(
            &CS,
            alibaba_test_config().endpoint(server.uri()).retry(quick()),
        )
        .unwrap();
        let error = client
            .execute::<TestError>(Request::new(&DESCRIBE_CLUSTERS))
            .await
            .unwrap_err();
        assert_eq!(error.api_error().and_then(|e| e.code()), Some(code));
        assert_eq!(requests(&server).await, expected_requests, "{code}");
    }
}

#[tokio::test]
async fn retry_after_is_capped_by_max_backoff() {
    let server = server_replying_first(
        1,
        ResponseTemplate::new(503).insert_header("Retry-After", "3600"),
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    let started = Instant::now();
    let response = quick_client(&server.uri())
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(requests(&server).await, 2);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn retry_after_beyond_the_budget_ends_the_call_at_once() {
    let server =
        server_replying(ResponseTemplate::new(503).insert_header("Retry-After", "30")).await;
    let client = client(
        &server.uri(),
        test_config().retry(
            quick()
                .max_backoff(Duration::from_secs(60))
                .max_elapsed(Duration::from_secs(2)),
        ),
    );
    let started = Instant::now();
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await, 1);
    // Did not sleep 30 s, nor to the end of the 2 s budget.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn the_budget_cuts_an_attempt_short() {
    let server =
        server_replying(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let client = client(
        &server.uri(),
        test_config()
            .timeout(Duration::from_secs(30))
            .retry(quick().max_elapsed(Duration::from_millis(300))),
    );
    let started = Instant::now();
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(300)),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 1);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_reply_over_the_limit_is_not_retried() {
    let server =
        server_replying(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 10_000])).await;
    let client = client(
        &server.uri(),
        test_config().retry(quick()).max_response_bytes(1000),
    );
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn every_attempt_is_authenticated() {
    let server = server_replying(ResponseTemplate::new(503)).await;
    let client = client(
        &server.uri(),
        test_config()
            .retry(quick())
            .credentials(cloudgen_runtime::Credentials::huawei_token("tok-1")),
    );
    client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    for request in received {
        assert_eq!(
            request
                .headers
                .get("x-auth-token")
                .and_then(|v| v.to_str().ok()),
            Some("tok-1")
        );
    }
}
