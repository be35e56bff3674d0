//! Client configuration, set once and shared by every call of a [`Client`](crate::Client).

use std::fmt;
use std::time::Duration;

use crate::credentials::Credentials;
use crate::retry::RetryPolicy;
use crate::sign::SigningClock;
#[cfg(feature = "testing")]
use crate::sign::SigningInputs;

/// Default limit on the duration of one attempt of a call: connect, send, and read the reply.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit on establishing a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit on the size of a reply body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;
/// Default `User-Agent` header.
pub const DEFAULT_USER_AGENT: &str = concat!("cloudgen-runtime/", env!("CARGO_PKG_VERSION"));

/// Settings for a [`Client`](crate::Client).
///
/// Built with consuming setters so a configuration reads as one expression:
///
/// ```
/// use std::time::Duration;
/// use cloudgen_runtime::{Config, Credentials};
///
/// let config = Config::new()
///     .region("cn-north-4")
///     .credentials(Credentials::huawei_token("token"))
///     .timeout(Duration::from_secs(30));
/// # let _ = config;
/// ```
///
/// Nothing is validated here: [`Client::new`](crate::Client::new) validates the whole
/// configuration against the service it is used with, where errors can name the service.
/// `Debug` never shows secrets (see [`Secret`](crate::Secret)).
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    /// `None`: the vendor's default chain, run by `Client::new`.
    pub(crate) credentials: Option<Credentials>,
    pub(crate) project_id: Option<String>,
    pub(crate) domain_id: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) user_agent: String,
    pub(crate) retry: RetryPolicy,
    pub(crate) ca_certificates: Vec<PemCertificate>,
    /// A TLS client certificate and its key, PEM.
    pub(crate) client_identity: Option<PemCertificate>,
    pub(crate) signing_clock: SigningClock,
    /// The boundary of form bodies; `None` (always, outside tests) draws a random one.
    pub(crate) form_boundary: Option<String>,
    pub(crate) validate_requests: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: None,
            endpoint: None,
            credentials: None,
            project_id: None,
            domain_id: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            ca_certificates: Vec::new(),
            client_identity: None,
            signing_clock: SigningClock::System,
            form_boundary: None,
            validate_requests: true,
        }
    }
}

impl Config {
    /// A configuration with defaults: no region, no endpoint, and the credentials the
    /// vendor's default chain finds (see [`Config::credentials`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The region, e.g. `"cn-north-4"`; selects the endpoint unless one is set explicitly.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// A full base URL that replaces endpoint resolution, e.g. `"https://cce.example.com"`.
    ///
    /// `http://` is allowed (tests, private endpoints behind a proxy) and the URL may carry a
    /// path prefix, which is kept in front of every operation path.
    pub fn endpoint(mut self, base_url: impl Into<String>) -> Self {
        self.endpoint = Some(base_url.into());
        self
    }

    /// The credentials every call is authenticated with.
    ///
    /// Without this, [`Client::new`](crate::Client::new) looks for them where the vendor's
    /// official SDKs do (the environment, the SDK's and CLI's credential files, a pod's
    /// identity, a named instance role; the README has the order), and fails naming every
    /// place it looked when it finds none for a service that requires them. A request to such
    /// a service is never sent unsigned: [`Credentials::anonymous`] is refused for it too.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The project id used for `project_id` path parameters that a call does not set.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The account (domain) id that calls to a Huawei Cloud global service (IAM, ...) carry
    /// as `X-Domain-Id` when signed with AK/SK; the default chain reads
    /// `HUAWEICLOUD_SDK_DOMAIN_ID` or the credentials file's `[global]` section.
    pub fn domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// Limit on each attempt of a call, from connecting to reading the last byte; default 60 s.
    /// A call's retries together are bounded by [`RetryPolicy::max_elapsed`]; a call can set
    /// its own limit with [`CallOptions::timeout`](crate::CallOptions::timeout).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Limit on establishing a connection; default 10 s.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Largest reply body accepted; default 64 MiB. A larger reply fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) instead of exhausting memory.
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Whether calls check their values against the constraints of the specification
    /// (patterns, lengths, ranges, item counts) before anything is sent; default `true`. A
    /// call can choose otherwise with
    /// [`CallOptions::validate_requests`](crate::CallOptions::validate_requests).
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = validate;
        self
    }

    /// The `User-Agent` header; default `cloudgen-runtime/<version>`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// How failed calls are retried; default [`RetryPolicy::new`] (3 attempts). A call can set
    /// its own policy with [`CallOptions::retry`](crate::CallOptions::retry).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Also trusts the root certificate(s) in `pem` (one or more `CERTIFICATE` blocks) when
    /// verifying the server, besides the bundled WebPKI roots; may be called more than once.
    ///
    /// For servers whose certificate is issued by a private CA, such as the Kubernetes API
    /// server of a CCE cluster, which presents a certificate of the cluster's own CA. Checked
    /// by [`Client::new`](crate::Client::new): text without a certificate, or a certificate
    /// that does not parse, is a [`ConfigError`](crate::ConfigError).
    pub fn ca_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_certificates.push(PemCertificate(pem.into()));
        self
    }

    /// Presents this TLS client certificate to the server: `pem` holds the certificate (and
    /// any intermediates) and its private key, as a kubeconfig user's
    /// `client-certificate-data` and `client-key-data` do. For services that accept client
    /// certificates (the Kubernetes API of a cluster), this is the call's authentication.
    /// Checked by [`Client::new`](crate::Client::new).
    pub fn client_identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.client_identity = Some(PemCertificate(pem.into()));
        self
    }

    /// Signs every request with this time and nonce instead of the system's.
    ///
    /// Only for tests that compare signed requests with recorded vectors; a fixed time makes
    /// signatures expire and a fixed nonce makes them replayable, so this exists only with the
    /// `testing` feature.
    #[cfg(feature = "testing")]
    pub fn fixed_signing_inputs(
        mut self,
        now: std::time::SystemTime,
        nonce: impl Into<String>,
    ) -> Self {
        self.signing_clock = SigningClock::Fixed(SigningInputs {
            now,
            nonce: nonce.into(),
        });
        self
    }
}

impl Config {
    /// Separates the parts of every form body with `boundary` instead of a random one (unless
    /// a part contains it).
    ///
    /// Only for tests that compare requests with recorded vectors: a form's `Content-Type`
    /// carries its boundary and is signed. Exists only with the `testing` feature.
    #[cfg(feature = "testing")]
    pub fn fixed_form_boundary(mut self, boundary: impl Into<String>) -> Self {
        self.form_boundary = Some(boundary.into());
        self
    }
}

/// PEM text of CA certificates; `Debug` shows its size, not its base64.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct PemCertificate(pub(crate) Vec<u8>);

impl fmt::Debug for PemCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PemCertificate({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_has_no_secrets() {
        let config = Config::new()
            .region("cn-north-4")
            .project_id("proj")
            .credentials(Credentials::huawei_token("MIIZ-token-text-42"));
        let debug = format!("{config:?} {config:#?}");
        assert!(!debug.contains("MIIZ-token-text-42"), "{debug}");
        assert!(debug.contains("cn-north-4"), "{debug}");
    }

    #[test]
    fn defaults() {
        let config = Config::default();
        assert_eq!(config.timeout, Duration::from_secs(60));
        assert_eq!(config.connect_timeout, Duration::from_secs(10));
        assert_eq!(config.max_response_bytes, 64 * 1024 * 1024);
        assert!(config.user_agent.starts_with("cloudgen-runtime/"));
        assert_eq!(config.credentials, None);
    }
}
