//! Alibaba Cloud `ACS3-HMAC-SHA256` signing against requests recorded from the official Python
//! SDK (`tests/vectors/alibaba/*.json`, written by `conformance/alibaba/record.py`).
//!
//! Each vector is replayed on a loopback server bound to the vector's own port, since `host`
//! is signed, with the same AccessKey, time, nonce and user agent:
//!
//! 1. **Generated client.** `cs::Client::clean_cluster_user_permissions` with the vector's
//!    parameters. Method, path, body and every header the SDK signed equal the vector; the
//!    query equals it up to the deliberate differences below; the fake gateway
//!    (`cloudgen_tests::fake_alibaba`) accepts the signature.
//! 2. **Runtime, byte for byte.** The same operation through `cloudgen_runtime::Client` with
//!    the SDK's query text and its `x-acs-credentials-provider` header: then every header
//!    the SDK sent (but the two its HTTP stack adds, unsigned) and `Authorization` itself are
//!    byte for byte the SDK's.
//! 3. **Fake gateway.** It accepts every recorded SDK request and rejects it once tampered, so
//!    it verifies the real algorithm and not only the runtime's reading of it.
//!
//! Deliberate differences between the SDK's request and the generated client's:
//!
//! - `x-acs-credentials-provider: static_ak|static_sts` (signed) is sent by the SDK only. It
//!   names the SDK's credential provider class for Alibaba's telemetry and is not part of the
//!   algorithm; the runtime does not pretend to be that class. So the SDK's `SignedHeaders`
//!   has one more name, and its `Signature` differs.
//! - `Force`: the SDK renders the Python bool as `True`/`False`, the generated client the Rust
//!   bool as `true`/`false` (the form the API reference documents). The query is signed, so
//!   this also changes the signature.
//! - Unsigned, SDK only: `Accept-Encoding: identity` (Python's `http.client`) and
//!   `Content-Length: 0` (`requests`, for a DELETE without body). The runtime's transport
//!   adds no header of its own to such a request.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use cloudgen_clients::alibaba::cs;
use cloudgen_clients::{Config, Credentials};
use cloudgen_runtime::{
    AccessKey, AuthScheme, HttpMethod, OperationDescriptor, Request, ServiceDescriptor, Vendor,
};
use cloudgen_tests::fake_alibaba::FakeAlibabaGateway;
use cloudgen_tests::{only_request, path_and_query};
use serde::Deserialize;
use wiremock::http::{HeaderMap, HeaderName, HeaderValue, Method};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

/// Signed by the SDK, deliberately not sent by the runtime (see the module documentation).
const SDK_ONLY_SIGNED: &[&str] = &["x-acs-credentials-provider"];
/// Added, unsigned, by the SDK's HTTP stack (Python `http.client` and `requests`).
const SDK_ONLY_UNSIGNED: &[&str] = &["accept-encoding", "content-length"];

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    recorded_with: BTreeMap<String, String>,
    inputs: Inputs,
    request: Recorded,
    signature: SdkSignature,
}

#[derive(Debug, Deserialize)]
struct Inputs {
    operation: String,
    api_version: String,
    region: String,
    port: u16,
    endpoint: String,
    protocol: String,
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    unix_time: u64,
    x_acs_date: String,
    nonce: String,
    user_agent: String,
    parameters: Parameters,
}

#[derive(Debug, Deserialize)]
struct Parameters {
    #[serde(rename = "ClusterId")]
    cluster_id: String,
    #[serde(rename = "Uid")]
    uid: String,
    #[serde(rename = "Force")]
    force: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Recorded {
    method: String,
    target: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
}

#[derive(Debug, Deserialize)]
struct SdkSignature {
    algorithm: String,
    signed_headers: Vec<String>,
    authorization: String,
}

impl Vector {
    /// The SDK's value of a header, by case-insensitive name.
    fn header(&self, name: &str) -> Option<&str> {
        self.request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn key(&self) -> AccessKey {
        let key = AccessKey::new(&self.inputs.access_key_id, &self.inputs.access_key_secret);
        match &self.inputs.security_token {
            Some(token) => key.with_security_token(token),
            None => key,
        }
    }

    fn config(&self) -> Config {
        Config::new()
            .region(&self.inputs.region)
            .endpoint(format!("http://127.0.0.1:{}", self.inputs.port))
            .credentials(Credentials::alibaba_access_key(self.key()))
            .fixed_signing_inputs(
                UNIX_EPOCH + Duration::from_secs(self.inputs.unix_time),
                &self.inputs.nonce,
            )
            .user_agent(&self.inputs.user_agent)
    }

    /// A fake gateway that knows this vector's key and whose clock is the vector's time.
    fn gateway(&self) -> FakeAlibabaGateway {
        let gateway = FakeAlibabaGateway::new()
            .at(UNIX_EPOCH + Duration::from_secs(self.inputs.unix_time + 30));
        match &self.inputs.security_token {
            Some(token) => gateway.with_sts_key(
                &self.inputs.access_key_id,
                &self.inputs.access_key_secret,
                token,
            ),
            None => gateway.with_key(&self.inputs.access_key_id, &self.inputs.access_key_secret),
        }
    }

    /// The SDK's request as the loopback server would have received it.
    fn as_received(&self) -> wiremock::Request {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.request.headers {
            headers.append(
                HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        wiremock::Request {
            url: format!("http://{}{}", self.inputs.endpoint, self.request.target)
                .parse()
                .unwrap(),
            method: Method::from_bytes(self.request.method.as_bytes()).unwrap(),
            headers,
            body: self.request.body.as_bytes().to_vec(),
        }
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/alibaba")
}

fn vectors() -> Vec<Vector> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors/alibaba exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a readable vector");
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not a vector: {e}", path.display()))
        })
        .collect()
}

/// The header names and values of a received request, lower-case names, in a sorted map.
fn headers_of(request: &wiremock::Request) -> BTreeMap<String, String> {
    request
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().expect("ASCII header").to_owned(),
            )
        })
        .collect()
}

/// `(Credential, SignedHeaders, Signature)` of an `Authorization` value.
fn authorization_parts(value: &str) -> (String, Vec<String>, String) {
    let rest = value
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .unwrap_or_else(|| panic!("not ACS3-HMAC-SHA256: {value}"));
    let fields: BTreeMap<&str, &str> = rest
        .split(',')
        .map(|part| part.split_once('=').expect("name=value"))
        .collect();
    (
        fields["Credential"].to_owned(),
        fields["SignedHeaders"]
            .split(';')
            .map(str::to_owned)
            .collect(),
        fields["Signature"].to_owned(),
    )
}

/// The query the generated client sends for the SDK's: Python's `True`/`False` as Rust's
/// `true`/`false`.
fn with_rust_bools(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, "True")) => format!("{name}=true"),
            Some((name, "False")) => format!("{name}=false"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A loopback server on the vector's port whose answers come from the fake gateway.
async fn server_for(vector: &Vector) -> MockServer {
    let listener = std::net::TcpListener::bind(("127.0.0.1", vector.inputs.port))
        .unwrap_or_else(|e| panic!("{}: port {} is busy: {e}", vector.name, vector.inputs.port));
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(any())
        .respond_with(vector.gateway())
        .mount(&server)
        .await;
    server
}

static SERVICE: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Alibaba,
    name: "cs",
    api_version: Some("2015-12-15"),
    endpoint_template: Some("https://cs.{region}.aliyuncs.com"),
    region_endpoints: &[],
    regions_complete: false,
    global: false,
    auth: &[AuthScheme::AlibabaAcs3],
    request_id_header: Some("x-acs-request-id"),
};

static CLEAN_CLUSTER_USER_PERMISSIONS: OperationDescriptor = OperationDescriptor {
    name: "CleanClusterUserPermissions",
    method: HttpMethod::Delete,
    path: "/cluster/{ClusterId}/user/{Uid}/permissions",
    success: &[200],
    idempotent: true,
};

#[test]
fn the_vectors_cover_the_required_cases_and_match_the_pinned_sdk() {
    let vectors = vectors();
    let names: BTreeSet<&str> = vectors.iter().map(|v| v.name.as_str()).collect();
    for required in [
        "clean_cluster_user_permissions_force_true",
        "clean_cluster_user_permissions_force_unset",
        "clean_cluster_user_permissions_sts",
    ] {
        assert!(names.contains(required), "missing vector {required}");
    }
    let ports: BTreeSet<u16> = vectors.iter().map(|v| v.inputs.port).collect();
    assert_eq!(ports.len(), vectors.len(), "each vector has its own port");
    assert!(
        ports.iter().all(|p| (31201..=31210).contains(p)),
        "{ports:?}"
    );

    let requirements = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/alibaba/requirements.txt"),
    )
    .expect("conformance/alibaba/requirements.txt");
    let pinned: BTreeMap<String, String> = requirements
        .lines()
        .filter_map(|line| line.split('#').next())
        .filter_map(|line| line.trim().split_once("=="))
        .map(|(name, version)| (name.trim().to_ascii_lowercase(), version.trim().to_owned()))
        .collect();
    for vector in &vectors {
        assert_eq!(vector.inputs.operation, "CleanClusterUserPermissions");
        assert_eq!(vector.inputs.api_version, "2015-12-15");
        assert_eq!(vector.inputs.protocol, "http");
        assert_eq!(vector.signature.algorithm, "ACS3-HMAC-SHA256");
        assert_eq!(
            vector.inputs.endpoint,
            format!("127.0.0.1:{}", vector.inputs.port)
        );
        for (package, version) in &vector.recorded_with {
            assert_eq!(
                pinned.get(&package.to_ascii_lowercase()),
                Some(version),
                "{}: recorded with {package} {version}, which requirements.txt does not pin",
                vector.name
            );
        }
    }
}

#[tokio::test]
async fn every_vector_matches_the_official_sdk() {
    let vectors = vectors();
    assert!(!vectors.is_empty());
    for vector in &vectors {
        let name = vector.name.as_str();
        let server = server_for(vector).await;
        generated_client_matches(vector, &server).await;
        server.reset().await;
        Mock::given(any())
            .respond_with(vector.gateway())
            .mount(&server)
            .await;
        runtime_matches_byte_for_byte(vector, &server).await;
        drop(server);
        eprintln!("{name}: matches");
    }
}

/// Part 1: the generated client, with its deliberate differences.
async fn generated_client_matches(vector: &Vector, server: &MockServer) {
    let name = vector.name.as_str();
    let client = cs::Client::new(vector.config()).expect("a valid configuration");
    let params = &vector.inputs.parameters;
    let mut call = client.clean_cluster_user_permissions(&params.cluster_id, &params.uid);
    if let Some(force) = params.force {
        call = call.force(force);
    }
    call.send()
        .await
        .unwrap_or_else(|e| panic!("{name}: the fake gateway refused the generated client: {e}"));
    let ours = only_request(server).await;

    assert_eq!(
        ours.method.as_str(),
        vector.request.method,
        "{name}: method"
    );
    assert_eq!(ours.url.path(), vector.request.path, "{name}: path");
    assert_eq!(
        ours.url.query().unwrap_or(""),
        with_rust_bools(&vector.request.query),
        "{name}: query"
    );
    assert_eq!(ours.body, vector.request.body.as_bytes(), "{name}: body");

    let our_headers = headers_of(&ours);
    let sdk_signed: Vec<&str> = vector
        .signature
        .signed_headers
        .iter()
        .map(String::as_str)
        .filter(|h| !SDK_ONLY_SIGNED.contains(h))
        .collect();
    for header in &sdk_signed {
        assert_eq!(
            our_headers.get(*header).map(String::as_str),
            vector.header(header),
            "{name}: signed header {header}"
        );
    }
    assert_eq!(
        our_headers.get("x-acs-date").map(String::as_str),
        Some(vector.inputs.x_acs_date.as_str()),
        "{name}: x-acs-date"
    );

    let (credential, signed, _) = authorization_parts(&our_headers["authorization"]);
    let (sdk_credential, _, _) = authorization_parts(&vector.signature.authorization);
    assert_eq!(credential, sdk_credential, "{name}: Credential");
    assert_eq!(signed, sdk_signed, "{name}: SignedHeaders");

    // Every header is either signed, or Authorization itself.
    let unsigned: Vec<&str> = our_headers
        .keys()
        .map(String::as_str)
        .filter(|h| !signed.iter().any(|s| s == h))
        .collect();
    assert_eq!(unsigned, ["authorization"], "{name}: our unsigned headers");
    let sdk_unsigned: BTreeSet<String> = vector
        .request
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|h| !vector.signature.signed_headers.contains(h))
        .collect();
    let mut expected_sdk_unsigned: BTreeSet<String> =
        SDK_ONLY_UNSIGNED.iter().map(|h| (*h).to_owned()).collect();
    expected_sdk_unsigned.insert("authorization".to_owned());
    assert_eq!(
        sdk_unsigned, expected_sdk_unsigned,
        "{name}: the SDK's unsigned headers"
    );
}

/// Part 2: the runtime with exactly the SDK's inputs signs exactly as the SDK.
async fn runtime_matches_byte_for_byte(vector: &Vector, server: &MockServer) {
    let name = vector.name.as_str();
    let client = cloudgen_runtime::Client::new(&SERVICE, vector.config()).expect("valid");
    let params = &vector.inputs.parameters;
    let mut request = Request::new(&CLEAN_CLUSTER_USER_PERMISSIONS)
        .path_param("ClusterId", &params.cluster_id)
        .path_param("Uid", &params.uid);
    for pair in vector.request.query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        // The recorded query values need no decoding (`True`, `False`).
        assert!(
            value.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{name}: {pair}"
        );
        let key: &'static str = Box::leak(key.to_owned().into_boxed_str());
        request = request.query(key, &value);
    }
    if let Some(provider) = vector.header("x-acs-credentials-provider") {
        request = request.header("x-acs-credentials-provider", &provider);
    }
    client
        .execute::<cs::types::ErrorResponse>(request)
        .await
        .unwrap_or_else(|e| panic!("{name}: the fake gateway refused the runtime: {e}"));
    let ours = only_request(server).await;

    assert_eq!(
        path_and_query(&ours),
        vector.request.target,
        "{name}: target"
    );
    assert_eq!(
        ours.method.as_str(),
        vector.request.method,
        "{name}: method"
    );
    assert_eq!(ours.body, vector.request.body.as_bytes(), "{name}: body");
    let our_headers = headers_of(&ours);
    let sdk_headers: BTreeMap<String, String> = vector
        .request
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .filter(|(n, _)| !SDK_ONLY_UNSIGNED.contains(&n.as_str()))
        .collect();
    assert_eq!(our_headers, sdk_headers, "{name}: headers");
    assert_eq!(
        our_headers["authorization"], vector.signature.authorization,
        "{name}: Authorization"
    );
}

/// Part 3: the fake gateway agrees with the SDK.
#[test]
fn the_fake_gateway_accepts_every_sdk_request_and_rejects_tampered_ones() {
    for vector in vectors() {
        let name = vector.name.as_str();
        let sdk = vector.as_received();
        let verified = vector.gateway().verify(&sdk).unwrap_or_else(|e| {
            panic!("{name}: the fake gateway refuses the SDK's request: {e:?}")
        });
        assert_eq!(verified.signed_headers, vector.signature.signed_headers);

        let mut tampered = sdk.clone();
        tampered.url.set_path(&format!("{}x", sdk.url.path()));
        assert_eq!(
            vector.gateway().verify(&tampered).unwrap_err().code(),
            "SignatureDoesNotMatch",
            "{name}: path"
        );
        let mut tampered = sdk.clone();
        tampered.url.set_query(Some("Force=True&Other=1"));
        assert_eq!(
            vector.gateway().verify(&tampered).unwrap_err().code(),
            "SignatureDoesNotMatch",
            "{name}: query"
        );
        let mut tampered = sdk.clone();
        tampered.headers.insert(
            "x-acs-signature-nonce",
            HeaderValue::from_static("another-nonce"),
        );
        assert_eq!(
            vector.gateway().verify(&tampered).unwrap_err().code(),
            "SignatureDoesNotMatch",
            "{name}: nonce"
        );
        let late = vector
            .gateway()
            .at(UNIX_EPOCH + Duration::from_secs(vector.inputs.unix_time + 3600));
        assert_eq!(
            late.verify(&sdk).unwrap_err().code(),
            "InvalidTimeStamp.Expired",
            "{name}: an hour later"
        );
        let mut tampered = sdk.clone();
        tampered.body = b"{}".to_vec();
        assert_eq!(
            vector.gateway().verify(&tampered).unwrap_err().code(),
            "ContentSHA256NotMatched",
            "{name}: body"
        );
    }
}

#[tokio::test]
async fn debug_output_and_errors_never_show_the_secret_or_the_token() {
    const SECRET: &str = "the-access-key-secret-5c1d";
    const TOKEN: &str = "CAIS-the-security-token-9f2e";
    let no_secrets = |what: &str, text: &str| {
        assert!(!text.contains(SECRET), "{what} shows the secret: {text}");
        assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
        assert!(
            !text.contains("5c1d") && !text.contains("9f2e"),
            "{what}: {text}"
        );
    };
    let key = AccessKey::new("LTAI-debug", SECRET).with_security_token(TOKEN);
    let credentials = Credentials::alibaba_access_key(key.clone());
    let server = MockServer::start().await;
    // The gateway knows another secret, so it refuses the signature.
    Mock::given(any())
        .respond_with(FakeAlibabaGateway::new().with_sts_key("LTAI-debug", "other", TOKEN))
        .mount(&server)
        .await;
    let config = Config::new()
        .region("cn-hangzhou")
        .endpoint(server.uri())
        .credentials(credentials.clone());
    let client = cs::Client::new(config.clone()).expect("valid");
    let call = client.clean_cluster_user_permissions("c", "u").force(true);
    for (what, text) in [
        ("AccessKey", format!("{key:?} {key:#?}")),
        ("Credentials", format!("{credentials:?} {credentials:#?}")),
        ("Config", format!("{config:?} {config:#?}")),
        ("Client", format!("{client:?} {client:#?}")),
        ("request builder", format!("{call:?}")),
    ] {
        no_secrets(what, &text);
        assert!(
            text.contains("LTAI-debug"),
            "{what}: the id is not secret: {text}"
        );
    }

    // A refused call.
    let error = call.send().await.expect_err("a wrong signature");
    assert_eq!(
        error.api_error().and_then(|a| a.code()),
        Some("SignatureDoesNotMatch")
    );
    no_secrets("Api error", &format!("{error} {error:?}"));

    // A token that cannot be a header value: refused before sending, without quoting it.
    let bad = Credentials::alibaba_access_key(
        AccessKey::new("LTAI-debug", SECRET).with_security_token(format!("{TOKEN}\n")),
    );
    let error = cs::Client::new(Config::new().endpoint(server.uri()).credentials(bad))
        .expect("valid")
        .clean_cluster_user_permissions("c", "u")
        .send()
        .await
        .expect_err("an invalid token");
    assert!(
        matches!(error, cloudgen_runtime::Error::InvalidRequest(ref e) if e.parameter == "x-acs-security-token"),
        "{error:?}"
    );
    no_secrets("InvalidRequest error", &format!("{error} {error:?}"));

    // Alibaba credentials with a Huawei service.
    let error = cloudgen_clients::huawei::cce::Client::new(
        Config::new()
            .region("ap-southeast-1")
            .credentials(credentials.clone()),
    )
    .expect_err("the wrong vendor");
    no_secrets("ConfigError", &format!("{error} {error:?}"));

    // Missing environment variables name the variable only (the runtime's unit tests check
    // this with every variable; here only if this machine lacks them).
    if let Err(error) = Credentials::alibaba_from_env() {
        no_secrets("CredentialsError", &format!("{error} {error:?}"));
        assert!(error.variable().starts_with("ALIBABA_CLOUD_"), "{error}");
    }
}
