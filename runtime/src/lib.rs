//! Shared runtime of the generated cloud clients.
//!
//! # Split between generated code and the runtime
//!
//! The generator renders, per service, a [`ServiceDescriptor`], the data types, and per
//! operation an [`OperationDescriptor`] plus a small request builder that lists parameters on a
//! [`Request`] and hands it to [`Client::execute`]. Generated code is declarative: it states
//! *what* an operation looks like.
//!
//! Everything about *how* a call is made lives here, once: endpoint resolution, path, query
//! and header encoding, authentication, transport, timeouts, reply size limits, and error
//! decoding. A fix or a new capability (request signing, retries, new kinds of credentials)
//! therefore lands in every generated client at once, and generated code stays small enough to
//! review.
//!
//! # Shape of a call
//!
//! 1. [`Request`] collects parameters without failing; problems are recorded. The call's own
//!    settings, if any, come with [`Request::options`].
//! 2. [`Client::execute`] renders it (reporting recorded problems as
//!    [`Error::InvalidRequest`] before anything is sent) and adds default headers. Then, per
//!    attempt, it authenticates (signatures carry a timestamp, so every attempt is signed
//!    afresh), sends, reads the reply within [`Config::max_response_bytes`], and returns a
//!    [`Response`] for a documented success status or [`Error::Api`] otherwise, unless the
//!    failure is worth another attempt (see *Retries*).
//! 3. Generated code decodes the [`Response`] with [`Response::json`].
//!
//! # Retries
//!
//! A failed attempt is repeated under a [`RetryPolicy`] (default: 3 attempts, backoff from
//! 200 ms doubling up to 5 s with full jitter, 120 s for the whole call) when both hold:
//!
//! - the operation is idempotent ([`OperationDescriptor::idempotent`], from the specification),
//!   or the call opted in with [`CallOptions::retry_non_idempotent`];
//! - the failure may not recur: a connection refused, reset or closed before the reply was
//!   complete ([`Error::Transport`]), an attempt that exceeded its timeout
//!   ([`Error::Timeout`]), HTTP 429, 502, 503 or 504, or a vendor's throttling code in the
//!   error body (Huawei Cloud `APIGW.0308`/`APIG.0308`; Alibaba Cloud `Throttling`,
//!   `Throttling.*`, `ServiceUnavailable`), whatever the status.
//!
//! Never retried: any other 4xx or 5xx reply, a TLS failure such as an untrusted certificate,
//! a reply over the size limit, an invalid request or configuration. A reply's `Retry-After`
//! (seconds or an HTTP date) replaces the computed backoff, capped at
//! [`RetryPolicy::max_backoff`]. The whole call, attempts and waits together, stays within
//! [`RetryPolicy::max_elapsed`]; each attempt within its timeout. When the client gives up,
//! the error of the last attempt is returned. Each call is a `cloudgen.call` tracing span and
//! each attempt a `cloudgen.attempt` span inside it, whose events give the attempt number, the
//! status or failure kind and the backoff chosen; never URLs, headers or bodies.
//!
//! # Client defaults and per-call options
//!
//! [`Config::timeout`] (per attempt) and [`Config::retry`] apply to every call of a client. A
//! single call overrides them with [`CallOptions`], which generated request builders pass on
//! with [`Request::options`]:
//!
//! ```no_run
//! # use std::time::Duration;
//! # use cloudgen_runtime::*;
//! # static OPERATION: OperationDescriptor = OperationDescriptor {
//! #     name: "ListClusters", method: HttpMethod::Get, path: "/clusters", success: &[200],
//! #     idempotent: true,
//! # };
//! # async fn run(client: Client) -> Result<(), Error<ApiErrorBody>> {
//! let request = Request::new(&OPERATION).options(
//!     CallOptions::new()
//!         .timeout(Duration::from_secs(5))
//!         .retry(RetryPolicy::new().max_attempts(5)),
//! );
//! let response = client.execute::<ApiErrorBody>(request).await?;
//! # let _ = response;
//! # Ok(())
//! # }
//! # #[derive(Debug, serde::Deserialize)]
//! # struct ApiErrorBody {}
//! # impl ServiceError for ApiErrorBody {
//! #     fn code(&self) -> Option<&str> { None }
//! #     fn message(&self) -> Option<&str> { None }
//! # }
//! ```
//!
//! # Why rustls
//!
//! TLS is provided by rustls with bundled WebPKI roots rather than the platform's OpenSSL:
//! builds need no system libraries or headers, behave the same on every platform and in
//! minimal containers, and the TLS stack is memory-safe Rust. A server with a certificate of a
//! private CA (the Kubernetes API server of a CCE cluster) is trusted by adding that CA with
//! [`Config::ca_certificate_pem`].
//!
//! # Secrets
//!
//! Credentials are held in [`Secret`], whose `Debug` prints `***`. No secret appears in
//! `Debug` or `Display` output, errors or tracing events; the token header is marked sensitive.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod auth;
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod benchmark;
mod client;
mod config;
mod credentials;
mod decode;
mod descriptor;
mod encode;
mod endpoint;
mod error;
mod error_body;
mod form;
mod kubernetes;
mod model;
pub mod paging;
mod request;
mod request_builder;
mod response;
mod retry;
mod sign;
mod text;
mod transport;
pub mod validate;
pub mod wait;

pub use bytes::Bytes;
pub use http::HeaderMap;

pub use client::Client;
pub use config::{
    Config, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
pub use credentials::{
    AccessKey, Credentials, CredentialsError, CredentialsRefreshError, RefreshingCredentials,
    Secret,
};
pub use decode::null_as_default;
pub use descriptor::{AuthScheme, HttpMethod, OperationDescriptor, ServiceDescriptor, Vendor};
pub use error::{
    ApiError, ConfigError, Error, RequestError, ServiceError, TransportError, MAX_ERROR_BODY_BYTES,
};
pub use form::FilePart;
pub use kubernetes::{IntOrString, Patch};
pub use paging::{Paged, Paginator};
pub use request::{CallOptions, Request, MAX_URL_BYTES};
pub use response::{Download, Response, ResponseMetadata, WithMetadata};
pub use retry::{
    RetryPolicy, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_ELAPSED,
};
pub use validate::{Checked, Pattern, Rules, Validator, Violation};
pub use wait::{WaitError, WaitOptions};
