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
    metadata: ResponseMetadata,
    body: Bytes,
    operation: &'static str,
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
            metadata: ResponseMetadata {
                status,
                headers,
                request_id,
            },
            body,
            operation,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.metadata.status
    }

    /// The reply headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.metadata.headers
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
        self.metadata.request_id()
    }

    /// Decodes the body as JSON into `T`.
    ///
    /// `E` is the service's error type; it is only named so the error fits the generated
    /// call's `Result`.
    ///
    /// An empty body (a 204, or a 200 that sends nothing) reads as the empty value of the type:
    /// an object with none of its optional fields, or an empty list.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            let empty = serde_json::from_slice(b"{}").or_else(|_| serde_json::from_slice(b"[]"));
            if let Ok(value) = empty {
                return Ok(value);
            }
        }
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            operation: self.operation,
            status: self.status(),
            source,
            body: bounded(&self.body),
        })
    }

    /// The body as a file: raw bytes with the reply's media type and file name.
    pub fn into_download(self) -> Download {
        self.download()
    }

    /// [`into_download`](Self::into_download), keeping the reply (the bytes are shared, not
    /// copied).
    pub fn download(&self) -> Download {
        let header = |name: http::header::HeaderName| {
            self.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Download {
            content_type: header(http::header::CONTENT_TYPE),
            file_name: header(http::header::CONTENT_DISPOSITION)
                .as_deref()
                .and_then(disposition_file_name),
            bytes: self.body.clone(),
        }
    }

    /// The reply's status, headers and request id.
    pub fn metadata(&self) -> &ResponseMetadata {
        &self.metadata
    }

    /// `value`, decoded from this reply, with the reply's metadata.
    pub fn with_value<T>(self, value: T) -> WithMetadata<T> {
        WithMetadata {
            value,
            metadata: self.metadata,
        }
    }

    /// The body decoded as JSON into `T`, with the reply's metadata.
    pub fn into_json<T: DeserializeOwned, E>(self) -> Result<WithMetadata<T>, Error<E>> {
        let value = self.json()?;
        Ok(self.with_value(value))
    }

    /// The reply of an operation that documents no body, as its metadata.
    pub fn into_empty(self) -> WithMetadata<()> {
        self.with_value(())
    }

    /// The body as a file ([`download`](Self::download)), with the reply's metadata.
    pub fn into_file(self) -> WithMetadata<Download> {
        let file = self.download();
        self.with_value(file)
    }

    /// Turns a success status the generated code has no case for into an [`Error::Api`] with
    /// no decoded body, keeping the status, raw body and request id for diagnosis.
    pub fn unexpected_status<E>(self) -> Error<E> {
        Error::Api(ApiError::undecoded(
            self.operation,
            self.metadata.status,
            &self.body,
            self.metadata.request_id,
        ))
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("operation", &self.operation)
            .field("metadata", &self.metadata)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The status, headers and request id of a successful reply.
///
/// `Debug` shows header names only: replies can carry secrets in headers.
#[derive(Clone)]
pub struct ResponseMetadata {
    status: u16,
    headers: HeaderMap,
    request_id: Option<String>,
}

impl ResponseMetadata {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reply headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The server-side request id, from the service's request id header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMetadata")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A call's result with the metadata of the reply it came in, from a request builder's
/// `send_with_metadata`.
#[derive(Debug, Clone)]
pub struct WithMetadata<T> {
    value: T,
    metadata: ResponseMetadata,
}

impl<T> WithMetadata<T> {
    /// The result, as `send` returns it.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The result, as `send` returns it.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The reply's status, headers and request id.
    pub fn metadata(&self) -> &ResponseMetadata {
        &self.metadata
    }

    /// The result and the metadata.
    pub fn into_parts(self) -> (T, ResponseMetadata) {
        (self.value, self.metadata)
    }
}

/// A reply read as raw bytes: the file an operation returns (a chart archive, an export).
///
/// The whole file is held in memory, within
/// [`Config::max_response_bytes`](crate::Config::max_response_bytes); raise that limit for
/// large downloads. `Debug` shows the media type, name and size, not the content.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    bytes: Bytes,
    content_type: Option<String>,
    file_name: Option<String>,
}

impl Download {
    /// The content.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The content, without copying.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The reply's `Content-Type`, when it sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file name the reply's `Content-Disposition` suggests, without any directory part
    /// (a name like `../../x` becomes `x`), so it is safe to join to a directory of the
    /// caller's choosing. `None` when the reply names no file.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// The file name of a `Content-Disposition` value (RFC 6266): `filename*=UTF-8''...` when
/// present, else `filename=`, quoted or not; its last path segment only.
fn disposition_file_name(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for parameter in value.split(';').skip(1) {
        let Some((key, raw)) = parameter.split_once('=') else {
            continue;
        };
        let raw = raw.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                // charset'language'percent-encoded-value
                let Some(encoded) = raw.splitn(3, '\'').nth(2) else {
                    continue;
                };
                extended = percent_encoding::percent_decode_str(encoded)
                    .decode_utf8()
                    .ok()
                    .map(|name| name.into_owned());
            }
            "filename" => {
                let unquoted = raw
                    .strip_prefix('"')
                    .and_then(|r| r.strip_suffix('"'))
                    .unwrap_or(raw);
                plain = Some(unquoted.replace("\\\"", "\""));
            }
            _ => {}
        }
    }
    let name = extended.or(plain)?;
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    (!last.is_empty() && last != "." && last != "..").then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn download(headers: &[(&'static str, &str)]) -> Download {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        Response::new("Op", 200, map, Bytes::from_static(b"\x1f\x8b"), None).into_download()
    }

    #[test]
    fn an_empty_success_body_reads_as_the_empty_value_of_its_type() {
        #[derive(Debug, Default, PartialEq, serde::Deserialize)]
        struct Reply {
            id: Option<String>,
        }
        let reply = |body: &'static [u8]| {
            Response::new("Op", 204, HeaderMap::new(), Bytes::from_static(body), None)
        };
        let empty: Reply = reply(b"").json::<_, ()>().expect("an empty object");
        assert_eq!(empty, Reply::default());
        let list: Vec<Reply> = reply(b" \n").json::<_, ()>().expect("an empty list");
        assert!(list.is_empty());
        // A type with a required field has no empty value: still a decode error.
        assert!(reply(b"").json::<String, ()>().is_err());
        let some: Reply = reply(br#"{"id":"a"}"#).json::<_, ()>().expect("decodes");
        assert_eq!(some.id.as_deref(), Some("a"));
    }

    #[test]
    fn a_download_keeps_bytes_media_type_and_file_name() {
        let d = download(&[
            ("content-type", "application/gzip"),
            (
                "content-disposition",
                "attachment; filename=\"nginx-1.0.0.tgz\"",
            ),
        ]);
        assert_eq!(d.bytes().as_ref(), b"\x1f\x8b");
        assert_eq!(d.content_type(), Some("application/gzip"));
        assert_eq!(d.file_name(), Some("nginx-1.0.0.tgz"));
        assert!(!format!("{d:?}").contains("x1f"));
    }

    #[test]
    fn file_names_prefer_the_extended_form_and_drop_directories() {
        let name = |v: &str| disposition_file_name(v);
        assert_eq!(
            name("attachment; filename=\"a.txt\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.xlsx")
                .as_deref(),
            Some("报告.xlsx")
        );
        assert_eq!(
            name("attachment; filename=plain.csv").as_deref(),
            Some("plain.csv")
        );
        assert_eq!(
            name("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            name("attachment; filename=\"C:\\\\x\\\\y.bin\"").as_deref(),
            Some("y.bin")
        );
        assert_eq!(name("attachment; filename=\"..\""), None);
        assert_eq!(name("inline"), None);
        assert_eq!(download(&[]).file_name(), None);
    }
}
