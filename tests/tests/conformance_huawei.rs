//! Huawei Cloud `SDK-HMAC-SHA256`: the generated clients' signed requests against requests
//! the official Python SDK signed (`tests/vectors/huawei/*.json`, written by
//! `conformance/huawei/record.py`), and against an independent gateway-side verifier
//! (`cloudgen_tests::fake_huawei`).
//!
//! Each vector names a fixed loopback port (31101..31110, below Linux's ephemeral range, so no outgoing connection
//! of another test holds it): the test binds its server there,
//! so the `Host` the SDK signed (`127.0.0.1:<port>`) is the `Host` our client signs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use cloudgen_clients::huawei::{cce, workspace};
use cloudgen_clients::runtime::{AccessKey, Error};
use cloudgen_clients::{Config, Credentials};
use cloudgen_tests::fake_huawei::{self, Clock, Received};
use cloudgen_tests::huawei_vectors::{
    latin1_bytes, sdk_config, server_on_port, VectorAuthorization, VectorCredentials,
    VectorRequest, VectorTime, UNSIGNED_DIFFERENCES,
};
use cloudgen_tests::only_request;
use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- The recorded vectors -------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    operation: String,
    parameters: Value,
    /// `none`, `json-text` (the SDK was handed the exact body text the Rust client sends) or
    /// `sdk-model` (the SDK serialised its own model; the text differs, the value does not).
    body_mode: String,
    credentials: VectorCredentials,
    time: VectorTime,
    port: u16,
    endpoint: String,
    request: VectorRequest,
    authorization: VectorAuthorization,
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/huawei")
}

fn load(name: &str) -> Vector {
    let path = vectors_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every request vector (`signer_cases.json` is the runtime's unit-test input).
fn vector_names() -> BTreeSet<String> {
    std::fs::read_dir(vectors_dir())
        .expect("tests/vectors/huawei exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| name != "signer_cases")
        .collect()
}

fn keys_of(vector: &Vector) -> HashMap<String, String> {
    HashMap::from([(vector.credentials.ak.clone(), vector.credentials.sk.clone())])
}

fn str_param<'a>(vector: &'a Vector, name: &str) -> &'a str {
    vector.parameters[name]
        .as_str()
        .unwrap_or_else(|| panic!("{}: parameter {name}", vector.name))
}

fn policy_body(vector: &Vector) -> workspace::types::BatchDeleteAccessPoliciesRequestBody {
    serde_json::from_value(vector.parameters["body"].clone()).expect("a policy_id_list body")
}

/// Sends the vector's operation with the generated client, configured as the SDK was, and
/// returns what arrived.
async fn replay(vector: &Vector) -> wiremock::Request {
    let reply = match vector.operation.as_str() {
        "DeletePodIdentityAssociation" => ResponseTemplate::new(204),
        "ListPodIdentityAssociations" => {
            ResponseTemplate::new(200).set_body_raw("[]", "application/json")
        }
        _ => ResponseTemplate::new(200).set_body_raw("{}", "application/json"),
    };
    let server = server_on_port(vector.port, reply)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", vector.name));
    assert_eq!(server.uri(), vector.endpoint);

    let user_agent = vector
        .request
        .header("User-Agent")
        .expect("the SDK sends a User-Agent");
    let config = sdk_config(
        &vector.endpoint,
        &vector.credentials,
        &vector.time,
        user_agent,
    );
    match vector.operation.as_str() {
        "DeletePodIdentityAssociation" => cce::Client::new(config)
            .expect("a valid configuration")
            .delete_pod_identity_association(
                str_param(vector, "cluster_id"),
                str_param(vector, "association_id"),
            )
            .send()
            .await
            .expect("204 is success"),
        "ListPodIdentityAssociations" => {
            let list = cce::Client::new(config)
                .expect("a valid configuration")
                .list_pod_identity_associations(str_param(vector, "cluster_id"))
                .send()
                .await
                .expect("200 is success");
            assert!(list.is_empty());
        }
        "BatchDeleteAccessPolicies" => workspace::Client::new(config)
            .expect("a valid configuration")
            .batch_delete_access_policies(policy_body(vector))
            .send()
            .await
            .expect("200 is success"),
        other => panic!("{}: no replay for operation {other}", vector.name),
    }
    only_request(&server).await
}

/// Replays vector `name` and compares our request with the SDK's.
async fn check_vector(name: &str) {
    let vector = load(name);
    assert_eq!(vector.name, name);
    let sdk = &vector.request;
    let ours = replay(&vector).await;
    let header = |name: &str| {
        ours.headers
            .get(name)
            .map(|v| v.to_str().expect("a visible ASCII header value"))
    };

    // Method, path, query: identical bytes.
    assert_eq!(ours.method.as_str(), sdk.method, "{name}: method");
    assert_eq!(ours.url.path(), sdk.path, "{name}: path");
    assert_eq!(ours.url.query(), sdk.query.as_deref(), "{name}: query");

    // Body: identical bytes, or for the SDK's own serialisation the same JSON value.
    let sdk_body = sdk.body.clone().unwrap_or_default();
    match vector.body_mode.as_str() {
        "none" | "json-text" => assert_eq!(
            String::from_utf8_lossy(&ours.body),
            sdk_body,
            "{name}: body"
        ),
        "sdk-model" => {
            let ours_value: Value = serde_json::from_slice(&ours.body).expect("a JSON body");
            let sdk_value: Value = serde_json::from_str(&sdk_body).expect("a JSON body");
            assert_eq!(ours_value, sdk_value, "{name}: body value");
            assert_ne!(ours.body, sdk_body.as_bytes(), "{name}: spacing differs");
        }
        other => panic!("{name}: unknown body_mode {other}"),
    }

    // The protocol headers, one by one, for readable failures.
    assert_eq!(header("x-sdk-date"), Some(vector.time.x_sdk_date.as_str()));
    assert_eq!(header("x-sdk-date"), sdk.header("X-Sdk-Date"), "{name}");
    assert_eq!(header("x-project-id"), sdk.header("X-Project-Id"), "{name}");
    assert_eq!(
        header("x-security-token"),
        sdk.header("X-Security-Token"),
        "{name}"
    );
    assert_eq!(
        header("x-security-token"),
        vector.credentials.security_token.as_deref(),
        "{name}"
    );

    // Every signed header carries the SDK's value.
    let signed: Vec<&str> = vector.authorization.signed_headers.split(';').collect();
    for signed_name in &signed {
        assert_eq!(
            header(signed_name),
            sdk.header(signed_name),
            "{name}: signed header {signed_name}"
        );
    }

    // Authorization: identical, or for the SDK's body text identical but for the signature,
    // which covers the body's hash.
    let authorization = header("authorization").expect("an Authorization header");
    let sdk_authorization = sdk.header("Authorization").expect("the SDK signed");
    if vector.body_mode == "sdk-model" {
        let prefix = format!(
            "SDK-HMAC-SHA256 Access={}, SignedHeaders={}, Signature=",
            vector.authorization.access, vector.authorization.signed_headers
        );
        assert!(
            authorization.starts_with(&prefix),
            "{name}: {authorization}"
        );
        assert_ne!(authorization, sdk_authorization, "{name}");
    } else {
        assert_eq!(authorization, sdk_authorization, "{name}: Authorization");
        assert!(authorization.ends_with(&format!("Signature={}", vector.authorization.signature)));
    }

    // Whatever else differs is unsigned on both sides, and is one of the known differences.
    let sdk_headers: BTreeMap<String, &str> = sdk
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.as_str()))
        .collect();
    let our_headers: BTreeMap<String, &str> = ours
        .headers
        .keys()
        .map(|n| (n.as_str().to_owned(), header(n.as_str()).unwrap_or("")))
        .collect();
    let names: BTreeSet<&String> = sdk_headers.keys().chain(our_headers.keys()).collect();
    for header_name in names {
        if header_name == "authorization" {
            continue;
        }
        let (sdk_value, our_value) = (sdk_headers.get(header_name), our_headers.get(header_name));
        if sdk_value != our_value {
            assert!(
                UNSIGNED_DIFFERENCES.contains(&header_name.as_str())
                    && !signed.contains(&header_name.as_str()),
                "{name}: header {header_name} differs (SDK {sdk_value:?}, ours {our_value:?})"
            );
        }
    }

    // Both requests pass the independent gateway check.
    let keys = keys_of(&vector);
    let accepted = fake_huawei::verify(&Received::from_wiremock(&ours), &keys, None)
        .unwrap_or_else(|e| panic!("{name}: the fake gateway refused our request: {e}"));
    assert_eq!(accepted.access_key, vector.credentials.ak);
    fake_huawei::verify(&sdk.received(), &keys, None)
        .unwrap_or_else(|e| panic!("{name}: the fake gateway refused the SDK's request: {e}"));
}

macro_rules! vector_tests {
    ($($test:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $test() {
                check_vector(stringify!($test)).await;
            }
        )*

        #[test]
        fn every_recorded_vector_has_a_test() {
            let tested: BTreeSet<String> = [$(stringify!($test)),*]
                .iter()
                .map(|s| s.to_string())
                .collect();
            assert_eq!(vector_names(), tested, "add new vectors to vector_tests!");
        }
    };
}

vector_tests!(
    cce_delete_pod_identity_association,
    cce_list_pod_identity_associations,
    workspace_batch_delete_access_policies,
    cce_delete_pod_identity_association_security_token,
    cce_list_pod_identity_associations_security_token,
    workspace_batch_delete_access_policies_security_token,
    cce_delete_pod_identity_association_encoded_path,
    workspace_batch_delete_access_policies_sdk_json,
);

#[test]
fn vectors_cover_the_seed_operations_with_permanent_and_temporary_keys() {
    let vectors: Vec<Vector> = vector_names().iter().map(|n| load(n)).collect();
    for operation in [
        "DeletePodIdentityAssociation",
        "ListPodIdentityAssociations",
        "BatchDeleteAccessPolicies",
    ] {
        for temporary in [false, true] {
            assert!(
                vectors.iter().any(|v| v.operation == operation
                    && v.credentials.security_token.is_some() == temporary),
                "no vector for {operation} (temporary: {temporary})"
            );
        }
    }
    let ports: BTreeSet<u16> = vectors.iter().map(|v| v.port).collect();
    assert_eq!(ports.len(), vectors.len(), "one port per vector");
    assert!(ports.iter().all(|p| (31101..=31110).contains(p)));
}

// --- The fake gateway -------------------------------------------------------------------------

const AK: &str = "HPUAFAKEGATEWAY00001";
const SK: &str = "fake-gateway-secret-key-0000000000000001";
const TOKEN: &str = "fake-gateway-security-token/+=";
const PROJECT: &str = "0e973a948e8091232f25c00673f168b7";

fn gateway_keys() -> HashMap<String, String> {
    HashMap::from([(AK.to_owned(), SK.to_owned())])
}

fn live_config(server: &MockServer, temporary: bool) -> Config {
    let key = AccessKey::new(AK, SK);
    let key = if temporary {
        key.with_security_token(TOKEN)
    } else {
        key
    };
    // The recorded requests carry placeholder and hostile ids that CCE's patterns refuse:
    // these tests are about signing and encoding; validation has tests of its own.
    Config::new()
        .validate_requests(false)
        .endpoint(server.uri())
        .project_id(PROJECT)
        .credentials(Credentials::huawei_aksk(key))
}

/// The seed operations as the generated clients sign them with the system clock.
async fn signed_seed_requests(temporary: bool) -> Vec<(&'static str, Received)> {
    let mut out = Vec::new();
    for operation in [
        "DeletePodIdentityAssociation",
        "ListPodIdentityAssociations",
        "BatchDeleteAccessPolicies",
    ] {
        let server = MockServer::start().await;
        let reply = match operation {
            "DeletePodIdentityAssociation" => ResponseTemplate::new(204),
            _ => ResponseTemplate::new(200).set_body_raw("[]", "application/json"),
        };
        Mock::given(any()).respond_with(reply).mount(&server).await;
        let config = live_config(&server, temporary);
        match operation {
            "DeletePodIdentityAssociation" => cce::Client::new(config)
                .expect("a valid configuration")
                .delete_pod_identity_association("cluster 1/é", "assoc-1")
                .send()
                .await
                .expect("204 is success"),
            "ListPodIdentityAssociations" => {
                cce::Client::new(config)
                    .expect("a valid configuration")
                    .list_pod_identity_associations("cluster-1")
                    .send()
                    .await
                    .expect("200 is success");
            }
            _ => workspace::Client::new(config)
                .expect("a valid configuration")
                .batch_delete_access_policies(
                    workspace::types::BatchDeleteAccessPoliciesRequestBody::new()
                        .with_policy_id_list(["p-1".to_owned(), "p-é".to_owned()]),
                )
                .send()
                .await
                .expect("200 is success"),
        }
        out.push((
            operation,
            Received::from_wiremock(&only_request(&server).await),
        ));
    }
    out
}

#[tokio::test]
async fn the_fake_gateway_accepts_every_seed_operation_signed_by_the_generated_clients() {
    for temporary in [false, true] {
        for (operation, request) in signed_seed_requests(temporary).await {
            let accepted = fake_huawei::verify(&request, &gateway_keys(), Some(Clock::system()))
                .unwrap_or_else(|e| panic!("{operation} (temporary: {temporary}): {e}"));
            assert_eq!(accepted.access_key, AK);
            let mut expected = vec![
                "content-type",
                "host",
                "user-agent",
                "x-project-id",
                "x-sdk-date",
            ];
            if temporary {
                expected.push("x-security-token");
            }
            assert_eq!(accepted.signed_headers, expected, "{operation}");
        }
    }
}

/// `request` with one change, and what the change was.
type Tamper = (&'static str, fn(&mut Received));

const TAMPERINGS: [Tamper; 9] = [
    ("path", |r| r.path.push('x')),
    ("path segment", |r| r.path = r.path.replacen("/v", "/V", 1)),
    ("added query", |r| r.query = Some("marker=1".to_owned())),
    ("method", |r| {
        r.method = if r.method == "GET" { "HEAD" } else { "GET" }.to_owned();
    }),
    ("x-project-id", |r| {
        r.set_header("X-Project-Id", b"another-project")
    }),
    ("x-sdk-date", |r| {
        r.set_header("X-Sdk-Date", b"20200101T000000Z")
    }),
    ("user-agent", |r| r.set_header("User-Agent", b"curl/8")),
    ("content-type", |r| {
        r.set_header("Content-Type", b"text/plain")
    }),
    ("host", |r| r.set_header("Host", b"evil.example.com")),
];

#[tokio::test]
async fn the_fake_gateway_refuses_tampered_requests() {
    let keys = gateway_keys();
    for temporary in [false, true] {
        for (operation, original) in signed_seed_requests(temporary).await {
            for (change, tamper) in TAMPERINGS {
                let mut request = original.clone();
                tamper(&mut request);
                assert_ne!(request, original, "{operation}: {change} changed nothing");
                let refused = fake_huawei::verify(&request, &keys, None);
                assert!(
                    refused.is_err(),
                    "{operation}: tampered {change} was accepted"
                );
            }
            // An unsigned header may change: it is not part of the signature.
            let mut request = original.clone();
            request.set_header("Accept", b"*/*");
            fake_huawei::verify(&request, &keys, None)
                .unwrap_or_else(|e| panic!("{operation}: unsigned Accept: {e}"));

            if temporary {
                let mut request = original.clone();
                request.set_header("X-Security-Token", b"another-token");
                assert!(fake_huawei::verify(&request, &keys, None).is_err());
            }
            if operation == "BatchDeleteAccessPolicies" {
                let mut request = original.clone();
                let last = request.body.len() - 2;
                request.body[last] ^= 0x01;
                assert!(
                    fake_huawei::verify(&request, &keys, None).is_err(),
                    "a changed body byte was accepted"
                );
            }
            // Wrong or unknown keys.
            let wrong_sk = HashMap::from([(AK.to_owned(), format!("{SK}x"))]);
            assert!(fake_huawei::verify(&original, &wrong_sk, None).is_err());
            assert!(fake_huawei::verify(&original, &HashMap::new(), None).is_err());
            let mut unsigned = original.clone();
            unsigned
                .headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
            assert!(fake_huawei::verify(&unsigned, &keys, None).is_err());
        }
    }
}

#[test]
fn the_fake_gateway_refuses_a_changed_query_value_and_checks_the_clock() {
    // The seed operations have no query; the official SDK's signed request with one does.
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(vectors_dir().join("signer_cases.json")).expect("signer cases"),
    )
    .expect("JSON");
    let cases = cases["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    for case in cases {
        let (input, output) = (&case["input"], &case["output"]);
        let uri = output["uri"].as_str().expect("uri");
        let (path, query) = match uri.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (uri.to_owned(), None),
        };
        let request = Received {
            method: input["method"].as_str().expect("method").to_owned(),
            path,
            query,
            headers: output["headers"]
                .as_array()
                .expect("headers")
                .iter()
                .map(|pair| {
                    let name = pair[0].as_str().expect("name").to_owned();
                    (name, latin1_bytes(pair[1].as_str().expect("value")))
                })
                .collect(),
            body: input["body"].as_str().unwrap_or("").as_bytes().to_vec(),
        };
        let keys = HashMap::from([(
            input["ak"].as_str().expect("ak").to_owned(),
            input["sk"].as_str().expect("sk").to_owned(),
        )]);
        let name = case["name"].as_str().expect("name");
        fake_huawei::verify(&request, &keys, None)
            .unwrap_or_else(|e| panic!("SDK signer case {name} refused: {e}"));

        if let Some(query) = &request.query {
            let mut tampered = request.clone();
            let changed = match query.rfind(|c: char| c.is_ascii_alphanumeric()) {
                Some(at) => {
                    let mut q = query.clone();
                    q.replace_range(at..=at, if &query[at..=at] == "0" { "1" } else { "0" });
                    q
                }
                None => format!("{query}0"),
            };
            tampered.query = Some(changed);
            assert!(
                fake_huawei::verify(&tampered, &keys, None).is_err(),
                "{name}: a changed query value was accepted"
            );
            // Order is not part of the signature: the gateway canonicalises.
            let mut reordered = request.clone();
            let mut parts: Vec<&str> = query.split('&').collect();
            parts.reverse();
            reordered.query = Some(parts.join("&"));
            fake_huawei::verify(&reordered, &keys, None)
                .unwrap_or_else(|e| panic!("{name}: reordered query refused: {e}"));
        }

        // The clock: within 15 minutes of X-Sdk-Date is fine, beyond is refused.
        let signed_at =
            UNIX_EPOCH + Duration::from_secs(input["unix_seconds"].as_u64().expect("time"));
        let clock = |offset: u64| Clock {
            now: signed_at + Duration::from_secs(offset),
            max_skew: Duration::from_secs(15 * 60),
        };
        assert!(fake_huawei::verify(&request, &keys, Some(clock(14 * 60))).is_ok());
        let late = fake_huawei::verify(&request, &keys, Some(clock(16 * 60)));
        assert!(late.is_err_and(|e| e.contains("X-Sdk-Date")), "{name}");
    }
}

// --- Secrets ------------------------------------------------------------------------------------

#[tokio::test]
async fn no_secret_appears_in_debug_output_or_errors() {
    const SECRET_KEY: &str = "sk-DO-NOT-PRINT-0123456789";
    const SECURITY_TOKEN: &str = "token-DO-NOT-PRINT-9876543210";
    let key = AccessKey::new("HPUA-visible-id", SECRET_KEY).with_security_token(SECURITY_TOKEN);
    let credentials = Credentials::huawei_aksk(key.clone());
    let config = Config::new()
        .region("ap-southeast-1")
        .project_id(PROJECT)
        .credentials(credentials.clone());
    let client = cce::Client::new(config.clone()).expect("a valid configuration");
    let printed = format!(
        "{key:?} {key:#?} {credentials:?} {credentials:#?} {config:?} {config:#?} {client:?} {client:#?}"
    );
    assert!(
        printed.contains("HPUA-visible-id"),
        "the AK is not secret: {printed}"
    );
    assert!(!printed.contains(SECRET_KEY), "{printed}");
    assert!(!printed.contains(SECURITY_TOKEN), "{printed}");

    // A call that fails at signing (the token cannot be a header value), and one the server
    // refuses: neither error quotes a secret.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let bad_token = format!("{SECURITY_TOKEN}\n");
    let failing = cce::Client::new(
        Config::new()
            .validate_requests(false)
            .endpoint(server.uri())
            .project_id(PROJECT)
            .credentials(Credentials::huawei_aksk(
                AccessKey::new("HPUA-visible-id", SECRET_KEY).with_security_token(&bad_token),
            )),
    )
    .expect("a valid configuration");
    let error = failing
        .list_pod_identity_associations("c")
        .send()
        .await
        .expect_err("the token is refused before sending");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let refused = cce::Client::new(live_config(&server, true))
        .expect("a valid configuration")
        .list_pod_identity_associations("c")
        .send()
        .await
        .expect_err("401");
    assert_eq!(refused.status(), Some(401));
    for error in [&error, &refused] {
        let text = format!("{error} {error:?} {error:#?}");
        for secret in [SECRET_KEY, SECURITY_TOKEN, SK, TOKEN] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(!text.contains("Signature="), "{text}");
    }
    // The env readers name variables, never values (unit-tested with values in the runtime).
    if let Err(error) = Credentials::huawei_from_env() {
        assert!(error.variable().starts_with("HUAWEICLOUD_SDK_"), "{error}");
    }
    if let Err(error) = Credentials::huawei_token_from_env() {
        assert_eq!(error.variable(), "HUAWEICLOUD_SDK_TOKEN");
    }
}

#[test]
fn every_vector_is_signed_at_the_recorded_instant() {
    for name in vector_names() {
        let vector = load(&name);
        assert_eq!(vector.time.unix_seconds, 1_767_323_045, "{name}");
        assert_eq!(vector.time.x_sdk_date, "20260102T030405Z", "{name}");
    }
}
