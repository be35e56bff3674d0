//! Request signing, one module per vendor scheme. Each signer is a pure function of the
//! prepared request, the key and the [`SigningInputs`], so it can be checked against the
//! official SDKs' requests byte for byte.

pub(crate) mod alibaba;
pub(crate) mod huawei;

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// The time and nonce a signature is made with.
///
/// In production both come from the system (clock, random nonce) for every attempt; only the
/// `testing` feature lets a test fix them, to compare with recorded vectors.
#[derive(Clone, Debug)]
pub(crate) struct SigningInputs {
    pub now: SystemTime,
    pub nonce: String,
}

/// Where a signature's time and nonce come from.
#[derive(Clone, Debug, Default)]
pub(crate) enum SigningClock {
    /// The system clock and a fresh random nonce for every attempt.
    #[default]
    System,
    /// Fixed values, set by tests through `Config::fixed_signing_inputs`.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    Fixed(SigningInputs),
}

impl SigningClock {
    /// The inputs for one attempt's signature.
    pub(crate) fn inputs(&self) -> SigningInputs {
        match self {
            SigningClock::System => SigningInputs {
                now: SystemTime::now(),
                nonce: random_nonce(),
            },
            SigningClock::Fixed(inputs) => inputs.clone(),
        }
    }
}

/// 128 random bits as 32 hex digits. Should the system's random source fail, the nonce
/// falls back to the clock's nanoseconds: the server then rejects a replay at worst, which
/// is better than not sending the request.
fn random_nonce() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = nanos.to_le_bytes();
    }
    hex::encode(bytes)
}

/// What both vendors leave unencoded in canonical strings, RFC 3986's unreserved characters
/// `ALPHA DIGIT - . _ ~` (Python's `urllib.parse.quote(s, safe='~')`, which their SDKs use).
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Lower-case hex SHA-256 of `data`.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Lower-case hex HMAC-SHA256 of `data` under `key`. HMAC accepts keys of any length, so this
/// cannot fail in practice; `None` keeps that promise out of the signers' control flow.
pub(crate) fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(data);
    Some(hex::encode(mac.finalize().into_bytes()))
}

/// Decoded `(name, value)` pairs of a query, sorted by bytes (for UTF-8, the code point order
/// the SDKs sort by), encoded again with [`UNRESERVED`] and joined as `name=value&...`. A pair
/// without `=` has the empty value. `decode` reads one part as the vendor's gateway does.
pub(crate) fn canonical_query(query: &str, decode: impl Fn(&str) -> Vec<u8>) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 16);
    for (name, value) in &pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(percent_encode(name, UNRESERVED));
        out.push('=');
        out.extend(percent_encode(value, UNRESERVED));
    }
    out
}

/// A moment in UTC, to whole seconds (fractions are dropped, as `strftime` does).
pub(crate) struct UtcTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

impl UtcTime {
    pub(crate) fn of(time: SystemTime) -> Self {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                // Round towards the past: 0.5 s before the epoch is 23:59:59.
                0i64.saturating_sub(whole)
                    .saturating_sub(i64::from(before.subsec_nanos() > 0))
            }
        };
        let of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        UtcTime {
            year,
            month,
            day,
            hour: of_day / 3600,
            minute: of_day % 3600 / 60,
            second: of_day % 60,
        }
    }
}

/// The proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era.saturating_mul(400) + i64::from(month <= 2);
    (year, month, day)
}
