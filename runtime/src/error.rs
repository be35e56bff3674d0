//! The error type of every generated call, and the pieces it is made of.
//!
//! An error reply's code and message come from the service's documented error body, or, when
//! it answered in another shape, from the shapes the vendors use (`error_code`/`error_msg`,
//! `errorCode`/`errorMessage`, `{"error": {"code", "message"}}`, a bare `message`, a
//! Kubernetes `Status`, Alibaba's `Code`/`Message`).
//!
//! One enum, [`Error`], covers everything that can go wrong, from a bad parameter caught before
//! sending to an error reply from the service. It is generic over the vendor's error body `E`
//! so callers can match on structured error codes, while transport and decoding failures stay
//! vendor-independent. Every `Display` is one line that names the operation, so a log line is
//! useful without the `Debug` dump.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::credentials::CredentialsRefreshError;
use crate::error_body::{self, Recognized};
use crate::text::{snippet, FIELD_CHARS, SNIPPET_CHARS};
use crate::validate::Violation;

/// Most bytes of a failed reply's body kept in [`ApiError::raw_body`] and
/// [`Error::Decode`]: enough to diagnose, bounded so errors stay cheap to keep and move.
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// A vendor's error reply body, rendered by the generator.
///
/// The runtime decodes every non-success reply into the service's `E` when it can, and uses
/// these accessors to build the one-line error message.
pub trait ServiceError: DeserializeOwned + fmt::Debug + Send + Sync + 'static {
    /// The vendor's error code, e.g. `"CCE.01404001"`.
    fn code(&self) -> Option<&str>;
    /// The vendor's human-readable error message.
    fn message(&self) -> Option<&str>;
}

/// A request the runtime refused to send because a parameter is missing or unsafe to encode.
///
/// Reported by [`Client::execute`](crate::Client::execute) before any network traffic, so a bad
/// value can never reach the server in a mangled form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request to {operation}: parameter `{parameter}` {reason}")]
#[non_exhaustive]
pub struct RequestError {
    /// The operation the request was for.
    pub operation: &'static str,
    /// The wire name of the offending parameter (path, query or header name, or `body`).
    pub parameter: &'static str,
    /// What is wrong, phrased to follow "parameter `x` ...".
    pub reason: String,
    /// Boxed: errors stay small to move, and this one is rare.
    violation: Option<Box<Violation>>,
}

impl RequestError {
    pub(crate) fn new(
        operation: &'static str,
        parameter: &'static str,
        reason: impl Into<String>,
    ) -> Self {
        RequestError {
            operation,
            parameter,
            reason: reason.into(),
            violation: None,
        }
    }

    /// A value of `parameter` that broke a constraint of the specification.
    pub(crate) fn violated(
        operation: &'static str,
        parameter: &'static str,
        violation: Violation,
    ) -> Self {
        RequestError {
            operation,
            parameter,
            reason: violation.to_string(),
            violation: Some(Box::new(violation)),
        }
    }

    /// The constraint a value broke, when client-side validation refused the request.
    pub fn violation(&self) -> Option<&Violation> {
        self.violation.as_deref()
    }
}

/// A configuration that cannot work with the service it was given to.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration for service `{service}`: {reason}")]
pub struct ConfigError {
    service: &'static str,
    reason: String,
    #[source]
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl ConfigError {
    pub(crate) fn new(service: &'static str, reason: impl Into<String>) -> Self {
        ConfigError {
            service,
            reason: reason.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(
        mut self,
        source: impl StdError + Send + Sync + 'static,
    ) -> ConfigError {
        self.source = Some(Box::new(source));
        self
    }

    /// The service whose client could not be configured.
    pub fn service(&self) -> &'static str {
        self.service
    }

    /// What is missing or wrong, and what to set.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// A reply whose status is not a documented success of the operation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The operation that failed.
    pub operation: &'static str,
    /// The HTTP status of the reply.
    pub status: u16,
    /// The error body decoded as the service's error type; `None` when it did not parse (an
    /// HTML page from a gateway, an empty body) or when the status was an undocumented success.
    pub body: Option<E>,
    /// The start of the raw body, at most [`MAX_ERROR_BODY_BYTES`].
    pub raw_body: Bytes,
    /// The server-side request id, from the service's request id header or else the body.
    pub request_id: Option<String>,
    /// The code and message of the body in whatever shape it came, for when `E` has none;
    /// boxed to keep `Error` small to move.
    recognized: Box<Recognized>,
}

impl<E: ServiceError> ApiError<E> {
    /// Builds the error from a reply, decoding the body as `E` when possible.
    pub(crate) fn from_reply(
        operation: &'static str,
        status: u16,
        body: &Bytes,
        request_id: Option<String>,
    ) -> Self {
        ApiError {
            body: serde_json::from_slice::<E>(body).ok(),
            ..ApiError::undecoded(operation, status, body, request_id)
        }
    }

    /// The vendor's error code: from the service's error type when the body decoded as it
    /// and carries one, else from any error shape the vendors use (see the module docs).
    pub fn code(&self) -> Option<&str> {
        self.body
            .as_ref()
            .and_then(ServiceError::code)
            .filter(|s| !s.is_empty())
            .or(self.recognized.code.as_deref())
    }

    /// The vendor's error message, found like [`code`](Self::code).
    pub fn message(&self) -> Option<&str> {
        self.body
            .as_ref()
            .and_then(ServiceError::message)
            .filter(|s| !s.is_empty())
            .or(self.recognized.message.as_deref())
    }
}

impl<E> ApiError<E> {
    /// An error for a reply the caller cannot interpret, without decoding its body as `E`.
    pub(crate) fn undecoded(
        operation: &'static str,
        status: u16,
        body: &Bytes,
        request_id: Option<String>,
    ) -> Self {
        let recognized = Box::new(error_body::recognize(body));
        ApiError {
            operation,
            status,
            body: None,
            raw_body: bounded(body),
            request_id: request_id.or_else(|| recognized.request_id.clone()),
            recognized,
        }
    }
}

/// `body` cut to [`MAX_ERROR_BODY_BYTES`]; shares the buffer rather than copying.
pub(crate) fn bounded(body: &Bytes) -> Bytes {
    body.slice(..body.len().min(MAX_ERROR_BODY_BYTES))
}

impl<E: ServiceError> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.operation, self.status)?;
        let code = self.code().map(|s| snippet(s.as_bytes(), FIELD_CHARS));
        let message = self.message().map(|s| snippet(s.as_bytes(), FIELD_CHARS));
        match (code, message) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
            (Some(text), None) | (None, Some(text)) => write!(f, ": {text}")?,
            (None, None) if !self.raw_body.is_empty() => {
                write!(f, ": {}", snippet(&self.raw_body, SNIPPET_CHARS))?;
            }
            (None, None) => f.write_str(" (empty body)")?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", snippet(id.as_bytes(), FIELD_CHARS))?;
        }
        Ok(())
    }
}

impl<E: ServiceError> StdError for ApiError<E> {}

/// A failed HTTP exchange: a connection refused or reset, a TLS failure, a reply cut short.
///
/// Opaque, so that the public API does not depend on the HTTP client the runtime uses; the
/// underlying error is its [`source`](StdError::source). `Display` is one line that ends with
/// the root cause, and never holds the request's URL (its values can be long or sensitive).
#[derive(Debug)]
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        TransportError {
            inner: error.without_url(),
        }
    }

    pub(crate) fn http_error(&self) -> &reqwest::Error {
        &self.inner
    }

    /// Whether no connection could be established (refused, unreachable, TLS handshake).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)?;
        // The HTTP client's own message is generic ("error sending request"); the root cause
        // (connection refused, certificate invalid) is what a reader needs.
        if let Some(mut root) = self.inner.source() {
            while let Some(next) = root.source() {
                root = next;
            }
            write!(f, ": {root}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.inner)
    }
}

/// Everything a generated call can fail with.
///
/// `E` is the service's error body type. Non-exhaustive, so new kinds of failure can be added.
///
/// When a call was retried (see [`RetryPolicy`](crate::RetryPolicy)), the error is that of the
/// last attempt.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A parameter was missing or could not be encoded safely; nothing was sent.
    InvalidRequest(RequestError),
    /// The client configuration cannot work with the service.
    Config(ConfigError),
    /// The HTTP exchange failed: connection refused, TLS failure, connection reset, or the
    /// connection closed before the reply was complete.
    Transport {
        /// The operation being called.
        operation: &'static str,
        /// What failed.
        source: TransportError,
    },
    /// An attempt did not complete within its timeout ([`Config::timeout`](crate::Config::timeout)
    /// or [`CallOptions::timeout`](crate::CallOptions::timeout)), or the call ran out of its
    /// retry budget ([`RetryPolicy::max_elapsed`](crate::RetryPolicy::max_elapsed)) while an
    /// attempt was in flight.
    Timeout {
        /// The operation being called.
        operation: &'static str,
        /// The limit that was exceeded.
        after: Duration,
    },
    /// The service replied with a status that is not a documented success.
    Api(ApiError<E>),
    /// A success reply whose body does not match the documented type.
    Decode {
        /// The operation being called.
        operation: &'static str,
        /// The HTTP status of the reply.
        status: u16,
        /// What did not match.
        source: serde_json::Error,
        /// The start of the body, at most [`MAX_ERROR_BODY_BYTES`].
        body: Bytes,
    },
    /// The reply body is larger than [`Config::max_response_bytes`](crate::Config::max_response_bytes).
    ResponseTooLarge {
        /// The operation being called.
        operation: &'static str,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// Temporary credentials could not be fetched or refreshed; nothing was sent.
    Credentials {
        /// The operation being called.
        operation: &'static str,
        /// Where the credentials were to come from, and what went wrong.
        source: CredentialsRefreshError,
    },
}

impl<E> Error<E> {
    /// The operation the error is about; `None` for configuration errors.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::InvalidRequest(e) => Some(e.operation),
            Error::Config(_) => None,
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Decode { operation, .. }
            | Error::ResponseTooLarge { operation, .. }
            | Error::Credentials { operation, .. } => Some(operation),
            Error::Api(e) => Some(e.operation),
        }
    }

    /// The HTTP status of the reply, when one was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error reply, when the service answered with a non-success status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

impl<E: ServiceError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
            Error::Transport { operation, source } => {
                write!(f, "{operation}: HTTP request failed: {source}")
            }
            Error::Timeout { operation, after } => {
                write!(f, "{operation} timed out after {after:?}")
            }
            Error::Api(e) => e.fmt(f),
            Error::Decode {
                operation,
                status,
                source,
                body,
            } => {
                write!(
                    f,
                    "{operation}: could not decode the HTTP {status} reply: {source}"
                )?;
                if body.is_empty() {
                    f.write_str(" (empty body)")
                } else {
                    write!(f, "; body starts with: {}", snippet(body, SNIPPET_CHARS))
                }
            }
            Error::ResponseTooLarge { operation, limit } => write!(
                f,
                "{operation}: the reply is larger than the limit of {limit} bytes (see Config::max_response_bytes)"
            ),
            Error::Credentials { operation, source } => write!(f, "{operation}: {source}"),
        }
    }
}

impl<E: ServiceError> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            // Transparent: their Display is this error's Display.
            Error::InvalidRequest(e) => e.source(),
            Error::Config(e) => e.source(),
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            Error::Credentials { source, .. } => Some(source),
            Error::Timeout { .. } | Error::Api(_) | Error::ResponseTooLarge { .. } => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(e: RequestError) -> Self {
        Error::InvalidRequest(e)
    }
}

impl<E> From<ConfigError> for Error<E> {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl<E> From<ApiError<E>> for Error<E> {
    fn from(e: ApiError<E>) -> Self {
        Error::Api(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct TestError {
        code: Option<String>,
        msg: Option<String>,
    }

    impl ServiceError for TestError {
        fn code(&self) -> Option<&str> {
            self.code.as_deref()
        }
        fn message(&self) -> Option<&str> {
            self.msg.as_deref()
        }
    }

    fn api(body: &'static [u8], request_id: Option<&str>) -> ApiError<TestError> {
        ApiError::from_reply(
            "DeletePodIdentityAssociation",
            404,
            &Bytes::from_static(body),
            request_id.map(str::to_owned),
        )
    }

    #[test]
    fn display_with_code_message_and_request_id() {
        let e = api(
            br#"{"code":"CCE.01404001","msg":"cluster not found"}"#,
            Some("abc"),
        );
        assert_eq!(
            e.to_string(),
            "DeletePodIdentityAssociation failed with HTTP 404: CCE.01404001: cluster not found (request id abc)"
        );
    }

    #[test]
    fn display_with_only_code_or_message() {
        assert_eq!(
            api(br#"{"code":"X.1"}"#, None).to_string(),
            "DeletePodIdentityAssociation failed with HTTP 404: X.1"
        );
        assert_eq!(
            api(br#"{"msg":"line1\nline2"}"#, None).to_string(),
            "DeletePodIdentityAssociation failed with HTTP 404: line1 line2"
        );
    }

    #[test]
    fn display_falls_back_to_raw_body() {
        let e = api(b"<html>\r\n<title>Bad</title></html>", None);
        assert!(e.body.is_none());
        assert_eq!(
            e.to_string(),
            "DeletePodIdentityAssociation failed with HTTP 404: <html> <title>Bad</title></html>"
        );
        assert_eq!(
            api(b"", None).to_string(),
            "DeletePodIdentityAssociation failed with HTTP 404 (empty body)"
        );
    }

    #[test]
    fn raw_body_is_bounded() {
        let big = Bytes::from(vec![b'x'; MAX_ERROR_BODY_BYTES * 2]);
        let e: ApiError<TestError> = ApiError::from_reply("Op", 500, &big, None);
        assert_eq!(e.raw_body.len(), MAX_ERROR_BODY_BYTES);
        assert!(e.to_string().len() < 300);
    }

    #[test]
    fn error_accessors_and_from() {
        let e: Error<TestError> = RequestError::new("Op", "id", "must not be empty").into();
        assert_eq!(e.operation(), Some("Op"));
        assert_eq!(e.status(), None);
        assert_eq!(
            e.to_string(),
            "invalid request to Op: parameter `id` must not be empty"
        );
        let e: Error<TestError> = Error::Api(api(b"{}", None));
        assert_eq!(e.status(), Some(404));
        assert!(e.api_error().is_some());
        let e: Error<TestError> = ConfigError::new("cce", "no region").into();
        assert_eq!(
            e.to_string(),
            "invalid configuration for service `cce`: no region"
        );
        assert_eq!(e.operation(), None);
    }
}
