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
//! 1. [`Request`] collects parameters without failing; problems are recorded.
//! 2. [`Client::execute`] renders it (reporting recorded problems as
//!    [`Error::InvalidRequest`] before anything is sent), adds default headers, authenticates,
//!    sends it once, reads the reply within [`Config::max_response_bytes`], and returns a
//!    [`Response`] for a documented success status or [`Error::Api`] otherwise.
//! 3. Generated code decodes the [`Response`] with [`Response::json`].
//!
//! # Why rustls
//!
//! TLS is provided by rustls with bundled WebPKI roots rather than the platform's OpenSSL:
//! builds need no system libraries or headers, behave the same on every platform and in
//! minimal containers, and the TLS stack is memory-safe Rust.
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
mod client;
mod config;
mod credentials;
mod descriptor;
mod encode;
mod endpoint;
mod error;
mod request;
mod response;
mod text;
mod transport;

pub use bytes::Bytes;
pub use http::HeaderMap;

pub use client::Client;
pub use config::{
    Config, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
pub use credentials::{Credentials, Secret};
pub use descriptor::{AuthScheme, HttpMethod, OperationDescriptor, ServiceDescriptor, Vendor};
pub use error::{ApiError, ConfigError, Error, RequestError, ServiceError, MAX_ERROR_BODY_BYTES};
pub use request::Request;
pub use response::Response;
