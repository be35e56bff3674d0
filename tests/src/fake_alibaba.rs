//! A fake Alibaba Cloud API gateway: checks `ACS3-HMAC-SHA256` signatures of received requests
//! against a table of AccessKeys, the way the real gateway does.
//!
//! Written from the published algorithm ("Request syntax and signature method V3" of the
//! Alibaba Cloud API reference), not from the runtime's signer, so the two can catch each
//! other's mistakes; `tests/tests/conformance_alibaba.rs` also checks it against requests
//! recorded from the official Python SDK. What it checks, in order:
//!
//! 1. `Authorization` is `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`
//!    and the id is in the table.
//! 2. The signed header names are lower case, sorted and unique; they include `host`,
//!    `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce` and
//!    `x-acs-content-sha256`; every `x-acs-*` header and `content-type` the request carries
//!    is signed; each signed header is present.
//! 3. A temporary key comes with its `x-acs-security-token`; a permanent key with none.
//! 4. `x-acs-content-sha256` is the hex SHA-256 of the body.
//! 5. `x-acs-date` (`YYYY-MM-DDTHH:MM:SSZ`) is within 15 minutes of the gateway's clock.
//! 6. The signature is the hex HMAC-SHA256, keyed with the secret, of
//!    `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request: method, path as received,
//!    canonical query (decoded, sorted by name then value, re-encoded with RFC 3986 unreserved
//!    characters left alone), `name:value\n` per signed header, the signed names, the payload
//!    hash; lines joined by `\n`.
//! 7. The nonce was not used before (checked last, and remembered only for accepted requests).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::json;
use sha2::{Digest, Sha256};
use wiremock::{Request, Respond, ResponseTemplate};

const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Headers every signature must cover.
const REQUIRED_SIGNED: [&str; 6] = [
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
];

/// RFC 3986 unreserved characters stay; every other byte is `%XX` with upper-case hex.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How far `x-acs-date` may be from the gateway's clock.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Why the gateway refused a request; [`code`](Rejection::code) is Alibaba's error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// No `Authorization` header.
    MissingAuthorization,
    /// `Authorization` is not of the `ACS3-HMAC-SHA256` form, or a header that must be signed
    /// is not.
    IncompleteSignature(String),
    /// The AccessKey id is not in the table.
    UnknownAccessKeyId,
    /// The security token is missing, unexpected, or not the key's.
    InvalidSecurityToken,
    /// `x-acs-content-sha256` does not match the body.
    ContentSha256Mismatch,
    /// `x-acs-date` is malformed or too far from the gateway's clock.
    InvalidTimestamp(String),
    /// The signature is not the one the gateway computes; carries the gateway's string to sign.
    SignatureDoesNotMatch {
        /// The gateway's string to sign, as the real gateway quotes it in its error message.
        string_to_sign: String,
    },
    /// The nonce was used by an earlier accepted request.
    NonceUsed,
}

impl Rejection {
    /// Alibaba's error code for this rejection.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::MissingAuthorization => "MissingAuthorization",
            Rejection::IncompleteSignature(_) => "IncompleteSignature",
            Rejection::UnknownAccessKeyId => "InvalidAccessKeyId.NotFound",
            Rejection::InvalidSecurityToken => "InvalidSecurityToken.Mismatch",
            Rejection::ContentSha256Mismatch => "ContentSHA256NotMatched",
            Rejection::InvalidTimestamp(_) => "InvalidTimeStamp.Expired",
            Rejection::SignatureDoesNotMatch { .. } => "SignatureDoesNotMatch",
            Rejection::NonceUsed => "SignatureNonceUsed",
        }
    }

    fn message(&self) -> String {
        match self {
            Rejection::MissingAuthorization => "the request is not signed".to_owned(),
            Rejection::IncompleteSignature(why) => why.clone(),
            Rejection::UnknownAccessKeyId => "Specified access key is not found.".to_owned(),
            Rejection::InvalidSecurityToken => "The security token is not valid.".to_owned(),
            Rejection::ContentSha256Mismatch => {
                "x-acs-content-sha256 does not match the request body".to_owned()
            }
            Rejection::InvalidTimestamp(why) => why.clone(),
            Rejection::SignatureDoesNotMatch { string_to_sign } => format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
            Rejection::NonceUsed => "Specified signature nonce was used already.".to_owned(),
        }
    }

    fn status(&self) -> u16 {
        match self {
            Rejection::MissingAuthorization
            | Rejection::IncompleteSignature(_)
            | Rejection::ContentSha256Mismatch
            | Rejection::InvalidTimestamp(_) => 400,
            Rejection::UnknownAccessKeyId => 404,
            Rejection::InvalidSecurityToken
            | Rejection::SignatureDoesNotMatch { .. }
            | Rejection::NonceUsed => 403,
        }
    }
}

/// What an accepted request was signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The AccessKey id of the signature.
    pub access_key_id: String,
    /// The `x-acs-action` header.
    pub action: String,
    /// The signed header names, in order.
    pub signed_headers: Vec<String>,
}

#[derive(Debug, Clone)]
struct KeyEntry {
    secret: String,
    security_token: Option<String>,
}

/// The fake gateway. As a [`Respond`] it answers `200 {}` to a correctly signed request and
/// an Alibaba error body (`code`, `message`, `requestId`) otherwise.
#[derive(Debug, Default)]
pub struct FakeAlibabaGateway {
    keys: HashMap<String, KeyEntry>,
    now: Option<SystemTime>,
    nonces: Mutex<HashSet<String>>,
}

impl FakeAlibabaGateway {
    /// A gateway that knows no keys and uses the system clock.
    pub fn new() -> Self {
        Self::default()
    }

    /// Knows the permanent key `id` with `secret`.
    pub fn with_key(mut self, id: &str, secret: &str) -> Self {
        self.keys.insert(
            id.to_owned(),
            KeyEntry {
                secret: secret.to_owned(),
                security_token: None,
            },
        );
        self
    }

    /// Knows the temporary (STS) key `id` with `secret` and its `security_token`.
    pub fn with_sts_key(mut self, id: &str, secret: &str, security_token: &str) -> Self {
        self.keys.insert(
            id.to_owned(),
            KeyEntry {
                secret: secret.to_owned(),
                security_token: Some(security_token.to_owned()),
            },
        );
        self
    }

    /// Uses `now` as the gateway's clock (for requests signed at a fixed time).
    pub fn at(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }

    /// Verifies `request`; an accepted request's nonce cannot be used again.
    pub fn verify(&self, request: &Request) -> Result<Verified, Rejection> {
        let verified = self.check_signature(request)?;
        let nonce = header(request, "x-acs-signature-nonce").unwrap_or_default();
        let mut nonces = self
            .nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !nonces.insert(nonce) {
            return Err(Rejection::NonceUsed);
        }
        Ok(verified)
    }

    /// Every check except nonce reuse; does not remember the nonce.
    pub fn check_signature(&self, request: &Request) -> Result<Verified, Rejection> {
        let incomplete = |why: String| Rejection::IncompleteSignature(why);
        let authorization =
            header(request, "authorization").ok_or(Rejection::MissingAuthorization)?;
        let parsed = parse_authorization(&authorization).ok_or_else(|| {
            incomplete("Authorization is not `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`".to_owned())
        })?;
        let key = self
            .keys
            .get(&parsed.credential)
            .ok_or(Rejection::UnknownAccessKeyId)?;

        let signed = &parsed.signed_headers;
        let well_formed = signed.windows(2).all(|w| w[0] < w[1])
            && signed
                .iter()
                .all(|n| !n.is_empty() && *n == n.to_ascii_lowercase());
        if !well_formed {
            return Err(incomplete(
                "SignedHeaders must be lower case, sorted and without repeats".to_owned(),
            ));
        }
        for name in REQUIRED_SIGNED {
            if !signed.iter().any(|s| s == name) {
                return Err(incomplete(format!("header {name} must be signed")));
            }
        }
        for name in request.headers.keys() {
            let name = name.as_str();
            if (name.starts_with("x-acs-") || name == "content-type")
                && !signed.iter().any(|s| s == name)
            {
                return Err(incomplete(format!("header {name} must be signed")));
            }
        }
        for name in signed {
            if !request.headers.contains_key(name.as_str()) {
                return Err(incomplete(format!(
                    "signed header {name} is not in the request"
                )));
            }
        }

        match (&key.security_token, header(request, "x-acs-security-token")) {
            (None, None) => {}
            (Some(expected), Some(sent)) if *expected == sent => {}
            _ => return Err(Rejection::InvalidSecurityToken),
        }

        let payload_hash = header(request, "x-acs-content-sha256").unwrap_or_default();
        if payload_hash != hex::encode(Sha256::digest(&request.body)) {
            return Err(Rejection::ContentSha256Mismatch);
        }

        let date = header(request, "x-acs-date").unwrap_or_default();
        let signed_at = parse_acs_date(&date).ok_or_else(|| {
            Rejection::InvalidTimestamp(format!("x-acs-date {date:?} is not YYYY-MM-DDTHH:MM:SSZ"))
        })?;
        let now = self.now.unwrap_or_else(SystemTime::now);
        let skew = match now.duration_since(signed_at) {
            Ok(behind) => behind,
            Err(ahead) => ahead.duration(),
        };
        if skew > MAX_CLOCK_SKEW {
            return Err(Rejection::InvalidTimestamp(format!(
                "x-acs-date is {}s away from the gateway's clock",
                skew.as_secs()
            )));
        }

        let mut canonical = String::new();
        canonical.push_str(request.method.as_str());
        canonical.push('\n');
        canonical.push_str(match request.url.path() {
            "" => "/",
            path => path,
        });
        canonical.push('\n');
        canonical.push_str(&canonical_query(request.url.query().unwrap_or("")));
        canonical.push('\n');
        for name in signed {
            let mut values: Vec<String> = request
                .headers
                .get_all(name.as_str())
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
                .collect();
            values.sort();
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(&values.join(","));
            canonical.push('\n');
        }
        canonical.push('\n');
        canonical.push_str(&signed.join(";"));
        canonical.push('\n');
        canonical.push_str(&payload_hash);

        let string_to_sign = format!(
            "{ALGORITHM}\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(key.secret.as_bytes())
            .map_err(|_| incomplete("the key cannot be used".to_owned()))?;
        mac.update(string_to_sign.as_bytes());
        let expected = hex::decode(&parsed.signature)
            .map_err(|_| incomplete("Signature is not hex".to_owned()))?;
        if mac.verify_slice(&expected).is_err() {
            return Err(Rejection::SignatureDoesNotMatch { string_to_sign });
        }

        Ok(Verified {
            access_key_id: parsed.credential,
            action: header(request, "x-acs-action").unwrap_or_default(),
            signed_headers: parsed.signed_headers,
        })
    }
}

impl Respond for FakeAlibabaGateway {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.verify(request) {
            Ok(_) => ResponseTemplate::new(200)
                .insert_header("x-acs-request-id", "fake-ok")
                .set_body_json(json!({})),
            Err(rejection) => ResponseTemplate::new(rejection.status())
                .insert_header("x-acs-request-id", "fake-rejected")
                .set_body_json(json!({
                    "code": rejection.code(),
                    "message": rejection.message(),
                    "requestId": "fake-rejected",
                })),
        }
    }
}

struct ParsedAuthorization {
    credential: String,
    signed_headers: Vec<String>,
    signature: String,
}

fn parse_authorization(value: &str) -> Option<ParsedAuthorization> {
    let rest = value.strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (name, value) = part.trim().split_once('=')?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return None,
        };
        if slot.replace(value.to_owned()).is_some() {
            return None;
        }
    }
    Some(ParsedAuthorization {
        credential: credential.filter(|c| !c.is_empty())?,
        signed_headers: signed_headers?.split(';').map(str::to_owned).collect(),
        signature: signature?,
    })
}

/// The canonical query string of a raw query.
pub fn canonical_query(raw: &str) -> String {
    let decode = |s: &str| -> Vec<u8> { percent_decode(s.replace('+', " ").as_bytes()).collect() };
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), Vec::new()),
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                percent_encode(k, RFC3986),
                percent_encode(v, RFC3986)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `YYYY-MM-DDTHH:MM:SSZ` as a time.
fn parse_acs_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let s = text.get(from..to)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = i64::try_from(crate::days_since_epoch(
        u64::try_from(year).ok()?,
        u64::try_from(month).ok()?,
        u64::try_from(day).ok()?,
    )?)
    .ok()?;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    use cloudgen_clients::alibaba::cs;
    use cloudgen_clients::{Config, Credentials};
    use cloudgen_runtime::AccessKey;
    use wiremock::http::HeaderValue;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer};

    const ID: &str = "LTAI5tFakeGatewayKey";
    const SECRET: &str = "fake-gateway-secret-value";
    const STS_ID: &str = "STS.NTfakeGatewayKey";
    const STS_SECRET: &str = "fake-gateway-sts-secret";
    const TOKEN: &str = "CAISfake+gateway/token==";

    fn gateway() -> FakeAlibabaGateway {
        FakeAlibabaGateway::new()
            .with_key(ID, SECRET)
            .with_sts_key(STS_ID, STS_SECRET, TOKEN)
    }

    /// Sends CleanClusterUserPermissions (Force=true) with `key` through the generated client to
    /// a server answering through the fake gateway; returns the call's outcome and the request.
    async fn call(
        key: AccessKey,
    ) -> (
        Result<cs::types::CleanClusterUserPermissionsResponse, cs::Error>,
        Request,
    ) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(gateway())
            .mount(&server)
            .await;
        let client = cs::Client::new(
            Config::new()
                .region("cn-hangzhou")
                .endpoint(server.uri())
                .credentials(Credentials::alibaba_access_key(key)),
        )
        .expect("a valid configuration");
        let outcome = client
            .clean_cluster_user_permissions("c5b5e80b0b64a4bf6939d2d8fbbc5****", "role/ack admin+é")
            .force(true)
            .send()
            .await;
        let request = crate::only_request(&server).await;
        (outcome, request)
    }

    fn rejected(request: &Request) -> Rejection {
        gateway()
            .check_signature(request)
            .expect_err("a tampered request must be rejected")
    }

    #[tokio::test]
    async fn signed_requests_of_the_generated_client_are_accepted() {
        for (key, id) in [
            (AccessKey::new(ID, SECRET), ID),
            (
                AccessKey::new(STS_ID, STS_SECRET).with_security_token(TOKEN),
                STS_ID,
            ),
        ] {
            let (outcome, request) = call(key).await;
            outcome.expect("the gateway accepts the request");
            let verified = gateway().check_signature(&request).expect("accepted");
            assert_eq!(verified.access_key_id, id);
            assert_eq!(verified.action, "CleanClusterUserPermissions");
            assert_eq!(
                verified
                    .signed_headers
                    .contains(&"x-acs-security-token".to_owned()),
                id == STS_ID
            );
        }
    }

    #[tokio::test]
    async fn tampered_requests_are_rejected() {
        for key in [
            AccessKey::new(ID, SECRET),
            AccessKey::new(STS_ID, STS_SECRET).with_security_token(TOKEN),
        ] {
            let (outcome, original) = call(key).await;
            outcome.expect("the untampered request is accepted");

            // Another cluster.
            let mut request = original.clone();
            let path = request.url.path().replace(
                "c5b5e80b0b64a4bf6939d2d8fbbc5",
                "c00000000000000000000000000000",
            );
            request.url.set_path(&path);
            assert_eq!(rejected(&request).code(), "SignatureDoesNotMatch");

            // Force=true becomes Force=false.
            let mut request = original.clone();
            assert_eq!(request.url.query(), Some("Force=true"));
            request.url.set_query(Some("Force=false"));
            assert_eq!(rejected(&request).code(), "SignatureDoesNotMatch");

            // An added query parameter.
            let mut request = original.clone();
            request.url.set_query(Some("Force=true&Extra=1"));
            assert_eq!(rejected(&request).code(), "SignatureDoesNotMatch");

            // A signed header: another action, another date, another user agent.
            for (name, value) in [
                ("x-acs-action", "DeleteCluster"),
                ("user-agent", "someone-else/1"),
                ("host", "cs.cn-hangzhou.aliyuncs.com"),
            ] {
                let mut request = original.clone();
                request
                    .headers
                    .insert(name, HeaderValue::from_static(value));
                assert_eq!(rejected(&request).code(), "SignatureDoesNotMatch", "{name}");
            }

            // An unsigned x-acs-* header is refused outright.
            let mut request = original.clone();
            request
                .headers
                .insert("x-acs-extra", HeaderValue::from_static("1"));
            assert_eq!(rejected(&request).code(), "IncompleteSignature");

            // A body: its hash no longer matches; with the hash header changed to match, the
            // signature no longer does.
            let mut request = original.clone();
            request.body = b"{\"Force\":false}".to_vec();
            assert_eq!(rejected(&request).code(), "ContentSHA256NotMatched");
            let hash = hex::encode(Sha256::digest(&request.body));
            request.headers.insert(
                "x-acs-content-sha256",
                HeaderValue::from_str(&hash).unwrap(),
            );
            assert_eq!(rejected(&request).code(), "SignatureDoesNotMatch");

            // Another secret.
            let other = FakeAlibabaGateway::new()
                .with_key(ID, "another-secret")
                .with_sts_key(STS_ID, "another-secret", TOKEN);
            assert_eq!(
                other.check_signature(&original).unwrap_err().code(),
                "SignatureDoesNotMatch"
            );
        }
    }

    #[tokio::test]
    async fn sts_tokens_and_replays_are_checked() {
        let (outcome, original) =
            call(AccessKey::new(STS_ID, STS_SECRET).with_security_token(TOKEN)).await;
        outcome.expect("accepted");

        // Without its token the signature names a header that is not there.
        let mut request = original.clone();
        request.headers.remove("x-acs-security-token");
        assert_eq!(rejected(&request).code(), "IncompleteSignature");
        let mut request = original.clone();
        request.headers.insert(
            "x-acs-security-token",
            HeaderValue::from_static("CAISanother"),
        );
        assert_eq!(rejected(&request).code(), "InvalidSecurityToken.Mismatch");

        // The same request twice: the nonce was used.
        let gateway = gateway();
        gateway.verify(&original).expect("first time");
        assert_eq!(gateway.verify(&original).unwrap_err(), Rejection::NonceUsed);
    }

    #[tokio::test]
    async fn a_wrong_secret_is_an_api_error_without_secrets() {
        let (outcome, _) = call(AccessKey::new(ID, "the-wrong-secret-value")).await;
        let error = outcome.expect_err("the gateway refuses the signature");
        assert_eq!(error.status(), Some(403));
        let api = error.api_error().expect("an API error");
        assert_eq!(api.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(api.request_id.as_deref(), Some("fake-rejected"));
        let text = format!("{error} {error:?}");
        assert!(!text.contains("the-wrong-secret-value"), "{text}");

        let (outcome, _) = call(AccessKey::new("LTAI-unknown", SECRET)).await;
        assert_eq!(
            outcome.unwrap_err().api_error().and_then(|a| a.code()),
            Some("InvalidAccessKeyId.NotFound")
        );
    }

    #[test]
    fn malformed_authorization_and_dates_are_rejected() {
        let request = |authorization: &str, date: &str| Request {
            url: "http://127.0.0.1/x".parse().unwrap(),
            method: wiremock::http::Method::GET,
            headers: {
                let mut h = wiremock::http::HeaderMap::new();
                h.insert(
                    "authorization",
                    HeaderValue::from_str(authorization).unwrap(),
                );
                h.insert("x-acs-date", HeaderValue::from_str(date).unwrap());
                h
            },
            body: Vec::new(),
        };
        for bad in [
            "",
            "ACS3-HMAC-SHA1 Credential=x,SignedHeaders=host,Signature=00",
            "ACS3-HMAC-SHA256 Credential=x",
            "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=00",
            "ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=00",
        ] {
            assert_eq!(
                gateway()
                    .check_signature(&request(bad, "2025-01-15T08:30:00Z"))
                    .unwrap_err()
                    .code(),
                "IncompleteSignature",
                "{bad}"
            );
        }
        assert_eq!(
            parse_acs_date("2024-02-29T23:59:59Z"),
            Some(UNIX_EPOCH + Duration::from_secs(1_709_251_199))
        );
        assert_eq!(parse_acs_date("1970-01-01T00:00:00Z"), Some(UNIX_EPOCH));
        for bad in [
            "2023-02-29T00:00:00Z",
            "2025-01-15 08:30:00Z",
            "2025-13-01T00:00:00Z",
            "+025-01-15T08:30:00Z",
        ] {
            assert_eq!(parse_acs_date(bad), None, "{bad}");
        }
        assert_eq!(canonical_query("b=2&a=+x%7e&c"), "a=%20x~&b=2&c=");
    }
}
