//! How failures surface: error replies, undecodable bodies, limits, timeouts, transport.

mod support;

use std::time::{Duration, Instant};

use cloudgen_runtime::{Request, RetryPolicy};
use serde_json::json;
use support::*;
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn delete_request() -> Request {
    Request::new(&DELETE_ASSOCIATION)
        .path_param("project_id", &"p")
        .path_param("cluster_id", &"c")
        .path_param("id", &"a")
}

#[tokio::test]
async fn error_body_is_decoded() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-Request-Id", "abc")
                .set_body_json(
                    json!({"error_code": "CCE.01404001", "error_msg": "cluster not found"}),
                ),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), test_config());
    let error = client
        .execute::<TestError>(delete_request())
        .await
        .unwrap_err();

    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 404);
    assert_eq!(api.operation, "DeletePodIdentityAssociation");
    assert_eq!(api.code(), Some("CCE.01404001"));
    assert_eq!(api.message(), Some("cluster not found"));
    assert_eq!(api.request_id.as_deref(), Some("abc"));
    assert!(api.body.is_some());
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.to_string(),
        "DeletePodIdentityAssociation failed with HTTP 404: CCE.01404001: cluster not found (request id abc)"
    );
}

#[tokio::test]
async fn html_gateway_page_is_quoted_briefly() {
    let page = format!(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>{}</body></html>",
        "padding ".repeat(200)
    );
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html"))
        .mount(&server)
        .await;
    let client = client(&server.uri(), test_config());
    let error = client
        .execute::<TestError>(delete_request())
        .await
        .unwrap_err();

    let api = error.api_error().expect("an API error");
    assert!(api.body.is_none());
    assert_eq!(api.status, 502);
    assert_eq!(api.raw_body, page.as_bytes());
    assert_eq!(api.code(), None);
    let text = error.to_string();
    assert!(
        text.starts_with(
            "DeletePodIdentityAssociation failed with HTTP 502: <html> <head><title>502 Bad Gateway</title>"
        ),
        "{text}"
    );
    assert!(!text.contains('\n') && !text.contains('\r'), "{text}");
    assert!(text.len() < 400, "{} chars: {text}", text.len());
    assert!(text.ends_with('…'), "{text}");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = MockServer::start().await;
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let client = client(
        &server.uri(),
        test_config().credentials(cloudgen_runtime::Credentials::huawei_token("tok")),
    );
    let error = client
        .execute::<TestError>(delete_request())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(302));
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn undecodable_success_body_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json at all"))
        .mount(&server)
        .await;
    let client = client(&server.uri(), test_config());
    let response = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    let error = response.json::<serde_json::Value, TestError>().unwrap_err();
    let Error::Decode {
        operation,
        status,
        body,
        ..
    } = &error
    else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!((*operation, *status), ("ListItems", 200));
    assert_eq!(&body[..], b"not json at all");
    assert!(
        error
            .to_string()
            .contains("body starts with: not json at all"),
        "{error}"
    );
}

#[tokio::test]
async fn undocumented_success_status_becomes_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Request-Id", "r-201")
                .set_body_string("{}"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), test_config());
    let response = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let error: Error = response.unexpected_status();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 201);
    assert!(api.body.is_none());
    assert_eq!(api.request_id.as_deref(), Some("r-201"));
    assert_eq!(
        error.to_string(),
        "ListItems failed with HTTP 201: {} (request id r-201)"
    );
}

#[tokio::test]
async fn reply_over_the_limit_with_content_length() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 10_000]))
        .mount(&server)
        .await;
    let limited = client(&server.uri(), test_config().max_response_bytes(4096));
    let error = limited
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                operation: "ListItems",
                limit: 4096
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("4096 bytes"), "{error}");

    // Exactly at the limit is fine.
    let exact = client(&server.uri(), test_config().max_response_bytes(10_000));
    let response = exact
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.body().len(), 10_000);
}

#[tokio::test]
async fn declared_length_is_refused_without_reading_the_body() {
    // Declares 100 MB and sends nothing: only the up-front check can answer quickly.
    let reply = b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".to_vec();
    let base = one_shot_server(reply, Duration::from_secs(5)).await;
    let client = client(&base, test_config().max_response_bytes(1024));
    let started = Instant::now();
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn reply_over_the_limit_without_content_length() {
    let base = one_shot_server(chunked_reply(8, 1024), Duration::ZERO).await;
    let limited = client(&base, test_config().max_response_bytes(4096));
    let error = limited
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 4096, .. }),
        "{error:?}"
    );

    // The same chunked reply within the limit is read completely.
    let base = one_shot_server(chunked_reply(8, 1024), Duration::ZERO).await;
    let roomy = client(&base, test_config().max_response_bytes(8192));
    let response = roomy
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.body().len(), 8192);
}

#[tokio::test]
async fn slow_reply_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    // One attempt: the retries of a timed-out call are covered in retries.rs.
    let client = client(
        &server.uri(),
        test_config()
            .timeout(Duration::from_millis(200))
            .retry(RetryPolicy::none()),
    );
    let started = Instant::now();
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout { operation: "ListItems", after } if after == Duration::from_millis(200)
        ),
        "{error:?}"
    );
    assert!(error.is_timeout());
    assert_eq!(error.to_string(), "ListItems timed out after 200ms");
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // A port that was just free: nothing listens on it any more.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = client(&format!("http://{address}"), test_config());
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "ListItems",
                ..
            }
        ),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.starts_with("ListItems: HTTP request failed"), "{text}");
    // The root cause is part of the one line, not only of the source chain.
    assert!(text.to_lowercase().contains("refused"), "{text}");
    assert!(std::error::Error::source(&error).is_some());
}
