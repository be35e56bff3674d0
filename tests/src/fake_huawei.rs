//! A fake Huawei Cloud API gateway: checks the `SDK-HMAC-SHA256` signature of a received
//! request the way the gateway does, by recomputing it from the request as it arrived.
//!
//! Written from the algorithm (Huawei's "AK/SK signing" description and the SDK's
//! `signer.py`), not from `runtime/src/sign/huawei.rs`, and it shares no code with it: it is
//! the second, independent implementation the runtime's signatures are checked against, and
//! it is itself checked against the official SDK's recorded requests
//! (`tests/vectors/huawei/`).
//!
//! Beyond recomputing the signature, the fake requires `host` and `x-sdk-date` to be signed,
//! a present `X-Security-Token` to be signed, every signed header to be present once, and,
//! when asked to, an `X-Sdk-Date` within a maximum skew of a given time (the real gateway
//! allows 15 minutes).

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// A request as it arrived: what the gateway sees.
#[derive(Clone, PartialEq, Eq)]
pub struct Received {
    /// `GET`, `DELETE`, ...
    pub method: String,
    /// The path as sent, percent-encoding included.
    pub path: String,
    /// The query as sent, without `?`; `None` when there was none.
    pub query: Option<String>,
    /// Every header line, names as sent (compared case-insensitively), values as bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Header values and the body as (lossy) text, not byte lists.
impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), String::from_utf8_lossy(v).into_owned()))
            .collect();
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl Received {
    /// The request a wiremock server recorded.
    pub fn from_wiremock(request: &wiremock::Request) -> Received {
        Received {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
                .collect(),
            body: request.body.clone(),
        }
    }

    /// The values of header `name`, case-insensitively.
    pub fn header_values(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
            .collect()
    }

    /// Replaces every value of header `name` by `value` (adding it when absent).
    pub fn set_header(&mut self, name: &str, value: &[u8]) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_vec()));
    }
}

/// What an accepted request was signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The access key id of the `Authorization` header.
    pub access_key: String,
    /// The `SignedHeaders` list, in order.
    pub signed_headers: Vec<String>,
}

/// The clock check: the `X-Sdk-Date` must be within `max_skew` of `now`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub now: SystemTime,
    pub max_skew: Duration,
}

impl Clock {
    /// The system clock with the real gateway's 15 minutes.
    pub fn system() -> Clock {
        Clock {
            now: SystemTime::now(),
            max_skew: Duration::from_secs(15 * 60),
        }
    }
}

/// Checks `request` against the `access key -> secret key` table `keys`. `clock`, when
/// given, bounds the age of `X-Sdk-Date`. Returns why a request is refused.
pub fn verify(
    request: &Received,
    keys: &HashMap<String, String>,
    clock: Option<Clock>,
) -> Result<Accepted, String> {
    let authorization =
        single_header(request, "authorization")?.ok_or("no Authorization header")?;
    let authorization = std::str::from_utf8(authorization)
        .map_err(|_| "the Authorization header is not UTF-8".to_owned())?;
    let parsed = parse_authorization(authorization)?;
    let secret = keys
        .get(&parsed.access)
        .ok_or_else(|| format!("unknown access key {}", parsed.access))?;

    let signed: Vec<String> = parsed
        .signed_headers
        .split(';')
        .map(str::to_owned)
        .collect();
    for (i, name) in signed.iter().enumerate() {
        if name.is_empty() || name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "SignedHeaders entry {name:?} is not a lowercase name"
            ));
        }
        if i > 0 && signed[i - 1] >= *name {
            return Err("SignedHeaders is not sorted and unique".to_owned());
        }
    }
    for required in ["host", "x-sdk-date"] {
        if !signed.iter().any(|n| n == required) {
            return Err(format!("{required} is not signed"));
        }
    }
    if !request.header_values("x-security-token").is_empty()
        && !signed.iter().any(|n| n == "x-security-token")
    {
        return Err("X-Security-Token is sent but not signed".to_owned());
    }

    let date = single_header(request, "x-sdk-date")?.ok_or("no X-Sdk-Date header")?;
    let date = std::str::from_utf8(date).map_err(|_| "X-Sdk-Date is not UTF-8".to_owned())?;
    let signed_at =
        parse_sdk_date(date).ok_or_else(|| format!("X-Sdk-Date {date:?} is malformed"))?;
    if let Some(clock) = clock {
        let now = clock
            .now
            .duration_since(UNIX_EPOCH)
            .map_err(|_| "the gateway clock is before 1970".to_owned())?
            .as_secs();
        let skew = now.abs_diff(signed_at);
        if skew > clock.max_skew.as_secs() {
            return Err(format!(
                "X-Sdk-Date is {skew} s away from the gateway's clock"
            ));
        }
    }

    // The canonical request, rebuilt from what arrived.
    let mut canonical: Vec<u8> = Vec::new();
    canonical.extend_from_slice(request.method.to_ascii_uppercase().as_bytes());
    canonical.push(b'\n');
    canonical.extend_from_slice(canonical_path(&request.path).as_bytes());
    canonical.push(b'\n');
    canonical.extend_from_slice(canonical_query(request.query.as_deref().unwrap_or("")).as_bytes());
    canonical.push(b'\n');
    for name in &signed {
        let value = single_header(request, name)?
            .ok_or_else(|| format!("signed header {name} is missing"))?;
        canonical.extend_from_slice(name.as_bytes());
        canonical.push(b':');
        canonical.extend_from_slice(trim(value));
        canonical.push(b'\n');
    }
    canonical.push(b'\n');
    canonical.extend_from_slice(parsed.signed_headers.as_bytes());
    canonical.push(b'\n');
    canonical.extend_from_slice(payload_hash(request, &signed)?.as_bytes());

    let expected = from_hex(&parsed.signature).ok_or("the signature is not hex")?;
    signature_mac(&canonical, date, secret)?
        .verify_slice(&expected)
        .map_err(|_| "signature mismatch".to_owned())?;
    Ok(Accepted {
        access_key: parsed.access,
        signed_headers: signed,
    })
}

/// The HMAC of a canonical request's string to sign, with the secret key.
fn signature_mac(canonical: &[u8], x_sdk_date: &str, secret: &str) -> Result<Hmac<Sha256>, String> {
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{x_sdk_date}\n{}",
        to_hex(&Sha256::digest(canonical))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| "unusable secret key".to_owned())?;
    mac.update(string_to_sign.as_bytes());
    Ok(mac)
}

/// The hex signature of a canonical request signed at `x_sdk_date` with `secret`.
pub fn signature_hex(canonical: &[u8], x_sdk_date: &str, secret: &str) -> Result<String, String> {
    Ok(to_hex(
        &signature_mac(canonical, x_sdk_date, secret)?
            .finalize()
            .into_bytes(),
    ))
}

struct Authorization {
    access: String,
    signed_headers: String,
    signature: String,
}

/// `SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<a;b>, Signature=<hex>`.
fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or("the Authorization scheme is not SDK-HMAC-SHA256")?;
    let mut fields: HashMap<&str, &str> = HashMap::new();
    for part in rest.split(", ") {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| format!("malformed Authorization field {part:?}"))?;
        if fields.insert(key, value).is_some() {
            return Err(format!("Authorization field {key} is repeated"));
        }
    }
    let field = |key: &str| {
        fields
            .get(key)
            .map(|v| (*v).to_owned())
            .ok_or_else(|| format!("Authorization has no {key}"))
    };
    if fields.len() != 3 {
        return Err("Authorization has unexpected fields".to_owned());
    }
    Ok(Authorization {
        access: field("Access")?,
        signed_headers: field("SignedHeaders")?,
        signature: field("Signature")?,
    })
}

/// The one value of header `name`; two values are refused.
fn single_header<'a>(request: &'a Received, name: &str) -> Result<Option<&'a [u8]>, String> {
    let values = request.header_values(name);
    match values.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        _ => Err(format!("header {name} is sent more than once")),
    }
}

/// `UNSIGNED-PAYLOAD` when declared and signed, else the body's SHA-256 (which a declared
/// `X-Sdk-Content-Sha256` must then equal).
fn payload_hash(request: &Received, signed: &[String]) -> Result<String, String> {
    let actual = to_hex(&Sha256::digest(&request.body));
    if request.body.is_empty() {
        return Ok(actual);
    }
    match single_header(request, "x-sdk-content-sha256")? {
        Some(declared) if signed.iter().any(|n| n == "x-sdk-content-sha256") => {
            let declared = trim(declared);
            if declared == b"UNSIGNED-PAYLOAD" {
                Ok("UNSIGNED-PAYLOAD".to_owned())
            } else if declared == actual.as_bytes() {
                Ok(actual)
            } else {
                Err("X-Sdk-Content-Sha256 does not match the body".to_owned())
            }
        }
        _ => Ok(actual),
    }
}

/// Leading and trailing whitespace removed.
fn trim(value: &[u8]) -> &[u8] {
    match std::str::from_utf8(value) {
        Ok(text) => text.trim().as_bytes(),
        Err(_) => value.trim_ascii(),
    }
}

/// Decoded, split into segments, each segment encoded, ending in `/`.
fn canonical_path(path: &str) -> String {
    let decoded = String::from_utf8_lossy(&unescape(path)).into_owned();
    let mut out = String::new();
    for (i, segment) in decoded.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&escape(segment.as_bytes()));
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Decoded pairs, sorted, encoded, joined.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for item in query.split('&').filter(|s| !s.is_empty()) {
        let mut halves = item.splitn(2, '=');
        let key = halves.next().unwrap_or("");
        let value = halves.next().unwrap_or("");
        pairs.push((unescape(key), unescape(value)));
    }
    pairs.sort();
    let items: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect();
    items.join("&")
}

/// `%XX` sequences decoded; anything else (including a stray `%`) kept.
fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Every byte but `A-Z a-z 0-9 - . _ ~` as `%XX`, upper-case hex.
fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let pairs = text.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    pairs
        .map(|pair| Some(hex_digit(pair[0])? * 16 + hex_digit(pair[1])?))
        .collect()
}

/// `YYYYMMDDTHHMMSSZ` as seconds since the epoch.
fn parse_sdk_date(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u64> {
        let digits = text.get(range)?;
        if digits.bytes().all(|c| c.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if year < 1970 || !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = crate::days_since_epoch(year, month, day)?;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_sdk_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_sdk_date("20260102T030405Z"), Some(1_767_323_045));
        assert_eq!(parse_sdk_date("20240229T235959Z"), Some(1_709_251_199));
        assert_eq!(parse_sdk_date("20230229T000000Z"), None);
        assert_eq!(parse_sdk_date("2026-01-02T03:04:05Z"), None);
        assert_eq!(parse_sdk_date("20260102T030405"), None);
        assert_eq!(parse_sdk_date("2026010２T03040Z"), None);
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/a%20b%2Fc/%C3%A9"), "/a%20b/c/%C3%A9/");
        assert_eq!(canonical_path("/x/"), "/x/");
        assert_eq!(canonical_path("/100%"), "/100%25/");
        assert_eq!(canonical_path("/1%4"), "/1%254/");
        assert_eq!(canonical_query("b=2&a=1&a=0&flag"), "a=0&a=1&b=2&flag=");
        assert_eq!(canonical_query("x=%2b%7e*"), "x=%2B~%2A");
    }

    #[test]
    fn authorization_parsing() {
        assert!(
            parse_authorization("SDK-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=00")
                .is_ok()
        );
        assert!(parse_authorization("Bearer x").is_err());
        assert!(parse_authorization("SDK-HMAC-SHA256 Access=a, SignedHeaders=host").is_err());
        assert!(parse_authorization(
            "SDK-HMAC-SHA256 Access=a, Access=b, SignedHeaders=host, Signature=00"
        )
        .is_err());
    }
}
