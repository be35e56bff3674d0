//! Every operation of the Kubernetes API specs, on the wire, against the official Python client
//! `kubernetes` 37.0.2: `tests/vectors/kubernetes/api/<Operation>.json` (written by
//! `conformance/kubernetes/record_operations.py`) holds the one request the client sent with every
//! parameter filled; the generated client makes the same call with the same inputs and bearer
//! token against a loopback server, and the two requests are compared: method, path, query,
//! `Accept`, `Content-Type`, `Authorization`, and the body as a JSON value (Python writes
//! `", "` and `": "` between items, the client writes none, so the text differs by design).
//! Two differences of the Python client are not counted: it sends no `Content-Type` with a JSON
//! body (the document says `*/*`), where the client sends `application/json`; and it rewrites a
//! time it was given as `...Z` as `...+00:00`, the same instant.
//!
//! A patch is sent as the kind the Python client chose (it sends a strategic merge patch for an
//! object): the case builds the `Patch` of the media type the vector recorded.
//!
//! `vectors/kubernetes/expected_matches.txt` lists the operations that match: the test fails when
//! one of them stops matching. `UPDATE_EXPECTED_MATCHES=1` rewrites it; run with
//! `-- --nocapture` for the report.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::case_inputs::{
    optional_input, patch_input, read_list, required_input, Matches,
};
use serde::Deserialize;
use serde_json::Value;
use wiremock::{Mock, MockServer, ResponseTemplate};

type CaseFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

include!(concat!(env!("OUT_DIR"), "/kubernetes_cases.rs"));

/// The operations that match, at least.
/// All but the 33 whose differences the README explains (21 `path` queries the Python client
/// cannot send, 9 bodies with fields its models lack, 3 `Accept` of raw replies).
const MATCH_FLOOR: usize = 813;

/// The headers compared: what the API server reads besides the path, query and body.
const COMPARED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

#[derive(Debug, Deserialize)]
struct Vector {
    operation: String,
    token: String,
    inputs: Value,
    request: Recorded,
}

#[derive(Debug, Deserialize)]
struct Recorded {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Vector {
    fn header(&self, name: &str) -> Option<&str> {
        self.request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The inputs, with the patch kind the Python client chose.
    fn inputs(&self) -> Value {
        let mut inputs = self.inputs.clone();
        if let (Some(media), Some(object)) = (self.header("content-type"), inputs.as_object_mut()) {
            if media.contains("patch") {
                object.insert("patch_media_type".to_owned(), Value::from(media));
            }
        }
        inputs
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/kubernetes")
}

fn vectors() -> Vec<Vector> {
    let dir = vectors_dir().join("api");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a readable vector");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// `key=value` pairs of a query, percent-decoded, sorted (`base` is any URL; only its query is
/// replaced).
fn query_pairs(base: &wiremock::Request, query: &str) -> Vec<(String, String)> {
    let mut url = base.url.clone();
    url.set_query(Some(query));
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

async fn check(vector: &Vector, server: &MockServer) -> Result<(), Vec<String>> {
    server.reset().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(server)
        .await;
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::bearer_token(&vector.token));
    let call = call_generated("api", &vector.operation, config, vector.inputs())
        .ok_or_else(|| vec!["not generated".to_owned()])?;
    // The made-up reply may not decode; only the request matters.
    let _ = call.await;
    let mut received = server.received_requests().await.expect("recording is on");
    if received.len() != 1 {
        return Err(vec![format!("sent {} requests, not one", received.len())]);
    }
    let ours = received.remove(0);
    let mut problems = Vec::new();
    if ours.method.as_str() != vector.request.method {
        problems.push(format!(
            "method: {} against the client's {}",
            ours.method, vector.request.method
        ));
    }
    let our_path = ours.url.path();
    if our_path != vector.request.path {
        problems.push(format!(
            "path: {our_path} against the client's {}",
            vector.request.path
        ));
    }
    let our_query = query_pairs(&ours, ours.url.query().unwrap_or_default());
    let their_query = query_pairs(&ours, &vector.request.query);
    if our_query != their_query {
        problems.push(format!(
            "query: {our_query:?} against the client's {their_query:?}"
        ));
    }
    for name in COMPARED_HEADERS {
        let mut theirs = vector.header(name);
        let mine = ours.headers.get(*name).and_then(|v| v.to_str().ok());
        if *name == "content-type" && theirs.is_none() && !vector.request.body.is_empty() {
            // The document says a body is `*/*`, for which the Python client sends no type;
            // the client says what it sends.
            theirs = Some("application/json");
        }
        if mine != theirs {
            problems.push(format!(
                "header {name}: {mine:?} against the client's {theirs:?}"
            ));
        }
    }
    let as_json = |bytes: &[u8]| serde_json::from_slice::<Value>(bytes).ok();
    let theirs = vector.request.body.as_bytes();
    let same_body = match (ours.body.is_empty(), theirs.is_empty()) {
        (true, true) => true,
        (false, false) => {
            as_json(&ours.body).is_some() && as_json(&ours.body) == as_json(theirs).map(utc_as_z)
        }
        _ => false,
    };
    if !same_body {
        problems.push(format!(
            "body: {} against the client's {}",
            String::from_utf8_lossy(&ours.body),
            vector.request.body
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// `value` with the times the Python client rewrites (`2026-01-01T00:00:00+00:00`, from the
/// `...Z` it was given) written back as given: the same instant.
fn utc_as_z(value: Value) -> Value {
    match value {
        Value::String(text) => match text.strip_suffix("+00:00") {
            Some(time) if time.len() == 19 && time.as_bytes().get(10) == Some(&b'T') => {
                Value::String(format!("{time}Z"))
            }
            _ => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(utc_as_z).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, utc_as_z(v))).collect())
        }
        other => other,
    }
}

fn expected_matches_path() -> PathBuf {
    vectors_dir().join("expected_matches.txt")
}

/// The cases run on a thread with a large stack: in a debug build the futures of the calls with
/// the largest bodies (a `Pod`, a `CustomResourceDefinition`) are built on the stack before they
/// are boxed, and outgrow a test thread's 2 MiB.
#[test]
fn every_kubernetes_operation_is_sent_as_the_official_client_sends_it() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_stack_size(256 << 20)
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(compare_every_operation())
        })
        .expect("a thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

async fn compare_every_operation() {
    let vectors = vectors();
    assert!(
        vectors.len() >= 846,
        "{} vectors; record_operations.py records one per operation the Python client has",
        vectors.len()
    );
    let server = MockServer::start().await;
    let mut matching = BTreeSet::new();
    let mut differing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for vector in &vectors {
        match check(vector, &server).await {
            Ok(()) => {
                matching.insert(vector.operation.clone());
            }
            Err(problems) => {
                differing.insert(vector.operation.clone(), problems);
            }
        }
    }
    Matches {
        what: "Kubernetes",
        reference: "the official Python client",
        total: vectors.len(),
        matching,
        differing,
    }
    .check_against(
        &expected_matches_path(),
        "# Written by conformance_kubernetes.rs (UPDATE_EXPECTED_MATCHES=1): the Kubernetes operations that match the Python client.\n",
        MATCH_FLOOR,
    );
}

#[test]
fn every_generated_operation_has_a_vector_or_is_not_in_the_client() {
    let recorded: BTreeSet<String> = vectors().into_iter().map(|v| v.operation).collect();
    let not_in_client = read_list(&vectors_dir().join("not_in_client.txt"));
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/kubernetes/api/operations");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&specs).expect("the Kubernetes specs") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !recorded.contains(&name) && !not_in_client.contains(&name) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "operations without a vector (run conformance/kubernetes/record_operations.py): {missing:?}"
    );
    assert!(
        recorded.is_disjoint(&not_in_client),
        "not_in_client.txt lists recorded operations"
    );
}
