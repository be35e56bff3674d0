//! One HTTP exchange: send a prepared request, read the reply within the size limit.
//!
//! [`send_once`] is deliberately a single attempt with no policy: the retry loop of
//! [`Client::execute`](crate::Client::execute) wraps it (together with authentication, which
//! must be redone per attempt for signatures), deciding from the returned error or status
//! whether to try again (see `retry.rs`).

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::HeaderMap;

use crate::error::{Error, TransportError};
use crate::request::PreparedRequest;

/// Initial capacity cap for the body buffer, so a lying `Content-Length` cannot make us
/// allocate the whole limit up front.
const INITIAL_BODY_CAPACITY: usize = 1024 * 1024;

/// The limits one exchange runs under: the client's, or a call's own
/// ([`CallOptions`](crate::CallOptions)).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_response_bytes: usize,
}

/// A reply read in full, before any interpretation of its status.
#[derive(Debug)]
pub(crate) struct RawReply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Sends `request` once and reads the whole reply body.
pub(crate) async fn send_once<E>(
    http: &reqwest::Client,
    request: &PreparedRequest,
    limits: Limits,
) -> Result<RawReply, Error<E>> {
    let operation = request.operation;
    let mut builder = http
        .request(operation.method.to_http(), request.url.clone())
        .headers(request.headers.clone())
        // Per request, since a call may override the client's timeout.
        .timeout(limits.timeout);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let mut response = builder
        .send()
        .await
        .map_err(|e| transport_error(operation.name, limits, e))?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = read_body(&mut response, operation.name, limits).await?;
    Ok(RawReply {
        status,
        headers,
        body,
    })
}

/// Reads the body in chunks, failing as soon as it would exceed the limit.
///
/// The declared `Content-Length` is checked first so an oversized reply is refused without
/// reading it; the running count covers chunked replies and servers that send more than they
/// declare.
async fn read_body<E>(
    response: &mut reqwest::Response,
    operation: &'static str,
    limits: Limits,
) -> Result<Bytes, Error<E>> {
    let limit = limits.max_response_bytes;
    let too_large = || Error::ResponseTooLarge { operation, limit };
    let declared = response.content_length();
    if let Some(declared) = declared {
        if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
            return Err(too_large());
        }
    }
    // A reply that arrives in one chunk is handed on as that chunk, without a copy; only a
    // reply in several chunks is gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered: Option<BytesMut> = None;
    let mut length = 0usize;
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_error(operation, limits, e))?
    {
        length = length.saturating_add(chunk.len());
        if length > limit {
            return Err(too_large());
        }
        match (&mut gathered, first.take()) {
            (Some(buffer), _) => buffer.extend_from_slice(&chunk),
            (None, None) => first = Some(chunk),
            (None, Some(earlier)) => {
                let capacity = declared
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(0)
                    .min(limit)
                    .min(INITIAL_BODY_CAPACITY)
                    .max(length);
                let mut buffer = BytesMut::with_capacity(capacity);
                buffer.extend_from_slice(&earlier);
                buffer.extend_from_slice(&chunk);
                gathered = Some(buffer);
            }
        }
    }
    Ok(match (gathered, first) {
        (Some(buffer), _) => buffer.freeze(),
        (None, Some(only)) => only,
        (None, None) => Bytes::new(),
    })
}

/// Maps a reqwest failure to [`Error::Timeout`] or [`Error::Transport`].
fn transport_error<E>(operation: &'static str, limits: Limits, e: reqwest::Error) -> Error<E> {
    if e.is_timeout() {
        let after = if e.is_connect() {
            limits.connect_timeout
        } else {
            limits.timeout
        };
        Error::Timeout { operation, after }
    } else {
        Error::Transport {
            operation,
            source: TransportError::new(e),
        }
    }
}
