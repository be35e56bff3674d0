//! The generated paginators on the wire, one list operation per paging pattern the specs show:
//! each walks at least three pages of a loopback server, sends the cursor the vendor expects,
//! and stops where the vendor says the list ends (no marker, an empty page, the total count).

use std::collections::BTreeMap;

use cloudgen_clients::runtime::AccessKey;
use cloudgen_clients::runtime::Error;
use cloudgen_clients::{Config, Credentials};
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A cluster id of the form CCE's pattern requires.
const CLUSTER: &str = "4d1ecb2c-229a-11e8-9c75-0255ac100ceb";

/// Markers of the form the marker's pattern requires (node ids).
const N2: &str = "00000000-0000-0000-0000-000000000002";
const N4: &str = "00000000-0000-0000-0000-000000000004";
const GONE: &str = "00000000-0000-0000-0000-00000000dead";

/// A server answering `GET route` with the page that the request's `cursor` parameter names
/// (`""` when it has none); a cursor it does not know gets a 400 with a Huawei error body.
async fn serve_pages(route: &str, cursor: &'static str, pages: Vec<(&str, Value)>) -> MockServer {
    let server = MockServer::start().await;
    let pages: BTreeMap<String, Value> = pages
        .into_iter()
        .map(|(key, body)| (key.to_owned(), body))
        .collect();
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(move |request: &Request| {
            let key = request
                .url
                .query_pairs()
                .find(|(name, _)| name == cursor)
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default();
            match pages.get(&key) {
                Some(body) => ResponseTemplate::new(200).set_body_json(body),
                None => ResponseTemplate::new(400).set_body_json(
                    json!({"error_code": "TEST.400", "error_msg": format!("no page {key}")}),
                ),
            }
        })
        .mount(&server)
        .await;
    server
}

/// The query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect()
}

fn huawei(server: &MockServer) -> Config {
    Config::new()
        .endpoint(server.uri())
        .project_id("proj-1")
        .credentials(Credentials::huawei_token("token-abc"))
}

fn node(uid: &str) -> Value {
    json!({"kind": "Node", "apiVersion": "v3", "metadata": {"name": uid, "uid": uid}})
}

#[tokio::test]
async fn cce_nodes_follow_the_next_marker_until_a_page_has_none() {
    let route = "/api/v3/projects/proj-1/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/nodes";
    let server = serve_pages(
        route,
        "marker",
        vec![
            ("", json!({"kind": "List", "items": [node("n1"), node("n2")], "pageInfo": {"nextMarker": N2}})),
            (N2, json!({"kind": "List", "items": [node("n3"), node("n4")], "pageInfo": {"nextMarker": N4}})),
            (N4, json!({"kind": "List", "items": [node("n5")], "pageInfo": {}})),
        ],
    )
    .await;
    let client = cloudgen_clients::huawei::cce::Client::new(huawei(&server)).unwrap();
    let nodes = client
        .list_nodes(CLUSTER)
        .into_paginator()
        .page_size(2)
        .collect_items()
        .await
        .expect("three pages");
    let uids: Vec<_> = nodes
        .iter()
        .map(|n| {
            n.metadata
                .as_ref()
                .and_then(|m| m.uid.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(uids, ["n1", "n2", "n3", "n4", "n5"]);
    assert_eq!(
        queries(&server).await,
        [
            "limit=2".to_owned(),
            format!("limit=2&marker={N2}"),
            format!("limit=2&marker={N4}")
        ]
    );
}

#[tokio::test]
async fn workspace_users_advance_the_offset_until_the_total_with_string_typed_parameters() {
    // `limit` and `offset` of ListUsers are strings in the definitions; the total is an integer.
    let user = |name: &str| json!({"user_name": name});
    let server = serve_pages(
        "/v2/proj-1/users",
        "offset",
        vec![
            (
                "",
                json!({"total_count": 5, "users": [user("a"), user("b")]}),
            ),
            (
                "2",
                json!({"total_count": 5, "users": [user("c"), user("d")]}),
            ),
            ("4", json!({"total_count": 5, "users": [user("e")]})),
        ],
    )
    .await;
    let client = cloudgen_clients::huawei::workspace::Client::new(huawei(&server)).unwrap();
    let pages = client
        .list_users()
        .into_paginator()
        .page_size(2)
        .page_lengths()
        .await
        .expect("three pages");
    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]
    );
}

#[tokio::test]
async fn a_top_level_list_without_a_total_ends_at_the_first_empty_page() {
    let hyper = |name: &str| json!({"metadata": {"name": name}});
    let server = serve_pages(
        "/api/v3/projects/proj-1/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/hypernodes",
        "offset",
        vec![
            ("", json!([hyper("h1"), hyper("h2")])),
            ("2", json!([hyper("h3"), hyper("h4")])),
            ("4", json!([])),
        ],
    )
    .await;
    let client = cloudgen_clients::huawei::cce::Client::new(huawei(&server)).unwrap();
    let pages = client
        .list_hyper_nodes(CLUSTER)
        .into_paginator()
        .page_lengths()
        .await
        .expect("three pages");
    assert_eq!(pages, [2, 2, 0]);
    assert_eq!(queries(&server).await, ["", "offset=2", "offset=4"]);
}

fn alibaba(server: &MockServer) -> Config {
    Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::alibaba_access_key(AccessKey::new(
            "ak-id",
            "ak-secret",
        )))
}

#[tokio::test]
async fn ack_clusters_advance_the_page_number_until_the_total() {
    let cluster = |id: &str| json!({"cluster_id": id});
    let info = |page: u32| json!({"page_number": page, "page_size": 2, "total_count": 6});
    let server = serve_pages(
        "/api/v1/clusters",
        "page_number",
        vec![
            (
                "",
                json!({"clusters": [cluster("c1"), cluster("c2")], "page_info": info(1)}),
            ),
            (
                "2",
                json!({"clusters": [cluster("c3"), cluster("c4")], "page_info": info(2)}),
            ),
            (
                "3",
                json!({"clusters": [cluster("c5"), cluster("c6")], "page_info": info(3)}),
            ),
        ],
    )
    .await;
    let client = cloudgen_clients::alibaba::cs::Client::new(alibaba(&server)).unwrap();
    let ids: Vec<String> = client
        .describe_clusters_v1()
        .into_paginator()
        .page_size(2)
        .items()
        .map_ok(|c| c.cluster_id.unwrap_or_default())
        .try_collect()
        .await
        .expect("three pages");
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5", "c6"]);
    assert_eq!(
        queries(&server).await,
        [
            "page_size=2",
            "page_number=2&page_size=2",
            "page_number=3&page_size=2"
        ]
    );
}

#[tokio::test]
async fn ack_tasks_follow_the_next_token_until_it_is_empty() {
    let task = |id: &str| json!({"task_id": id});
    let server = serve_pages(
        "/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/tasks",
        "next_token",
        vec![
            ("", json!({"tasks": [task("t1")], "next_token": "p2"})),
            ("p2", json!({"tasks": [task("t2")], "next_token": "p3"})),
            ("p3", json!({"tasks": [task("t3")], "next_token": ""})),
        ],
    )
    .await;
    let client = cloudgen_clients::alibaba::cs::Client::new(alibaba(&server)).unwrap();
    let pages = client
        .describe_cluster_tasks(CLUSTER)
        .into_paginator()
        .page_lengths()
        .await
        .expect("three pages");
    assert_eq!(pages, [1, 1, 1]);
    assert_eq!(
        queries(&server).await,
        ["", "next_token=p2", "next_token=p3"]
    );
}

#[tokio::test]
async fn kubernetes_pods_follow_continue_until_the_list_metadata_has_none() {
    let pod = |name: &str| json!({"metadata": {"name": name}});
    let list = |items: Vec<Value>, next: Option<&str>| {
        json!({"kind": "PodList", "apiVersion": "v1", "items": items,
               "metadata": {"resourceVersion": "7", "continue": next}})
    };
    let server = serve_pages(
        "/api/v1/namespaces/team-a/pods",
        "continue",
        vec![
            ("", list(vec![pod("a"), pod("b")], Some("k2"))),
            ("k2", list(vec![pod("c"), pod("d")], Some("k3"))),
            ("k3", list(vec![pod("e")], None)),
        ],
    )
    .await;
    let client = cloudgen_clients::kubernetes::api::Client::new(
        Config::new()
            .endpoint(server.uri())
            .credentials(Credentials::bearer_token("sa-token")),
    )
    .unwrap();
    let names: Vec<String> = client
        .list_core_v1_namespaced_pod("team-a")
        .into_paginator()
        .page_size(2)
        .collect_items()
        .await
        .expect("three pages")
        .into_iter()
        .map(|p| p.metadata.and_then(|m| m.name).unwrap_or_default())
        .collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "continue=k2&limit=2", "continue=k3&limit=2"]
    );
}

#[tokio::test]
async fn an_error_ends_the_walk_after_the_pages_before_it() {
    // The second page's marker is unknown to the server: it answers 400.
    let server = serve_pages(
        "/api/v3/projects/proj-1/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/nodes",
        "marker",
        vec![(
            "",
            json!({"items": [node("n1")], "pageInfo": {"nextMarker": GONE}}),
        )],
    )
    .await;
    let client = cloudgen_clients::huawei::cce::Client::new(huawei(&server)).unwrap();
    let pages: Vec<Result<_, _>> =
        futures_util::StreamExt::collect(client.list_nodes(CLUSTER).into_paginator().pages()).await;
    assert_eq!(pages.len(), 2, "a page, then the error, then nothing");
    assert!(pages[0].is_ok());
    match &pages[1] {
        Err(Error::Api(error)) => assert_eq!(error.status, 400),
        other => panic!("expected the 400 of the second page, got {other:?}"),
    }
}

#[tokio::test]
async fn a_service_repeating_the_token_it_was_sent_ends_the_walk() {
    let server = serve_pages(
        "/clusters/4d1ecb2c-229a-11e8-9c75-0255ac100ceb/tasks",
        "next_token",
        vec![
            (
                "",
                json!({"tasks": [{"task_id": "t1"}], "next_token": "same"}),
            ),
            (
                "same",
                json!({"tasks": [{"task_id": "t2"}], "next_token": "same"}),
            ),
        ],
    )
    .await;
    let client = cloudgen_clients::alibaba::cs::Client::new(alibaba(&server)).unwrap();
    let pages = client
        .describe_cluster_tasks(CLUSTER)
        .into_paginator()
        .page_lengths()
        .await
        .expect("two pages");
    assert_eq!(pages, [1, 1]);
}
