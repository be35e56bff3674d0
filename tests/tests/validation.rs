//! Client-side validation on the wire: a value that breaks a constraint of the specification
//! fails before anything is sent, naming the operation, the parameter or field, the constraint
//! and the value (a secret's shown as `***`); validation can be turned off per client and per
//! call; a URL too long to send is refused the same way, with a bounded message.

use cloudgen_clients::huawei::cce;
use cloudgen_clients::huawei::workspace::{self, types};
use cloudgen_clients::runtime::validate::Constraint;
use cloudgen_clients::runtime::{CallOptions, Error, RequestError};
use cloudgen_clients::{Config, Credentials};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

async fn server() -> MockServer {
    cloudgen_tests::server_replying(
        ResponseTemplate::new(200).set_body_json(json!({"items": [], "total_count": 0})),
    )
    .await
}

fn config(server: &MockServer) -> Config {
    Config::new()
        .endpoint(server.uri())
        .project_id("proj-1")
        .credentials(Credentials::huawei_token("token-abc"))
}

fn cce_client(server: &MockServer) -> cce::Client {
    cce::Client::new(config(server)).expect("a valid configuration")
}

fn workspace_client(server: &MockServer) -> workspace::Client {
    workspace::Client::new(config(server)).expect("a valid configuration")
}

/// The request error of `result`, after checking that nothing reached the server.
async fn refused<T: std::fmt::Debug, E: std::fmt::Debug>(
    server: &MockServer,
    result: Result<T, Error<E>>,
) -> RequestError {
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "{} requests were sent", sent.len());
    match result {
        Err(Error::InvalidRequest(error)) => error,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[tokio::test]
async fn a_path_parameter_that_breaks_its_pattern_is_refused_before_sending() {
    let server = server().await;
    let result = cce_client(&server).list_nodes("NOT-A-UUID").send().await;
    let error = refused(&server, result).await;
    assert_eq!(error.operation, "ListNodes");
    assert_eq!(error.parameter, "cluster_id");
    let violation = error.violation().expect("a violation");
    assert!(
        matches!(violation.constraint, Constraint::Pattern(p) if p.starts_with("^[0-9a-z]{8}"))
    );
    assert_eq!(violation.value, "`NOT-A-UUID`");
    assert_eq!(
        error.to_string(),
        "invalid request to ListNodes: parameter `cluster_id` must match the pattern \
         `^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$` (got `NOT-A-UUID`)"
    );
}

#[tokio::test]
async fn a_number_out_of_its_range_is_refused() {
    let server = server().await;
    let result = cce_client(&server)
        .list_nodes("4d1ecb2c-229a-11e8-9c75-0255ac100ceb")
        .limit(-5)
        .send()
        .await;
    let error = refused(&server, result).await;
    assert_eq!(error.parameter, "limit");
    assert_eq!(
        error.violation().map(|v| &v.constraint),
        Some(&Constraint::Minimum(1))
    );
}

#[tokio::test]
async fn valid_values_are_sent() {
    let server = server().await;
    let nodes = cce_client(&server)
        .list_nodes("4d1ecb2c-229a-11e8-9c75-0255ac100ceb")
        .limit(2000)
        .send()
        .await;
    assert!(nodes.is_ok(), "{nodes:?}");
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}

#[tokio::test]
async fn body_fields_are_checked_by_their_path_item_counts_unique_items_and_item_lengths() {
    let server = server().await;
    let client = workspace_client(&server);
    // BatchOperateAppsReq.items: 1 to 50 items, unique, each 1 to 128 characters.
    let cases: Vec<(Vec<String>, Constraint, &str)> = vec![
        (vec![], Constraint::MinItems(1), ""),
        (
            vec!["a".into(), "b".into(), "a".into()],
            Constraint::UniqueItems,
            "",
        ),
        (
            vec!["ok".into(), String::new()],
            Constraint::MinLength(1),
            "items[1]",
        ),
        (
            (0..51).map(|i| i.to_string()).collect(),
            Constraint::MaxItems(50),
            "",
        ),
    ];
    for (items, constraint, field) in cases {
        let result = client
            .batch_disable_apps(types::BatchOperateAppsReq::new(items))
            .send()
            .await;
        let error = refused(&server, result).await;
        assert_eq!(error.parameter, "body");
        let violation = error.violation().expect("a violation");
        assert_eq!(violation.constraint, constraint);
        // The top-level list is the body's field `items`; an item is `items[i]`.
        let expected = if field.is_empty() { "items" } else { field };
        assert_eq!(violation.field, expected, "{error}");
    }
}

#[tokio::test]
async fn nested_fields_and_secrets_are_named_by_path_and_never_shown() {
    let server = server().await;
    let desktop = types::AttachInstancesDesktopInfo::new()
        .with_computer_name("a-computer-name-longer-than-fifteen")
        .with_user_email("ok@example.com");
    let result = workspace_client(&server)
        .attach_instances(types::AttachInstancesReq::new().with_desktops(vec![desktop]))
        .send()
        .await;
    let error = refused(&server, result).await;
    let violation = error.violation().expect("a violation");
    assert_eq!(violation.field, "desktops[0].computer_name");
    assert_eq!(violation.constraint, Constraint::MaxLength(15));

    // `user_email` is personal data: its value is redacted.
    let desktop = types::AttachInstancesDesktopInfo::new().with_user_email("x".repeat(300));
    let result = workspace_client(&server)
        .attach_instances(types::AttachInstancesReq::new().with_desktops(vec![desktop]))
        .send()
        .await;
    let error = refused(&server, result).await;
    let violation = error.violation().expect("a violation");
    assert_eq!(violation.field, "desktops[0].user_email");
    assert_eq!(violation.value, "***");
    assert!(!error.to_string().contains("xxx"), "{error}");
}

#[tokio::test]
async fn validation_is_off_for_a_call_or_for_a_client_that_says_so() {
    let server = server().await;
    cce_client(&server)
        .list_nodes("NOT-A-UUID")
        .call_options(CallOptions::new().validate_requests(false))
        .send()
        .await
        .expect("sent unchecked");
    let client = cce::Client::new(config(&server).validate_requests(false)).unwrap();
    client
        .list_nodes("NOT-A-UUID")
        .send()
        .await
        .expect("sent unchecked");
    // A call can turn it back on for a client that has it off.
    let result = client
        .list_nodes("NOT-A-UUID")
        .call_options(CallOptions::new().validate_requests(true))
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "{result:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

#[tokio::test]
async fn a_path_value_too_long_for_a_url_is_an_invalid_request_with_a_bounded_message() {
    let server = server().await;
    // Validation off: the transport's own limit applies to every value, constrained or not.
    let client = cce::Client::new(config(&server).validate_requests(false)).unwrap();
    let result = client.list_nodes("x".repeat(70_000)).send().await;
    let error = refused(&server, result).await;
    assert_eq!(error.parameter, "cluster_id");
    let message = error.to_string();
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
    assert!(message.contains("16384"), "{message}");
}
