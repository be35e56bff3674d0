//! Temporary credentials handed out by a service (an instance's metadata service, a pod's
//! identity endpoint, a credentials URI), cached and refreshed before they expire.
//!
//! All calls of a client share one cache behind an async mutex: the first call that finds the
//! credentials missing or about to expire fetches new ones while the others wait for it, so
//! however many calls race, one request refreshes. A failed refresh keeps using credentials
//! that have not expired yet (the service may be briefly unavailable) and is an error only
//! when there are none left to use.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::AccessKey;
use crate::descriptor::AuthScheme;

/// A key and when it expires (`None`: never).
#[derive(Clone)]
pub(crate) struct Temporary {
    pub key: AccessKey,
    pub expires: Option<SystemTime>,
}

/// What fetching returns: new credentials, or why there are none (never a secret).
pub(crate) type Fetched<'a> = Pin<Box<dyn Future<Output = Result<Temporary, String>> + Send + 'a>>;

/// A service that hands out temporary credentials.
pub(crate) trait Source: Send + Sync + 'static {
    /// Where the credentials come from, for errors and logs.
    fn describe(&self) -> String;
    /// Fetches new credentials.
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a>;
}

/// Credentials fetched from a service and refreshed before they expire; cheap to clone
/// (clones share the cache).
#[derive(Clone)]
pub struct RefreshingCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    scheme: AuthScheme,
    source: Box<dyn Source>,
    /// How long before expiry new credentials are fetched.
    margin: Duration,
    cache: tokio::sync::Mutex<Option<Temporary>>,
}

impl RefreshingCredentials {
    pub(crate) fn new(scheme: AuthScheme, source: impl Source, margin: Duration) -> Self {
        RefreshingCredentials {
            inner: Arc::new(Inner {
                scheme,
                source: Box::new(source),
                margin,
                cache: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// The scheme the credentials sign with.
    pub fn scheme(&self) -> AuthScheme {
        self.inner.scheme
    }

    /// Where the credentials come from.
    pub fn source(&self) -> String {
        self.inner.source.describe()
    }

    /// The credentials to sign the next request with, fetched when there are none yet or
    /// they expire within the margin.
    pub(crate) async fn current(
        &self,
        http: &reqwest::Client,
    ) -> Result<AccessKey, CredentialsRefreshError> {
        let mut cache = self.inner.cache.lock().await;
        let now = SystemTime::now();
        let expires_within = |temporary: &Temporary, margin: Duration| {
            temporary
                .expires
                .is_some_and(|expires| expires <= now + margin)
        };
        if let Some(cached) = cache.as_ref() {
            if !expires_within(cached, self.inner.margin) {
                return Ok(cached.key.clone());
            }
        }
        match self.inner.source.fetch(http).await {
            Ok(fresh) => {
                tracing::debug!(source = %self.inner.source.describe(), "fetched temporary credentials");
                let key = fresh.key.clone();
                *cache = Some(fresh);
                Ok(key)
            }
            Err(reason) => match cache.as_ref() {
                Some(cached) if !expires_within(cached, Duration::ZERO) => {
                    tracing::warn!(
                        source = %self.inner.source.describe(),
                        %reason,
                        "refreshing credentials failed; using the current ones until they expire"
                    );
                    Ok(cached.key.clone())
                }
                _ => Err(CredentialsRefreshError {
                    place: self.inner.source.describe(),
                    reason,
                }),
            },
        }
    }
}

impl fmt::Debug for RefreshingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingCredentials")
            .field("scheme", &self.inner.scheme)
            .field("source", &self.inner.source.describe())
            .finish()
    }
}

/// Two values are equal when they share one cache.
impl PartialEq for RefreshingCredentials {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for RefreshingCredentials {}

/// Temporary credentials could not be fetched, and there are no unexpired ones to use.
///
/// Names the source and what went wrong; never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot get credentials from {place}: {reason}")]
pub struct CredentialsRefreshError {
    place: String,
    reason: String,
}

impl CredentialsRefreshError {
    /// Where the credentials were to come from.
    pub fn place(&self) -> &str {
        &self.place
    }
}

/// Limit on one request to a credentials service.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Sends one request to a credentials service within [`TIMEOUT`]; the error names `what`
/// was asked and never holds the URL.
pub(crate) async fn send(
    request: reqwest::RequestBuilder,
    what: &str,
) -> Result<reqwest::Response, String> {
    request
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(|e| format!("{what} failed: {}", e.without_url()))
}

/// The body of a `200` reply. Another status is an error that does not quote the body: it is
/// the service's, and may echo what it was sent (a token).
pub(crate) async fn success_body(reply: reqwest::Response) -> Result<bytes::Bytes, String> {
    let status = reply.status().as_u16();
    if status != 200 {
        return Err(format!("the service answered HTTP {status}"));
    }
    reply
        .bytes()
        .await
        .map_err(|e| format!("the reply could not be read: {}", e.without_url()))
}

/// Parses a UTC timestamp the credential services write: RFC 3339, with or without a
/// fraction (`2026-12-01T12:00:00Z`, `2026-12-01T12:00:00.000000Z`).
pub(crate) fn parse_expiry(text: &str) -> Result<SystemTime, String> {
    humantime::parse_rfc3339_weak(text.trim().trim_end_matches('Z'))
        .map_err(|e| format!("the expiry `{text}` is not a UTC timestamp: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hands out `key-N` on the Nth fetch, valid for `lifetime`; fails when `fail` is set.
    struct Counting {
        fetches: Arc<AtomicUsize>,
        lifetime: Duration,
        fail: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Source for Counting {
        fn describe(&self) -> String {
            "a test source".to_owned()
        }

        fn fetch<'a>(&'a self, _http: &'a reqwest::Client) -> Fetched<'a> {
            Box::pin(async move {
                // A slow service, so that racing calls overlap.
                tokio::time::sleep(Duration::from_millis(20)).await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err("the service answered HTTP 500".to_owned());
                }
                let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                Ok(Temporary {
                    key: AccessKey::new(format!("key-{n}"), "secret").with_security_token("t"),
                    expires: Some(SystemTime::now() + self.lifetime),
                })
            })
        }
    }

    fn counting(
        lifetime: Duration,
    ) -> (
        RefreshingCredentials,
        Arc<AtomicUsize>,
        Arc<std::sync::atomic::AtomicBool>,
    ) {
        let fetches = Arc::new(AtomicUsize::new(0));
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let credentials = RefreshingCredentials::new(
            AuthScheme::HuaweiAksk,
            Counting {
                fetches: fetches.clone(),
                lifetime,
                fail: fail.clone(),
            },
            Duration::from_secs(60),
        );
        (credentials, fetches, fail)
    }

    #[tokio::test]
    async fn one_refresh_serves_a_hundred_racing_calls() {
        let (credentials, fetches, _) = counting(Duration::from_secs(3600));
        let http = reqwest::Client::new();
        let calls = (0..100).map(|_| {
            let credentials = credentials.clone();
            let http = http.clone();
            tokio::spawn(async move { credentials.current(&http).await.unwrap().id().to_owned() })
        });
        let mut ids = Vec::new();
        for call in calls {
            ids.push(call.await.unwrap());
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(ids.iter().all(|id| id == "key-1"), "{ids:?}");
    }

    #[tokio::test]
    async fn credentials_expiring_within_the_margin_are_refreshed() {
        // Valid for 30 s, refreshed 60 s before expiry: every call refreshes.
        let (credentials, fetches, _) = counting(Duration::from_secs(30));
        let http = reqwest::Client::new();
        assert_eq!(credentials.current(&http).await.unwrap().id(), "key-1");
        assert_eq!(credentials.current(&http).await.unwrap().id(), "key-2");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_unexpired_credentials_and_fails_without_them() {
        let (credentials, _, fail) = counting(Duration::from_secs(30));
        let http = reqwest::Client::new();
        assert_eq!(credentials.current(&http).await.unwrap().id(), "key-1");
        fail.store(true, Ordering::SeqCst);
        // Within the margin but not expired: still usable.
        assert_eq!(credentials.current(&http).await.unwrap().id(), "key-1");

        let (credentials, _, fail) = counting(Duration::from_secs(30));
        fail.store(true, Ordering::SeqCst);
        let error = credentials.current(&http).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot get credentials from a test source: the service answered HTTP 500"
        );
    }

    #[test]
    fn expiries_in_both_formats() {
        let whole = parse_expiry("2026-12-01T12:00:00Z").unwrap();
        let fraction = parse_expiry("2026-12-01T12:00:00.000000Z").unwrap();
        assert_eq!(whole, fraction);
        assert_eq!(
            whole
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
            1_796_126_400
        );
        assert!(parse_expiry("tomorrow").is_err());
    }
}
