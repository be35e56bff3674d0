//! What goes on the wire: method, path, query, headers and body, against a loopback server.

mod support;

use cloudgen_runtime::{CallOptions, Client, Config, Credentials, Request};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn request_parts_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-1")
                .set_body_json(json!({"id": "c-1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(
        &server.uri(),
        test_config()
            .project_id("proj-1")
            .credentials(Credentials::huawei_token("tok-123")),
    );

    // Generated builders store repeated parameters as `Vec`s.
    let tags: Vec<String> = vec!["a".to_owned(), "b&c=d".to_owned()];
    let request = Request::new(&UPDATE_CLUSTER)
        .project_path_param("project_id")
        .path_param("cluster_id", &"c-1")
        .query("limit", &10)
        .query_opt("marker", Some(&"m x"))
        .query_opt::<String>("absent", None)
        .query_each("tag", &tags)
        .query_each::<u32>("empty", &[])
        .header("X-Language", &"en-us")
        .header_opt::<&str>("X-Absent", None)
        .json_body(&json!({"spec": {"name": "n"}}));
    let response = client.execute::<TestError>(request).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-1"));
    let body: serde_json::Value = response.json::<_, TestError>().unwrap();
    assert_eq!(body, json!({"id": "c-1"}));

    let received = server.received_requests().await.unwrap();
    let sent = &received[0];
    assert_eq!(sent.method.as_str(), "PUT");
    assert_eq!(sent.url.path(), "/api/v3/projects/proj-1/clusters/c-1");
    assert_eq!(
        sent.url.query(),
        Some("limit=10&marker=m%20x&tag=a&tag=b%26c%3Dd")
    );
    assert_eq!(header(sent, "x-auth-token"), Some("tok-123"));
    assert_eq!(header(sent, "content-type"), Some("application/json"));
    assert_eq!(header(sent, "accept"), Some("application/json"));
    assert_eq!(header(sent, "x-language"), Some("en-us"));
    assert!(header(sent, "user-agent")
        .unwrap()
        .starts_with("cloudgen-runtime/"));
    assert!(sent.headers.get("x-absent").is_none());
    assert!(sent.headers.get("x-acs-action").is_none());
    let sent_body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(sent_body, json!({"spec": {"name": "n"}}));
}

#[tokio::test]
async fn endpoint_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/gateway/v1/items/7"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/gateway/v1/", server.uri()), test_config());
    assert!(client.base_url().ends_with("/gateway/v1"));
    let request = Request::new(&GET_ITEM).path_param("id", &7);
    let response = client.execute::<TestError>(request).await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn operation_headers_win_over_defaults_and_anonymous_sends_no_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::new(
        &OPEN,
        Config::new()
            .endpoint(server.uri())
            .user_agent("my-app/1.0"),
    )
    .unwrap();
    let request = Request::new(&LIST_ITEMS)
        .header("Content-Type", &"application/json;charset=UTF-8")
        .json_body(&json!([]));
    client.execute::<TestError>(request).await.unwrap();

    let received = server.received_requests().await.unwrap();
    let sent = &received[0];
    let content_types: Vec<_> = sent.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types, ["application/json;charset=UTF-8"]);
    assert_eq!(header(sent, "user-agent"), Some("my-app/1.0"));
    assert!(sent.headers.get("x-auth-token").is_none());
}

#[tokio::test]
async fn alibaba_calls_carry_action_and_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-acs-request-id", "ali-9"))
        .mount(&server)
        .await;
    let client = Client::new(&CS, alibaba_test_config().endpoint(server.uri())).unwrap();
    let response = client
        .execute::<TestError>(Request::new(&DESCRIBE_CLUSTERS).query("page_size", &5))
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("ali-9"));

    let received = server.received_requests().await.unwrap();
    let sent = &received[0];
    assert_eq!(sent.url.path(), "/api/v1/clusters");
    assert_eq!(header(sent, "x-acs-action"), Some("DescribeClustersV1"));
    assert_eq!(header(sent, "x-acs-version"), Some("2015-12-15"));
    assert!(sent.headers.get("content-type").is_none());
}

#[tokio::test]
async fn hostile_path_values_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server.uri(), test_config());
    for (value, expected) in [
        ("a/b?c#d%e f", "/items/a%2Fb%3Fc%23d%25e%20f"),
        ("é", "/items/%C3%A9"),
        ("..a", "/items/..a"),
        ("%2e%2e", "/items/%252e%252e"),
    ] {
        let request = Request::new(&GET_ITEM).path_param("id", &value);
        client.execute::<TestError>(request).await.unwrap();
        let received = server.received_requests().await.unwrap();
        let sent = received.last().unwrap();
        assert_eq!(sent.url.path(), expected, "value {value:?}");
        assert_eq!(sent.url.query(), None, "value {value:?}");
    }
}

#[tokio::test]
async fn unsafe_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server.uri(), test_config());
    for value in ["", ".", ".."] {
        let request = Request::new(&GET_ITEM).path_param("id", &value);
        let error = client.execute::<TestError>(request).await.unwrap_err();
        let Error::InvalidRequest(e) = &error else {
            panic!("expected InvalidRequest for {value:?}, got {error:?}");
        };
        assert_eq!(e.parameter, "id");
        assert_eq!(e.operation, "ShowItem");
        assert!(
            error.to_string().contains("parameter `id` must not be"),
            "{error}"
        );
    }

    let request = Request::new(&LIST_ITEMS).header("X-Custom", &"ok\r\nX-Injected: 1");
    let error = client.execute::<TestError>(request).await.unwrap_err();
    let Error::InvalidRequest(e) = &error else {
        panic!("expected InvalidRequest, got {error:?}");
    };
    assert_eq!(e.parameter, "X-Custom");
    assert!(e.reason.contains("CR, LF"), "{error}");

    // A placeholder nobody filled.
    let error = client
        .execute::<TestError>(Request::new(&GET_ITEM))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.parameter == "id"),
        "{error:?}"
    );

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn body_serialization_failure_is_reported() {
    struct Unserializable;
    impl serde::Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("refused"))
        }
    }
    let server = MockServer::start().await;
    let client = client(&server.uri(), test_config());
    let request = Request::new(&LIST_ITEMS).json_body(&Unserializable);
    let error = client.execute::<TestError>(request).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.parameter == "body"),
        "{error:?}"
    );
    assert!(error.to_string().contains("refused"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn project_id_comes_from_the_call_or_the_config() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let request = |project: Option<&str>| {
        let options = match project {
            Some(project) => CallOptions::new().project_id(project),
            None => CallOptions::new(),
        };
        Request::new(&DELETE_ASSOCIATION)
            .options(options)
            .project_path_param("project_id")
            .path_param("cluster_id", &"c")
            .path_param("id", &"a")
    };

    let configured = client(&server.uri(), test_config().project_id("from-config"));
    configured
        .execute::<TestError>(request(None))
        .await
        .unwrap();
    configured
        .execute::<TestError>(request(Some("from-call")))
        .await
        .unwrap();
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v3/projects/from-config/clusters/c/podidentityassociations/a",
            "/api/v3/projects/from-call/clusters/c/podidentityassociations/a",
        ]
    );

    let unconfigured = client(&server.uri(), test_config());
    let error = unconfigured
        .execute::<TestError>(request(None))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.parameter == "project_id"),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(
            "parameter `project_id` is not set: set it on the call or configure a project id on the client"
        ),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// The shape of a generated `send` with several success statuses: `?` must infer the error
/// type from the function's return type.
#[derive(Debug, PartialEq)]
enum ListItemsOutput {
    Ok(serde_json::Value),
    Created,
}

async fn generated_style_send(client: &Client) -> Result<ListItemsOutput, Error> {
    let request = Request::new(&LIST_ITEMS);
    let response = client.execute(request).await?;
    match response.status() {
        200 => Ok(ListItemsOutput::Ok(response.json()?)),
        201 => Ok(ListItemsOutput::Created),
        _ => Err(response.unexpected_status()),
    }
}

#[tokio::test]
async fn generated_code_pattern_compiles_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .mount(&server)
        .await;
    let client = client(&server.uri(), test_config());
    assert_eq!(
        generated_style_send(&client).await.unwrap(),
        ListItemsOutput::Ok(json!({"items": []}))
    );
}
