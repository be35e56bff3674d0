//! Alibaba Cloud `ACS3-HMAC-SHA256` request signing, as the official SDKs do it.
//!
//! Follows `alibabacloud_tea_openapi` (0.4.6) `Client.do_request` and
//! `Utils.get_authorization`, the code path every ROA and RPC call of the official Python SDK
//! takes by default (signature algorithm v3), checked byte for byte against requests recorded
//! from it (`tests/vectors/alibaba/`, `conformance/alibaba/record.py`):
//!
//! 1. Headers added before signing: `x-acs-date` (`%Y-%m-%dT%H:%M:%SZ`, UTC),
//!    `x-acs-signature-nonce`, `x-acs-content-sha256` (hex SHA-256 of the body, of the empty
//!    string without one) and, for STS credentials, `x-acs-accesskey-id` and
//!    `x-acs-security-token`. `x-acs-action` and `x-acs-version` are set by `auth::apply`.
//! 2. Canonical request, lines joined by `\n`: method; the path exactly as sent
//!    (percent-encoded, `/` if empty); the canonical query string; the canonical headers, each
//!    `name:value\n`; the signed header names joined by `;`; the payload hash.
//!    - Query: every parameter, decoded, sorted by name then value, name and value
//!      percent-encoded with everything but RFC 3986 unreserved characters (space is `%20`),
//!      `name=value` joined by `&`; a parameter without a value is `name=`.
//!    - Headers: like the SDK, *every* header the request carries when it is signed, plus
//!      `host`: names lower-case and sorted, values trimmed, several values of one name
//!      sorted and joined by `,`. That includes `accept` and `user-agent`, so the signed set
//!      is a superset of the required `host`, `x-acs-*` and `content-type`.
//! 3. String to sign: `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
//! 4. `Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex
//!    HMAC-SHA256 of the string to sign, keyed with the secret>`.
//!
//! Deliberately not sent: the SDK's `x-acs-credentials-provider` header (`static_ak`,
//! `static_sts`, `env`, ...), which names the SDK's credential provider class for its
//! telemetry and is not part of the algorithm.
//!
//! `Authorization` and `x-acs-security-token` are marked sensitive. Errors name the header
//! that could not be built, never a value.

use std::time::SystemTime;

use http::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, HOST};
use percent_encoding::percent_decode;

use crate::credentials::AccessKey;
use crate::error::RequestError;
use crate::request::PreparedRequest;

use super::{hmac_sha256_hex, sha256_hex, SigningInputs, UtcTime};
use crate::sign;

/// The algorithm name, first word of `Authorization` and first line of the string to sign.
const ALGORITHM: &str = "ACS3-HMAC-SHA256";

const X_ACS_DATE: HeaderName = HeaderName::from_static("x-acs-date");
const X_ACS_SIGNATURE_NONCE: HeaderName = HeaderName::from_static("x-acs-signature-nonce");
const X_ACS_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-acs-content-sha256");
const X_ACS_ACCESSKEY_ID: HeaderName = HeaderName::from_static("x-acs-accesskey-id");
const X_ACS_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-acs-security-token");

/// Signs `request` in place: adds `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256`, `x-acs-accesskey-id` and `x-acs-security-token` (STS) and
/// `Authorization`. The `x-acs-action` and `x-acs-version` headers are already set by
/// `auth::apply`.
pub(crate) fn sign(
    request: &mut PreparedRequest,
    key: &AccessKey,
    inputs: &SigningInputs,
) -> Result<(), RequestError> {
    let operation = request.operation.name;
    let invalid = |header: &'static str, reason: &str| RequestError::new(operation, header, reason);

    let date = acs_date(inputs.now);
    let payload_hash = sha256_hex(request.body.as_deref().unwrap_or_default());

    let headers = &mut request.headers;
    headers.remove(AUTHORIZATION);
    headers.insert(
        X_ACS_DATE,
        plain_value(&date, || {
            invalid("x-acs-date", "is not a valid header value")
        })?,
    );
    headers.insert(
        X_ACS_SIGNATURE_NONCE,
        plain_value(&inputs.nonce, || {
            invalid(
                "x-acs-signature-nonce",
                "cannot carry the nonce: it is not a valid header value",
            )
        })?,
    );
    headers.insert(
        X_ACS_CONTENT_SHA256,
        plain_value(&payload_hash, || {
            invalid("x-acs-content-sha256", "is not a valid header value")
        })?,
    );
    match &key.security_token {
        Some(token) => {
            headers.insert(
                X_ACS_ACCESSKEY_ID,
                plain_value(&key.id, || {
                    invalid(
                        "x-acs-accesskey-id",
                        "cannot carry the AccessKey id: it contains characters not allowed in an HTTP header",
                    )
                })?,
            );
            let mut token = plain_value(token.expose(), || {
                invalid(
                    "x-acs-security-token",
                    "cannot carry the STS security token: it contains characters not allowed in an HTTP header",
                )
            })?;
            token.set_sensitive(true);
            headers.insert(X_ACS_SECURITY_TOKEN, token);
        }
        None => {
            headers.remove(X_ACS_ACCESSKEY_ID);
            headers.remove(X_ACS_SECURITY_TOKEN);
        }
    }

    let host = host(&request.url, &request.headers)
        .ok_or_else(|| invalid("host", "cannot be signed: the request URL has no host"))?;
    let parts = signature(
        request.operation.method.as_str(),
        &request.url,
        &request.headers,
        &host,
        &payload_hash,
        &key.id,
        key.secret.expose(),
    )
    .ok_or_else(|| invalid("Authorization", "could not be computed"))?;
    let mut authorization = plain_value(&parts.authorization, || {
        invalid(
            "Authorization",
            "cannot carry the AccessKey id: it contains characters not allowed in an HTTP header",
        )
    })?;
    authorization.set_sensitive(true);
    request.headers.insert(AUTHORIZATION, authorization);
    tracing::trace!(
        signed_headers = parts.signed_headers.as_str(),
        "signed with ACS3-HMAC-SHA256"
    );
    Ok(())
}

/// A header value from text; `fail` builds the error, so no value is ever quoted.
fn plain_value(
    text: &str,
    fail: impl FnOnce() -> RequestError,
) -> Result<HeaderValue, RequestError> {
    HeaderValue::from_str(text).map_err(|_| fail())
}

/// The intermediate and final results of signing, kept apart so tests can compare each with
/// what the official SDK computed. No `Debug`: the canonical request holds the STS token.
struct Signature {
    // Read only by the tests; computing them is the signature, so nothing is wasted.
    #[cfg_attr(not(test), allow(dead_code))]
    canonical_request: Vec<u8>,
    #[cfg_attr(not(test), allow(dead_code))]
    string_to_sign: String,
    signed_headers: String,
    authorization: String,
}

/// Computes the signature of a request whose headers (the `x-acs-*` ones included) are final.
/// `None` only if the HMAC cannot be keyed, which HMAC-SHA256 accepts with any key.
fn signature(
    method: &str,
    url: &reqwest::Url,
    headers: &HeaderMap,
    host: &[u8],
    payload_hash: &str,
    id: &str,
    secret: &str,
) -> Option<Signature> {
    let (canonical_headers, signed_headers) = canonical_headers(headers, host);
    let path = match url.path() {
        "" => "/",
        path => path,
    };
    let mut canonical_request = Vec::with_capacity(512);
    for part in [
        method.as_bytes(),
        path.as_bytes(),
        canonical_query(url.query()).as_bytes(),
        &canonical_headers,
        signed_headers.as_bytes(),
    ] {
        canonical_request.extend_from_slice(part);
        canonical_request.push(b'\n');
    }
    canonical_request.extend_from_slice(payload_hash.as_bytes());

    let string_to_sign = format!("{ALGORITHM}\n{}", sha256_hex(&canonical_request));
    let signature = hmac_sha256_hex(secret.as_bytes(), string_to_sign.as_bytes())?;
    let authorization =
        format!("{ALGORITHM} Credential={id},SignedHeaders={signed_headers},Signature={signature}");
    Some(Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        authorization,
    })
}

/// The `host` header as it goes on the wire: a host header already on the request, else the
/// URL's host with its port when the port is not the scheme's default (what hyper sends as
/// `Host` and HTTP/2 `:authority`). `None` for a URL without a host.
fn host(url: &reqwest::Url, headers: &HeaderMap) -> Option<Vec<u8>> {
    if let Some(value) = headers.get(HOST) {
        return Some(value.as_bytes().to_vec());
    }
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}").into_bytes(),
        None => host.as_bytes().to_vec(),
    })
}

/// The canonical headers (each `name:value\n`) and the signed header names joined by `;`.
///
/// Every header on the request is signed, plus `host` when it is not on the request yet.
/// Header names in a [`HeaderMap`] are already lower case; values are trimmed and the values
/// of a repeated header are sorted and joined with `,`, as the SDK does.
fn canonical_headers(headers: &HeaderMap, host: &[u8]) -> (Vec<u8>, String) {
    let mut entries: Vec<(&str, Vec<&[u8]>)> = headers
        .keys()
        .map(|name| {
            let mut values: Vec<&[u8]> = headers
                .get_all(name)
                .iter()
                .map(|v| v.as_bytes().trim_ascii())
                .collect();
            values.sort_unstable();
            (name.as_str(), values)
        })
        .collect();
    if !headers.contains_key(HOST) {
        entries.push((HOST.as_str(), vec![host.trim_ascii()]));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut canonical = Vec::with_capacity(512);
    let mut names = String::with_capacity(256);
    for (name, values) in &entries {
        canonical.extend_from_slice(name.as_bytes());
        canonical.push(b':');
        canonical.extend_from_slice(&values.join(&b","[..]));
        canonical.push(b'\n');
        if !names.is_empty() {
            names.push(';');
        }
        names.push_str(name);
    }
    (canonical, names)
}

/// The canonical query string of the URL's raw query.
///
/// Each `name=value` is decoded (`%XX`, and `+` as a space, the way the gateway reads a query)
/// and encoded again with [`UNRESERVED`], so the result does not depend on how the query was
/// written on the wire; pairs are sorted by decoded name, then value.
fn canonical_query(query: Option<&str>) -> String {
    sign::canonical_query(query.unwrap_or_default(), decode_query_part)
}

fn decode_query_part(part: &str) -> Vec<u8> {
    let spaced = part.replace('+', " ");
    percent_decode(spaced.as_bytes()).collect()
}

/// `now` as `x-acs-date` wants it: `YYYY-MM-DDTHH:MM:SSZ` in UTC, whole seconds (Python's
/// `datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")`).
fn acs_date(now: SystemTime) -> String {
    let t = UtcTime::of(now);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use bytes::Bytes;
    use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};

    use super::*;
    use crate::credentials::Secret;
    use crate::descriptor::{HttpMethod, OperationDescriptor};

    static CLEAN: OperationDescriptor = OperationDescriptor {
        name: "CleanClusterUserPermissions",
        method: HttpMethod::Delete,
        path: "/cluster/{ClusterId}/user/{Uid}/permissions",
        success: &[200],
        idempotent: true,
    };

    static CREATE: OperationDescriptor = OperationDescriptor {
        name: "CreateSomething",
        method: HttpMethod::Post,
        path: "/things",
        success: &[200],
        idempotent: false,
    };

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const USER_AGENT_TEXT: &str =
        "AlibabaCloud (Linux; x86_64) Python/3 Core/0.4.3 TeaDSL/2 cloudgen-conformance/1";

    /// A request with the headers the runtime and `auth::apply` put on it before signing, plus
    /// `extra` (the SDK's `x-acs-credentials-provider`, to reproduce its signature).
    fn request(
        operation: &'static OperationDescriptor,
        url: &str,
        extra: &[(&'static str, &'static str)],
    ) -> PreparedRequest {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_TEXT));
        headers.insert(
            "x-acs-action",
            HeaderValue::from_static("CleanClusterUserPermissions"),
        );
        headers.insert("x-acs-version", HeaderValue::from_static("2015-12-15"));
        for (name, value) in extra {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        PreparedRequest {
            operation,
            url: reqwest::Url::parse(url).unwrap(),
            headers,
            body: None,
        }
    }

    fn inputs(unix: u64, nonce: &str) -> SigningInputs {
        SigningInputs {
            now: UNIX_EPOCH + Duration::from_secs(unix),
            nonce: nonce.to_owned(),
        }
    }

    fn header<'a>(request: &'a PreparedRequest, name: &str) -> &'a str {
        request.headers.get(name).unwrap().to_str().unwrap()
    }

    /// Recomputes the parts of the signature of a signed request, for comparison.
    fn parts(request: &PreparedRequest, key: &AccessKey) -> Signature {
        let mut headers = request.headers.clone();
        headers.remove(AUTHORIZATION);
        signature(
            request.operation.method.as_str(),
            &request.url,
            &headers,
            &host(&request.url, &headers).unwrap(),
            header(request, "x-acs-content-sha256"),
            &key.id,
            key.secret.expose(),
        )
        .unwrap()
    }

    // Expected values below were computed by alibabacloud-cs20151215 7.2.3 /
    // alibabacloud-tea-openapi 0.4.6 (tests/vectors/alibaba/*.json).

    #[test]
    fn permanent_key_matches_the_official_sdk() {
        let key = AccessKey::new(
            "LTAI5tConformanceKeyId01",
            "ConformanceSecretNotReal0123456789",
        );
        let mut req = request(
            &CLEAN,
            "http://127.0.0.1:38202/cluster/c5b5e80b0b64a4bf6939d2d8fbbc5%2A%2A%2A%2A/user/2xxxxxxxxxxxxxxxxxx/permissions",
            &[("x-acs-credentials-provider", "static_ak")],
        );
        sign(
            &mut req,
            &key,
            &inputs(1_736_929_800, "0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
        )
        .unwrap();

        assert_eq!(header(&req, "x-acs-date"), "2025-01-15T08:30:00Z");
        assert_eq!(
            header(&req, "x-acs-signature-nonce"),
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
        );
        assert_eq!(header(&req, "x-acs-content-sha256"), EMPTY_SHA256);
        assert!(req.headers.get("x-acs-security-token").is_none());
        assert!(req.headers.get("x-acs-accesskey-id").is_none());
        let parts = parts(&req, &key);
        assert_eq!(
            String::from_utf8(parts.canonical_request).unwrap(),
            "DELETE\n\
             /cluster/c5b5e80b0b64a4bf6939d2d8fbbc5%2A%2A%2A%2A/user/2xxxxxxxxxxxxxxxxxx/permissions\n\
             \n\
             accept:application/json\n\
             host:127.0.0.1:38202\n\
             user-agent:AlibabaCloud (Linux; x86_64) Python/3 Core/0.4.3 TeaDSL/2 cloudgen-conformance/1\n\
             x-acs-action:CleanClusterUserPermissions\n\
             x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
             x-acs-credentials-provider:static_ak\n\
             x-acs-date:2025-01-15T08:30:00Z\n\
             x-acs-signature-nonce:0a1b2c3d4e5f60718293a4b5c6d7e8f9\n\
             x-acs-version:2015-12-15\n\
             \n\
             accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            parts.string_to_sign,
            "ACS3-HMAC-SHA256\nf34522e2acb35e795f76b24d666e816b3d1257cdd2e82aeab953b3753d4b00ee"
        );
        assert_eq!(
            header(&req, "authorization"),
            "ACS3-HMAC-SHA256 Credential=LTAI5tConformanceKeyId01,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=e7efffed472df26eeade2709c23037fe5e3fe67e0770486834628778aea66afd"
        );
    }

    #[test]
    fn sts_key_matches_the_official_sdk_and_its_secrets_are_sensitive() {
        let key = AccessKey::new(
            "STS.NTconformanceTemporaryKeyId",
            "StsSecretNotReal9876543210abcdefgh",
        )
        .with_security_token("CAIS8gF1q6Ft5B2yfSjIr5bconformance+token/with=base64chars");
        let mut req = request(
            &CLEAN,
            "http://127.0.0.1:38203/cluster/c5b5e80b0b64a4bf6939d2d8fbbc5%2A%2A%2A%2A/user/2xxxxxxxxxxxxxxxxxx/permissions",
            &[("x-acs-credentials-provider", "static_sts")],
        );
        sign(
            &mut req,
            &key,
            &inputs(1_736_929_800, "f0e1d2c3b4a5968778695a4b3c2d1e0f"),
        )
        .unwrap();

        assert_eq!(
            header(&req, "x-acs-accesskey-id"),
            "STS.NTconformanceTemporaryKeyId"
        );
        assert_eq!(
            header(&req, "x-acs-security-token"),
            "CAIS8gF1q6Ft5B2yfSjIr5bconformance+token/with=base64chars"
        );
        assert_eq!(
            header(&req, "authorization"),
            "ACS3-HMAC-SHA256 Credential=STS.NTconformanceTemporaryKeyId,SignedHeaders=accept;host;user-agent;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=fe3ef55f32eb278d554415d5c169df380d3dc105847ea01b1ce2adbec2cdd285"
        );
        assert!(req.headers.get("authorization").unwrap().is_sensitive());
        assert!(req
            .headers
            .get("x-acs-security-token")
            .unwrap()
            .is_sensitive());
        let debug = format!("{req:?}");
        assert!(!debug.contains("conformance+token"), "{debug}");
        assert!(!debug.contains("Signature="), "{debug}");
    }

    #[test]
    fn query_values_are_canonicalized_like_the_official_sdk() {
        // The SDK sends a Python bool as `True`; the query is signed as sent.
        let key = AccessKey::new(
            "LTAI5tConformanceKeyId01",
            "ConformanceSecretNotReal0123456789",
        );
        let mut req = request(
            &CLEAN,
            "http://127.0.0.1:38201/cluster/c5b5e80b0b64a4bf6939d2d8fbbc5%2A%2A%2A%2A/user/2xxxxxxxxxxxxxxxxxx/permissions?Force=True",
            &[("x-acs-credentials-provider", "static_ak")],
        );
        sign(
            &mut req,
            &key,
            &inputs(1_736_929_800, "7f3c1d2e9a8b4c5d6e7f8091a2b3c4d5"),
        )
        .unwrap();
        let canonical = String::from_utf8(parts(&req, &key).canonical_request).unwrap();
        assert!(
            canonical.starts_with("DELETE\n/cluster/c5b5e80b0b64a4bf6939d2d8fbbc5%2A%2A%2A%2A/user/2xxxxxxxxxxxxxxxxxx/permissions\nForce=True\naccept:"),
            "{canonical}"
        );
        assert_eq!(
            header(&req, "authorization"),
            "ACS3-HMAC-SHA256 Credential=LTAI5tConformanceKeyId01,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=db52783e4f2d8ecfefd128126020f41a3ee34f3f4f6896595bd8991b9ec03868"
        );
    }

    #[test]
    fn every_recorded_vector_matches() {
        for text in [
            include_str!(
                "../../../tests/vectors/alibaba/clean_cluster_user_permissions_force_true.json"
            ),
            include_str!(
                "../../../tests/vectors/alibaba/clean_cluster_user_permissions_force_unset.json"
            ),
            include_str!("../../../tests/vectors/alibaba/clean_cluster_user_permissions_sts.json"),
            include_str!(
                "../../../tests/vectors/alibaba/clean_cluster_user_permissions_force_false.json"
            ),
            include_str!(
                "../../../tests/vectors/alibaba/clean_cluster_user_permissions_encoded_path.json"
            ),
        ] {
            let vector: serde_json::Value = serde_json::from_str(text).unwrap();
            let name = vector["name"].as_str().unwrap();
            let inputs_json = &vector["inputs"];
            let sent = &vector["request"];
            let sdk_header = |wanted: &str| {
                sent["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|pair| pair[0].as_str().unwrap().eq_ignore_ascii_case(wanted))
                    .map(|pair| pair[1].as_str().unwrap().to_owned())
            };
            let mut key = AccessKey::new(
                inputs_json["access_key_id"].as_str().unwrap(),
                inputs_json["access_key_secret"].as_str().unwrap(),
            );
            if let Some(token) = inputs_json["security_token"].as_str() {
                key = key.with_security_token(token);
            }
            let url = format!(
                "http://{}{}",
                inputs_json["endpoint"].as_str().unwrap(),
                sent["target"].as_str().unwrap()
            );
            let mut req = PreparedRequest {
                operation: &CLEAN,
                url: reqwest::Url::parse(&url).unwrap(),
                headers: HeaderMap::new(),
                body: None,
            };
            // The headers the runtime sets before signing, plus the SDK's provider header.
            for name in [
                "accept",
                "user-agent",
                "x-acs-action",
                "x-acs-version",
                "x-acs-credentials-provider",
            ] {
                let value = sdk_header(name).unwrap();
                req.headers.insert(
                    HeaderName::from_static(name),
                    HeaderValue::from_str(&value).unwrap(),
                );
            }
            let unix = inputs_json["unix_time"].as_u64().unwrap();
            let nonce = inputs_json["nonce"].as_str().unwrap();
            sign(&mut req, &key, &inputs(unix, nonce)).unwrap();

            let parts = parts(&req, &key);
            let signature = &vector["signature"];
            assert_eq!(
                String::from_utf8(parts.canonical_request).unwrap(),
                signature["canonical_request"].as_str().unwrap(),
                "{name}"
            );
            assert_eq!(
                parts.string_to_sign,
                signature["string_to_sign"].as_str().unwrap(),
                "{name}"
            );
            for (name_in_sdk, _) in sent["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| (pair[0].as_str().unwrap(), ()))
            {
                let lower = name_in_sdk.to_ascii_lowercase();
                if matches!(
                    lower.as_str(),
                    "host" | "content-length" | "accept-encoding"
                ) {
                    continue;
                }
                assert_eq!(
                    req.headers
                        .get(&lower)
                        .map(|v| v.to_str().unwrap().to_owned()),
                    sdk_header(&lower),
                    "{name}: header {lower}"
                );
            }
        }
    }

    #[test]
    fn a_body_is_hashed_and_content_type_is_signed() {
        let key = AccessKey::new("id", "secret");
        let mut req = request(&CREATE, "http://example.com/things", &[]);
        req.body = Some(Bytes::from_static(b"{\"a\":1}"));
        req.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        sign(&mut req, &key, &inputs(0, "n")).unwrap();
        assert_eq!(
            header(&req, "x-acs-content-sha256"),
            sha256_hex(b"{\"a\":1}")
        );
        assert_eq!(header(&req, "x-acs-date"), "1970-01-01T00:00:00Z");
        let parts = parts(&req, &key);
        assert_eq!(
            parts.signed_headers,
            "accept;content-type;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
        let canonical = String::from_utf8(parts.canonical_request).unwrap();
        assert!(canonical.starts_with("POST\n/things\n\n"), "{canonical}");
        assert!(canonical.contains("\nhost:example.com\n"), "{canonical}");
    }

    #[test]
    fn canonical_query_sorts_decodes_and_encodes() {
        assert_eq!(canonical_query(None), "");
        assert_eq!(canonical_query(Some("")), "");
        assert_eq!(canonical_query(Some("b=2&a=1")), "a=1&b=2");
        assert_eq!(canonical_query(Some("flag&x=")), "flag=&x=");
        // `+` on the wire is a space; `%20`, `%2A` and `~` as in RFC 3986.
        assert_eq!(
            canonical_query(Some("q=a+b%20c*d~e%7E&%C3%A9=%E2%82%AC")),
            "q=a%20b%20c%2Ad~e~&%C3%A9=%E2%82%AC"
        );
        // A name repeated: sorted by value.
        assert_eq!(canonical_query(Some("k=b&k=a&&j=")), "j=&k=a&k=b");
        // Broken escapes are kept as text and encoded.
        assert_eq!(canonical_query(Some("k=%zz%")), "k=%25zz%25");
    }

    #[test]
    fn canonical_headers_trim_sort_and_join_repeated_values() {
        let mut headers = HeaderMap::new();
        headers.append("x-acs-b", HeaderValue::from_static(" 2 "));
        headers.append("x-acs-b", HeaderValue::from_static("1"));
        headers.insert("x-acs-a", HeaderValue::from_static(""));
        let (canonical, names) = canonical_headers(&headers, b"h:1");
        assert_eq!(
            String::from_utf8(canonical).unwrap(),
            "host:h:1\nx-acs-a:\nx-acs-b:1,2\n"
        );
        assert_eq!(names, "host;x-acs-a;x-acs-b");
    }

    #[test]
    fn host_keeps_non_default_ports_only() {
        let none = HeaderMap::new();
        let host_of = |url: &str| host(&reqwest::Url::parse(url).unwrap(), &none).unwrap();
        assert_eq!(
            host_of("https://cs.cn-hangzhou.aliyuncs.com/x"),
            b"cs.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(host_of("https://cs.example.com:443/x"), b"cs.example.com");
        assert_eq!(host_of("http://127.0.0.1:80/x"), b"127.0.0.1");
        assert_eq!(host_of("http://127.0.0.1:38201/x"), b"127.0.0.1:38201");
        assert_eq!(host_of("http://[::1]:8080/x"), b"[::1]:8080");
        let mut given = HeaderMap::new();
        given.insert(HOST, HeaderValue::from_static("proxy.example"));
        assert_eq!(
            host(&reqwest::Url::parse("http://127.0.0.1:1/").unwrap(), &given).unwrap(),
            b"proxy.example"
        );
    }

    #[test]
    fn dates_are_formatted_in_utc() {
        let at = |secs: u64| acs_date(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(at(1_709_251_200), "2024-03-01T00:00:00Z");
        assert_eq!(at(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(at(253_402_300_799), "9999-12-31T23:59:59Z");
        // Sub-second parts are dropped, as strftime does.
        assert_eq!(
            acs_date(UNIX_EPOCH + Duration::from_millis(1_999)),
            "1970-01-01T00:00:01Z"
        );
        assert_eq!(
            acs_date(UNIX_EPOCH - Duration::from_secs(1)),
            "1969-12-31T23:59:59Z"
        );
        // The largest representable times do not overflow.
        let _ = acs_date(UNIX_EPOCH + Duration::from_secs(u64::MAX / 4));
    }

    #[test]
    fn bad_inputs_are_errors_without_values() {
        let key = AccessKey::new("id", "top-secret-value");
        let url = "http://127.0.0.1:1/cluster/c/user/u/permissions";

        let mut req = request(&CLEAN, url, &[]);
        let error = sign(&mut req, &key, &inputs(0, "bad\nnonce")).unwrap_err();
        assert_eq!(error.parameter, "x-acs-signature-nonce");
        assert_eq!(error.operation, "CleanClusterUserPermissions");

        let token_key =
            AccessKey::new("id", "top-secret-value").with_security_token("tok\r\nen-secret");
        let mut req = request(&CLEAN, url, &[]);
        let error = sign(&mut req, &token_key, &inputs(0, "n")).unwrap_err();
        assert_eq!(error.parameter, "x-acs-security-token");
        let text = format!("{error} {error:?}");
        assert!(!text.contains("en-secret"), "{text}");
        assert!(!text.contains("top-secret-value"), "{text}");

        let bad_id = AccessKey::new("id\nwith-newline", "top-secret-value");
        let mut req = request(&CLEAN, url, &[]);
        let error = sign(&mut req, &bad_id, &inputs(0, "n")).unwrap_err();
        assert_eq!(error.parameter, "Authorization");
        let text = format!("{error} {error:?}");
        assert!(!text.contains("top-secret-value"), "{text}");

        // Non-ASCII credentials (bytes >= 0x80 are allowed in header values) sign without a
        // panic; the secret is only ever an HMAC key.
        let odd = AccessKey::new("ключ", "секрет").with_security_token("токен");
        let mut req = request(&CLEAN, url, &[]);
        sign(&mut req, &odd, &inputs(0, "n")).unwrap();
        assert!(!format!("{req:?}").contains("секрет"));
    }

    #[test]
    fn signing_again_replaces_the_previous_signature() {
        let key = AccessKey::new("id", "s").with_security_token("t");
        let mut req = request(&CLEAN, "http://127.0.0.1:1/x", &[]);
        sign(&mut req, &key, &inputs(0, "n1")).unwrap();
        let first = header(&req, "authorization").to_owned();
        sign(&mut req, &AccessKey::new("id", "s"), &inputs(0, "n2")).unwrap();
        let second = header(&req, "authorization").to_owned();
        assert_ne!(first, second);
        assert!(req.headers.get("x-acs-security-token").is_none());
        assert!(!second.contains("x-acs-security-token"), "{second}");
        assert_eq!(req.headers.get_all("authorization").iter().count(), 1);
        // A secret is a `Secret`: its Debug is masked.
        assert_eq!(format!("{:?}", Secret::new("s")), "***");
    }
}
