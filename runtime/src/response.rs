//! A successful reply, as handed to generated code for decoding.

use std::fmt;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{bounded, ApiError, Error};

/// A reply whose status is one of the operation's documented success statuses.
///
/// The body is fully read (within [`Config::max_response_bytes`](crate::Config::max_response_bytes)).
/// `Debug` shows header names and the body size only: replies can carry secrets (IAM returns
/// tokens in headers and access keys in bodies).
#[derive(Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    operation: &'static str,
    request_id: Option<String>,
}

impl Response {
    pub(crate) fn new(
        operation: &'static str,
        status: u16,
        headers: HeaderMap,
        body: Bytes,
        request_id: Option<String>,
    ) -> Self {
        Response {
            status,
            headers,
            body,
            operation,
            request_id,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reply headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The reply body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The reply body, without copying.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The operation this is the reply of.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The server-side request id, from the service's request id header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Decodes the body as JSON into `T`.
    ///
    /// `E` is the service's error type; it is only named so the error fits the generated
    /// call's `Result`.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            operation: self.operation,
            status: self.status,
            source,
            body: bounded(&self.body),
        })
    }

    /// Turns a success status the generated code has no case for into an [`Error::Api`] with
    /// no decoded body, keeping the status, raw body and request id for diagnosis.
    pub fn unexpected_status<E>(self) -> Error<E> {
        Error::Api(ApiError::undecoded(
            self.operation,
            self.status,
            &self.body,
            self.request_id,
        ))
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_bytes", &self.body.len())
            .finish()
    }
}
