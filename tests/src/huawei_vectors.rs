//! The parts of a Huawei conformance vector (recorded from the official Python SDK by
//! `conformance/huawei/record.py` and `record_services.py`, see `conformance/huawei/sdk_wire.py`)
//! that every replay needs, and the client configuration that reproduces the SDK's setup.

use std::net::TcpListener;
use std::time::{Duration, UNIX_EPOCH};

use cloudgen_clients::runtime::AccessKey;
use cloudgen_clients::{Config, Credentials};
use serde::Deserialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fake_huawei::Received;

#[derive(Debug, Deserialize)]
pub struct VectorCredentials {
    pub ak: String,
    pub sk: String,
    pub security_token: Option<String>,
    pub project_id: String,
    /// The account a global service's calls are scoped to (`X-Domain-Id`); absent for a
    /// regional service.
    #[serde(default)]
    pub domain_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct VectorTime {
    pub x_sdk_date: String,
    pub unix_seconds: u64,
}

/// The request as the SDK handed it to its HTTP library.
#[derive(Debug, Deserialize)]
pub struct VectorRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VectorAuthorization {
    pub access: String,
    pub signed_headers: String,
    pub signature: String,
}

impl VectorAuthorization {
    /// The `Authorization` header value these fields make.
    pub fn header_value(&self) -> String {
        format!(
            "SDK-HMAC-SHA256 Access={}, SignedHeaders={}, Signature={}",
            self.access, self.signed_headers, self.signature
        )
    }
}

impl VectorRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request as the gateway would have received it.
    pub fn received(&self) -> Received {
        Received {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), latin1_bytes(v)))
                .collect(),
            body: self.body.clone().unwrap_or_default().into_bytes(),
        }
    }
}

/// The SDK hands `requests` header values as UTF-8 bytes read as ISO-8859-1; these are the
/// bytes that went on the wire.
pub fn latin1_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("an ISO-8859-1 character"))
        .collect()
}

/// Headers that may differ between the SDK's request and ours because neither signs them:
/// the SDK's HTTP library (`requests`) adds `Accept: */*`, `Accept-Encoding`, `Connection`
/// and `Content-Length: 0` on a body-less DELETE; our client asks for `Accept:
/// application/json` and lets hyper frame the body.
pub const UNSIGNED_DIFFERENCES: [&str; 4] =
    ["accept", "accept-encoding", "connection", "content-length"];

pub fn access_key(credentials: &VectorCredentials) -> AccessKey {
    let key = AccessKey::new(&credentials.ak, &credentials.sk);
    match &credentials.security_token {
        Some(token) => key.with_security_token(token),
        None => key,
    }
}

/// The generated clients' configuration that reproduces the SDK's: its endpoint, project,
/// credentials, signing instant and full user agent (the SDK prepends its own product token).
pub fn sdk_config(
    endpoint: &str,
    credentials: &VectorCredentials,
    time: &VectorTime,
    user_agent: &str,
) -> Config {
    // The official SDK checks no constraint, and the vectors replay its requests with the
    // values it was given, hostile ones included: the replay is about the wire.
    let config = Config::new()
        .validate_requests(false)
        .endpoint(endpoint)
        .project_id(&credentials.project_id);
    let config = match &credentials.domain_id {
        Some(domain_id) => config.domain_id(domain_id),
        None => config,
    };
    config
        .credentials(Credentials::huawei_aksk(access_key(credentials)))
        .fixed_signing_inputs(
            UNIX_EPOCH + Duration::from_secs(time.unix_seconds),
            "unused",
        )
        .user_agent(user_agent)
}

/// A loopback server on `127.0.0.1:port` answering every request with `reply`: the port is
/// fixed because the SDK signed `Host: 127.0.0.1:<port>`.
pub async fn server_on_port(port: u16, reply: ResponseTemplate) -> Result<MockServer, String> {
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("port {port} is busy: {e}"))?;
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(any()).respond_with(reply).mount(&server).await;
    Ok(server)
}
