//! Every operation of the Alibaba ACK (CS 2015-12-15) specs, on the wire, against the official
//! Python SDK: `tests/vectors/alibaba-services/cs/<Operation>.json` (written by
//! `conformance/alibaba/record_services.py`) holds the one request the SDK built and signed with
//! every parameter filled; the generated client makes the same call with the same inputs,
//! AccessKey, clock and nonce against a loopback server on the vector's port (`host` is signed),
//! and the two requests are compared: method, path, query, every header the SDK signed, and the
//! body as a JSON value and as text; the client's `Authorization` must pass the fake gateway
//! (`cloudgen_tests::fake_alibaba`), an independent implementation of ACS3-HMAC-SHA256 checked
//! against the SDK's own signatures in `conformance_alibaba.rs`.
//!
//! Two differences are deliberate and documented in the README, not counted as mismatches:
//! the SDK signs `x-acs-credentials-provider` (the name of its credential class), and writes a
//! Python bool in the query as `True`/`False` where the client writes `true`/`false`. Because
//! both are signed, the two signatures differ, which is why the signature is verified rather
//! than compared.
//!
//! `vectors/alibaba-services/expected_matches.txt` lists the operations that match: the test
//! fails when one of them stops matching. `UPDATE_EXPECTED_MATCHES=1` rewrites it; run with
//! `-- --nocapture` for the report.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::{Duration, UNIX_EPOCH};

use cloudgen_clients::{Config, Credentials};
// No ACK operation uploads a file, so the cases never read `optional_file`/`required_file`.
use cloudgen_runtime::AccessKey;
use cloudgen_tests::case_inputs::{optional_input, required_input, Matches};
use cloudgen_tests::fake_alibaba::FakeAlibabaGateway;
use cloudgen_tests::huawei_vectors::server_on_port;
use serde::Deserialize;
use serde_json::Value;
use wiremock::ResponseTemplate;

type CaseFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

include!(concat!(env!("OUT_DIR"), "/alibaba_services_cases.rs"));

/// The operations that match, at least: all but the 8 whose differences the README explains
/// (7 bodies with fields of SDK models newer than the vendored definitions, 1 `Accept`).
const MATCH_FLOOR: usize = 139;

/// Signed by the SDK only: the name of its credential provider class, for its telemetry.
const SDK_ONLY_SIGNED: &[&str] = &["x-acs-credentials-provider"];

#[derive(Debug, Deserialize)]
struct Vector {
    operation: String,
    port: u16,
    unix_time: u64,
    nonce: String,
    region: String,
    access_key_id: String,
    access_key_secret: String,
    user_agent: String,
    inputs: Value,
    request: Recorded,
    signature: Signature,
}

#[derive(Debug, Deserialize)]
struct Recorded {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
}

#[derive(Debug, Deserialize)]
struct Signature {
    signed_headers: Vec<String>,
}

impl Vector {
    fn header(&self, name: &str) -> Option<&str> {
        self.request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn config(&self) -> Config {
        Config::new()
            .region(&self.region)
            .endpoint(format!("http://127.0.0.1:{}", self.port))
            .credentials(Credentials::alibaba_access_key(AccessKey::new(
                &self.access_key_id,
                &self.access_key_secret,
            )))
            .fixed_signing_inputs(
                UNIX_EPOCH + Duration::from_secs(self.unix_time),
                &self.nonce,
            )
            .user_agent(&self.user_agent)
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/alibaba-services")
}

fn vectors() -> Vec<Vector> {
    let dir = vectors_dir().join("cs");
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

/// `key=value` pairs of a query, percent-decoded, sorted; a Python bool as the client writes it.
/// `base` is any URL; only its query is replaced (the `url` crate wiremock re-exports does the
/// decoding).
fn query_pairs(base: &wiremock::Request, query: &str, python_bools: bool) -> Vec<(String, String)> {
    let mut url = base.url.clone();
    url.set_query(Some(query));
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = match (python_bools, v.as_ref()) {
                (true, "True") => "true".to_owned(),
                (true, "False") => "false".to_owned(),
                _ => v.into_owned(),
            };
            (k.into_owned(), v)
        })
        .collect();
    pairs.sort();
    pairs
}

async fn check(vector: &Vector) -> Result<(), Vec<String>> {
    let reply = ResponseTemplate::new(200)
        .insert_header("x-acs-request-id", "00000000-0000-0000-0000-000000000000")
        .set_body_raw("{}", "application/json");
    let server = server_on_port(vector.port, reply)
        .await
        .map_err(|e| vec![e])?;
    let outcome = exercise(vector, &server).await;
    tokio::task::spawn_blocking(move || drop(server))
        .await
        .expect("the server shuts down");
    outcome
}

async fn exercise(vector: &Vector, server: &wiremock::MockServer) -> Result<(), Vec<String>> {
    let call = call_generated(
        "cs",
        &vector.operation,
        vector.config(),
        vector.inputs.clone(),
    )
    .ok_or_else(|| vec!["not generated".to_owned()])?;
    call.await.map_err(|e| vec![e])?;
    let mut received = server.received_requests().await.expect("recording is on");
    if received.len() != 1 {
        return Err(vec![format!("sent {} requests, not one", received.len())]);
    }
    let ours = received.remove(0);
    let mut problems = Vec::new();
    if ours.method.as_str() != vector.request.method {
        problems.push(format!(
            "method: {} against the SDK's {}",
            ours.method, vector.request.method
        ));
    }
    let our_path = ours.url.path();
    if our_path != vector.request.path {
        problems.push(format!(
            "path: {our_path} against the SDK's {}",
            vector.request.path
        ));
    }
    let our_query = query_pairs(&ours, ours.url.query().unwrap_or_default(), false);
    let sdk_query = query_pairs(&ours, &vector.request.query, true);
    if our_query != sdk_query {
        problems.push(format!(
            "query: {our_query:?} against the SDK's {sdk_query:?}"
        ));
    }
    for name in &vector.signature.signed_headers {
        if SDK_ONLY_SIGNED.contains(&name.as_str()) {
            continue;
        }
        let theirs = vector.header(name);
        let mine = ours
            .headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok());
        if mine != theirs {
            problems.push(format!(
                "header {name}: {mine:?} against the SDK's {theirs:?}"
            ));
        }
    }
    let sdk_body = vector.request.body.as_bytes();
    if ours.body != sdk_body {
        let as_json = |bytes: &[u8]| serde_json::from_slice::<Value>(bytes).ok();
        match (as_json(&ours.body), as_json(sdk_body)) {
            (Some(a), Some(b)) if a == b => problems.push(
                "body: the same JSON value, written differently (so its hash differs)".to_owned(),
            ),
            _ => problems.push(format!(
                "body: {} against the SDK's {}",
                String::from_utf8_lossy(&ours.body),
                vector.request.body
            )),
        }
    }
    let gateway = FakeAlibabaGateway::new()
        .with_key(&vector.access_key_id, &vector.access_key_secret)
        .at(UNIX_EPOCH + Duration::from_secs(vector.unix_time + 30));
    if let Err(rejection) = gateway.check_signature(&ours) {
        problems.push(format!(
            "signature: the fake gateway refuses it: {rejection:?}"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn expected_matches_path() -> PathBuf {
    vectors_dir().join("expected_matches.txt")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ack_operation_is_sent_as_the_official_sdk_sends_it() {
    let vectors = vectors();
    assert!(
        vectors.len() >= 147,
        "{} vectors; record_services.py records one per operation",
        vectors.len()
    );
    let mut matching = BTreeSet::new();
    let mut differing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for vector in &vectors {
        match check(vector).await {
            Ok(()) => {
                matching.insert(vector.operation.clone());
            }
            Err(problems) => {
                differing.insert(vector.operation.clone(), problems);
            }
        }
    }
    Matches {
        what: "ACK",
        reference: "the official SDK",
        total: vectors.len(),
        matching,
        differing,
    }
    .check_against(
        &expected_matches_path(),
        "# Written by conformance_alibaba_services.rs (UPDATE_EXPECTED_MATCHES=1): the ACK operations that match the SDK.\n",
        MATCH_FLOOR,
    );
}

#[test]
fn every_generated_ack_operation_has_a_vector() {
    let recorded: BTreeSet<String> = vectors().into_iter().map(|v| v.operation).collect();
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/alibaba/cs/operations");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&specs).expect("the ACK specs") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !recorded.contains(&name) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "operations without a recorded vector (run conformance/alibaba/record_services.py): {missing:?}"
    );
}
