//! Retries: the policy, which failures are worth another attempt, and how long to wait first.
//!
//! The loop itself lives in [`Client::execute`](crate::Client::execute); this module holds the
//! decisions, each a plain function so it can be tested without a server:
//!
//! - [`retry_reason`]: whether a failed attempt may succeed if repeated (a dropped connection,
//!   a timeout, HTTP 429/502/503/504, a vendor's throttling code), or will fail the same way
//!   (any other 4xx, a reply over the size limit, an invalid request, a TLS failure).
//! - [`RetryPolicy::backoff`]: exponential backoff with full jitter.
//! - [`retry_after`]: the server's `Retry-After`, in seconds or as an HTTP date.

use std::error::Error as StdError;
use std::io;
use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::HeaderMap;

use crate::descriptor::Vendor;
use crate::error::{Error, ServiceError};

/// Default number of attempts, the first included: [`RetryPolicy::max_attempts`].
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default upper bound of the first backoff: [`RetryPolicy::initial_backoff`].
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
/// Default upper bound of any one backoff: [`RetryPolicy::max_backoff`].
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Default time budget of a whole call, all attempts and backoffs included:
/// [`RetryPolicy::max_elapsed`]. Larger than [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT), so that
/// with default settings the budget never cuts the first attempt short.
pub const DEFAULT_MAX_ELAPSED: Duration = Duration::from_secs(120);

/// Huawei Cloud API gateway code for a throttled request ("The throttling threshold has been
/// reached"), in both spellings its documentation uses: `APIGW.0308` in the API Request Signing
/// Guide's error code table, `APIG.0308` in the API Gateway manual and service FAQs.
const HUAWEI_THROTTLING_CODES: &[&str] = &["APIGW.0308", "APIG.0308"];

/// Alibaba Cloud codes for a throttled request or a temporarily unavailable service. They come
/// with HTTP 400 as often as with 429 or 503, so the status alone does not reveal them.
/// `Throttling.*` covers `Throttling.User`, `Throttling.Api` and the product-specific variants.
const ALIBABA_RETRYABLE_CODES: &[&str] = &["Throttling", "ServiceUnavailable"];
const ALIBABA_THROTTLING_PREFIX: &str = "Throttling.";

/// How a call is repeated when an attempt fails in a way that may not happen again.
///
/// Built with consuming setters, starting from the defaults:
///
/// ```
/// use std::time::Duration;
/// use cloudgen_runtime::{Config, RetryPolicy};
///
/// let config = Config::new().region("cn-north-4").retry(
///     RetryPolicy::new()
///         .max_attempts(5)
///         .initial_backoff(Duration::from_millis(100))
///         .max_backoff(Duration::from_secs(2))
///         .max_elapsed(Duration::from_secs(20)),
/// );
/// # let _ = config;
/// ```
///
/// Before attempt *n* + 1 the client waits a random time between zero and
/// `min(max_backoff, initial_backoff × 2ⁿ⁻¹)` ("full jitter", so that many clients throttled at
/// once do not come back in step), or the reply's `Retry-After` when it has one, capped at
/// `max_backoff`. It gives up when `max_attempts` have been made, or when the wait would not
/// leave any of the `max_elapsed` budget for the next attempt; the error of the last attempt is
/// returned.
///
/// Only operations marked idempotent are retried, unless a call opts in with
/// [`CallOptions::retry_non_idempotent`](crate::CallOptions::retry_non_idempotent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            max_elapsed: DEFAULT_MAX_ELAPSED,
        }
    }
}

impl RetryPolicy {
    /// The default policy: 3 attempts, backoff from 200 ms up to 5 s, 120 s for the whole call.
    pub fn new() -> Self {
        Self::default()
    }

    /// A single attempt, never repeated. The call is still bounded by
    /// [`max_elapsed`](Self::max_elapsed) (default 120 s) as well as by its timeout.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts made, the first included; default 3. `1` means no retry; `0` is taken
    /// as `1`, since a call always makes its first attempt.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Upper bound of the wait before the first retry; default 200 ms. Doubles with every
    /// further retry up to [`max_backoff`](Self::max_backoff). Zero retries at once.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Upper bound of any one wait, `Retry-After` included; default 5 s.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Time budget of the whole call, from the first attempt to the end of the last, backoffs
    /// included; default 120 s. An attempt still running when it is spent fails with
    /// [`Error::Timeout`](crate::Error::Timeout) whose `after` is this budget; keep it above
    /// the timeout of one attempt. Must be greater than zero.
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// What is wrong with the policy, if anything; phrased to follow the setting's name.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        self.max_elapsed
            .is_zero()
            .then_some("max_elapsed must be greater than zero")
    }

    /// The wait before retry number `retry` (1 for the wait after the first attempt): uniform
    /// in `[0, min(max_backoff, initial_backoff × 2^(retry-1))]`, drawn from `random`.
    pub(crate) fn backoff(&self, retry: u32, random: u64) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let ceiling_nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        let nanos = match ceiling_nanos.checked_add(1) {
            Some(span) => random % span,
            None => random,
        };
        Duration::from_nanos(nanos)
    }
}

/// Why a failed attempt is worth repeating, as a short name for tracing; `None` when repeating
/// it would fail the same way.
pub(crate) fn retry_reason<E: ServiceError>(
    error: &Error<E>,
    vendor: Vendor,
) -> Option<&'static str> {
    match error {
        Error::Timeout { .. } => Some("timeout"),
        Error::Transport { source, .. } => {
            transient_transport(source.http_error()).then_some("connection")
        }
        Error::Api(api) => {
            if matches!(api.status, 429 | 502 | 503 | 504) {
                Some("status")
            } else if api
                .code()
                .is_some_and(|code| is_throttling_code(vendor, code))
            {
                Some("throttling_code")
            } else {
                None
            }
        }
        // Deterministic: the same request gets the same answer.
        Error::InvalidRequest(_)
        | Error::Config(_)
        | Error::Decode { .. }
        | Error::ResponseTooLarge { .. } => None,
        // The cache already keeps unexpired credentials through a failed refresh; without
        // any, the credentials service is asked again by the next call, not in a loop here.
        Error::Credentials { .. } => None,
    }
}

/// Whether `code`, from an error body, is one of the vendor's codes for "throttled" or
/// "temporarily unavailable".
pub(crate) fn is_throttling_code(vendor: Vendor, code: &str) -> bool {
    match vendor {
        Vendor::Huawei => HUAWEI_THROTTLING_CODES.contains(&code),
        Vendor::Alibaba => {
            ALIBABA_RETRYABLE_CODES.contains(&code) || code.starts_with(ALIBABA_THROTTLING_PREFIX)
        }
        // The `reason` of a Kubernetes `Status`; its 429 and 5xx statuses are retried anyway.
        Vendor::Kubernetes => matches!(code, "TooManyRequests" | "ServerTimeout"),
    }
}

/// Whether a transport failure is a dropped or refused connection, which another attempt may
/// not meet, rather than one that will recur (a TLS certificate the client does not trust, a
/// request reqwest cannot build, a redirect).
///
/// Recognised from the error's source chain: an I/O error of a connection-level kind, or
/// hyper reporting that the connection closed before the reply was complete. A connection that
/// could not be established is retried too, unless it failed in the TLS handshake (rustls
/// reports those as `InvalidData`).
fn transient_transport(error: &reqwest::Error) -> bool {
    if error.is_builder() || error.is_redirect() {
        return false;
    }
    let mut tls_failure = false;
    let mut dropped = false;
    let mut source: Option<&(dyn StdError + 'static)> = error.source();
    while let Some(current) = source {
        source = current.source();
        if let Some(io) = current.downcast_ref::<io::Error>() {
            // `io::Error::source` skips the error it wraps (the connector wraps rustls's
            // `InvalidData` error in an `Other` one), so descend into it explicitly.
            if let Some(inner) = io.get_ref() {
                source = Some(inner);
            }
            match io.kind() {
                io::ErrorKind::ConnectionRefused
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::NotConnected
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof
                | io::ErrorKind::TimedOut
                | io::ErrorKind::Interrupted => dropped = true,
                io::ErrorKind::InvalidData => tls_failure = true,
                _ => {}
            }
        }
        if let Some(hyper) = current.downcast_ref::<hyper::Error>() {
            if hyper.is_incomplete_message() || hyper.is_canceled() || hyper.is_closed() {
                dropped = true;
            }
        }
    }
    !tls_failure && (dropped || error.is_connect())
}

/// Alibaba's throttling header: the milliseconds to wait, a positive whole number
/// (`alibabacloud-tea-openapi` 0.4.6, `Utils.get_throttling_time_left`, which ignores any other
/// value).
const ACS_RETRY_AFTER: &str = "x-acs-retry-after";

/// The delay a reply asks for: Alibaba's `x-acs-retry-after` (milliseconds), else the standard
/// `Retry-After` (a number of seconds, or an HTTP date; a date in the past means now). `None`
/// when absent or unreadable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let acs = headers
        .get(ACS_RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0);
    if let Some(ms) = acs {
        return Some(Duration::from_millis(ms));
    }
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is "very long": max_backoff caps it anyway.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// 64 random bits for jitter. Should the system's random source fail, the clock's nanoseconds
/// stand in: jitter needs spread between clients, not secrecy.
pub(crate) fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
            .unwrap_or_default();
        return u64::from(nanos).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[derive(Debug, serde::Deserialize)]
    struct Body {
        code: Option<String>,
    }

    impl ServiceError for Body {
        fn code(&self) -> Option<&str> {
            self.code.as_deref()
        }
        fn message(&self) -> Option<&str> {
            None
        }
    }

    fn api(status: u16, body: &str) -> Error<Body> {
        Error::Api(crate::error::ApiError::from_reply(
            "Op",
            status,
            &bytes::Bytes::copy_from_slice(body.as_bytes()),
            None,
        ))
    }

    #[test]
    fn defaults_and_setters() {
        let policy = RetryPolicy::new();
        assert_eq!(policy, RetryPolicy::default());
        assert_eq!(policy.max_attempts, 3);
        assert_eq!(policy.initial_backoff, Duration::from_millis(200));
        assert_eq!(policy.max_backoff, Duration::from_secs(5));
        assert_eq!(policy.max_elapsed, Duration::from_secs(120));
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::new().max_attempts(0).max_attempts, 1);
        assert!(RetryPolicy::new().problem().is_none());
        assert!(RetryPolicy::new()
            .max_elapsed(Duration::ZERO)
            .problem()
            .is_some());
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let policy = RetryPolicy::new()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        for random in [0, 1, 12345, u64::MAX / 3, u64::MAX] {
            assert!(policy.backoff(1, random) <= Duration::from_millis(100));
            assert!(policy.backoff(2, random) <= Duration::from_millis(200));
            assert!(policy.backoff(4, random) <= Duration::from_millis(800));
            assert!(policy.backoff(5, random) <= Duration::from_secs(1));
            assert!(policy.backoff(u32::MAX, random) <= Duration::from_secs(1));
        }
        // The largest draw reaches the ceiling exactly.
        let ceiling = 200_000_000u64;
        assert_eq!(policy.backoff(2, ceiling), Duration::from_millis(200));
        assert_eq!(policy.backoff(1, 0), Duration::ZERO);
        // Huge settings saturate instead of overflowing.
        let huge = RetryPolicy::new()
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX);
        let _ = huge.backoff(40, u64::MAX);
        assert_eq!(
            RetryPolicy::new()
                .initial_backoff(Duration::ZERO)
                .backoff(3, 99),
            Duration::ZERO
        );
    }

    #[test]
    fn jitter_varies() {
        let policy = RetryPolicy::new();
        let draws: std::collections::HashSet<Duration> =
            (0..20).map(|_| policy.backoff(3, random_u64())).collect();
        assert!(draws.len() > 1, "{draws:?}");
    }

    #[test]
    fn statuses_and_codes() {
        for status in [429, 502, 503, 504] {
            assert_eq!(
                retry_reason(&api(status, ""), Vendor::Huawei),
                Some("status")
            );
        }
        for status in [400, 401, 403, 404, 409, 500, 501] {
            assert_eq!(
                retry_reason(&api(status, "{}"), Vendor::Huawei),
                None,
                "{status}"
            );
        }
        let throttled = api(403, r#"{"code":"APIGW.0308"}"#);
        assert_eq!(
            retry_reason(&throttled, Vendor::Huawei),
            Some("throttling_code")
        );
        assert_eq!(retry_reason(&throttled, Vendor::Alibaba), None);
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "ServiceUnavailable",
        ] {
            let body = format!(r#"{{"code":"{code}"}}"#);
            assert_eq!(
                retry_reason(&api(400, &body), Vendor::Alibaba),
                Some("throttling_code"),
                "{code}"
            );
        }
        assert_eq!(
            retry_reason(&api(400, r#"{"code":"ThrottlingX"}"#), Vendor::Alibaba),
            None
        );
        assert_eq!(
            retry_reason(&api(400, r#"{"code":"InvalidParameter"}"#), Vendor::Alibaba),
            None
        );
    }

    #[test]
    fn other_errors() {
        let timeout: Error<Body> = Error::Timeout {
            operation: "Op",
            after: Duration::from_secs(1),
        };
        assert_eq!(retry_reason(&timeout, Vendor::Huawei), Some("timeout"));
        let too_large: Error<Body> = Error::ResponseTooLarge {
            operation: "Op",
            limit: 1,
        };
        assert_eq!(retry_reason(&too_large, Vendor::Huawei), None);
        let invalid: Error<Body> =
            crate::error::RequestError::new("Op", "id", "must not be empty").into();
        assert_eq!(retry_reason(&invalid, Vendor::Huawei), None);
        let decode: Error<Body> = Error::Decode {
            operation: "Op",
            status: 200,
            source: serde_json::from_slice::<u8>(b"x").unwrap_err(),
            body: bytes::Bytes::new(),
        };
        assert_eq!(retry_reason(&decode, Vendor::Huawei), None);
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            retry_after(&headers, now)
        };
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
        assert_eq!(with("1"), Some(Duration::from_secs(1)));
        assert_eq!(with(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(with("0"), Some(Duration::ZERO));
        assert_eq!(
            with("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(with("-1"), None);
        assert_eq!(with("1.5"), None);
        assert_eq!(with("soon"), None);
        assert_eq!(with(""), None);
        // 1_000_000_000 s after the epoch is Sun, 09 Sep 2001 01:46:40 GMT.
        assert_eq!(
            with("Sun, 09 Sep 2001 01:47:10 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(with("Sun, 09 Sep 2001 01:00:00 GMT"), Some(Duration::ZERO));
    }

    #[test]
    fn alibaba_throttling_header_is_milliseconds_and_wins() {
        let now = SystemTime::UNIX_EPOCH;
        let with = |acs: &'static str, standard: Option<&'static str>| {
            let mut headers = HeaderMap::new();
            headers.insert(ACS_RETRY_AFTER, HeaderValue::from_static(acs));
            if let Some(value) = standard {
                headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            }
            retry_after(&headers, now)
        };
        assert_eq!(with("1500", None), Some(Duration::from_millis(1500)));
        assert_eq!(with("1500", Some("9")), Some(Duration::from_millis(1500)));
        // As the SDK: zero, negative or unreadable values are not a wait.
        assert_eq!(with("0", None), None);
        assert_eq!(with("-5", None), None);
        assert_eq!(with("soon", Some("2")), Some(Duration::from_secs(2)));
    }
}
