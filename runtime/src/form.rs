//! `multipart/form-data` bodies: the upload forms some operations take (RFC 7578).
//!
//! The body is encoded here, in memory, rather than with reqwest's streaming multipart form:
//! a request is signed over its final headers (the `Content-Type` carries the boundary) and
//! may be sent again by the retry loop, so the body must exist as bytes before the first
//! attempt and be cheap to clone.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};

/// A file sent as one part of an upload form: its name, media type and content.
///
/// ```
/// use cloudgen_runtime::FilePart;
///
/// let chart = FilePart::new("nginx-1.0.0.tgz", b"...".to_vec())
///     .content_type("application/gzip");
/// assert_eq!(chart.file_name(), "nginx-1.0.0.tgz");
/// ```
///
/// `Debug` shows the name, media type and size, not the content.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    bytes: Bytes,
}

impl FilePart {
    /// A file named `file_name` (the name the server sees; no directory is sent) holding
    /// `bytes`, sent as `application/octet-stream` unless [`content_type`](Self::content_type)
    /// says otherwise.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            bytes: bytes.into(),
        }
    }

    /// The media type of the file, e.g. `application/gzip`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The name the server sees.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// One part of a form.
#[derive(Clone)]
pub(crate) enum FormValue {
    Text(String),
    File(FilePart),
}

/// The parts of a form, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Form {
    parts: Vec<(&'static str, FormValue)>,
}

impl Form {
    pub(crate) fn push(&mut self, name: &'static str, value: FormValue) {
        self.parts.push((name, value));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.parts.iter().map(|(name, _)| *name)
    }

    /// The body and its `Content-Type`. `boundary` is tried first; should any part contain
    /// the delimiter it makes, `fresh` gives another (a random one never collides in
    /// practice, but a file could be crafted to contain a fixed one).
    pub(crate) fn encode(
        &self,
        boundary: String,
        mut fresh: impl FnMut() -> String,
    ) -> (Bytes, String) {
        let mut boundary = boundary;
        while self.contains_delimiter(&boundary) {
            boundary = fresh();
        }
        let mut body = BytesMut::new();
        for (name, value) in &self.parts {
            body.put_slice(b"--");
            body.put_slice(boundary.as_bytes());
            body.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.put_slice(quoted(name).as_bytes());
            body.put_u8(b'"');
            match value {
                FormValue::Text(text) => {
                    body.put_slice(b"\r\n\r\n");
                    body.put_slice(text.as_bytes());
                }
                FormValue::File(file) => {
                    body.put_slice(b"; filename=\"");
                    body.put_slice(quoted(&file.file_name).as_bytes());
                    body.put_slice(b"\"\r\nContent-Type: ");
                    body.put_slice(single_line(&file.content_type).as_bytes());
                    body.put_slice(b"\r\n\r\n");
                    body.put_slice(&file.bytes);
                }
            }
            body.put_slice(b"\r\n");
        }
        body.put_slice(b"--");
        body.put_slice(boundary.as_bytes());
        body.put_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={boundary}");
        (body.freeze(), content_type)
    }

    fn contains_delimiter(&self, boundary: &str) -> bool {
        let delimiter = format!("--{boundary}");
        let needle = delimiter.as_bytes();
        self.parts.iter().any(|(_, value)| {
            let haystack: &[u8] = match value {
                FormValue::Text(text) => text.as_bytes(),
                FormValue::File(file) => &file.bytes,
            };
            haystack.windows(needle.len()).any(|w| w == needle)
        })
    }
}

/// A name inside a quoted header parameter: `"`, CR and LF percent-encoded, as browsers do
/// (WHATWG HTML, "multipart/form-data encoding algorithm"), so a hostile file name cannot end
/// the parameter or the header.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value kept on one line: CR and LF dropped, so a media type cannot add headers.
fn single_line(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n'))
        .collect()
}

/// A boundary of 32 random hexadecimal digits.
pub(crate) fn random_boundary() -> String {
    format!(
        "{:016x}{:016x}",
        crate::retry::random_u64(),
        crate::retry::random_u64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(parts: Vec<(&'static str, FormValue)>) -> Form {
        let mut form = Form::default();
        for (name, value) in parts {
            form.push(name, value);
        }
        form
    }

    #[test]
    fn text_and_file_parts_are_encoded_in_order() {
        let form = form(vec![
            ("parameters", FormValue::Text("{\"a\":1}".to_owned())),
            (
                "content",
                FormValue::File(FilePart::new("chart.tgz", &b"\x1f\x8b\x00"[..])),
            ),
        ]);
        let (body, content_type) =
            form.encode("XyZ".to_owned(), || panic!("no other boundary is needed"));
        assert_eq!(content_type, "multipart/form-data; boundary=XyZ");
        let expected: &[u8] = b"--XyZ\r\n\
            Content-Disposition: form-data; name=\"parameters\"\r\n\r\n\
            {\"a\":1}\r\n\
            --XyZ\r\n\
            Content-Disposition: form-data; name=\"content\"; filename=\"chart.tgz\"\r\n\
            Content-Type: application/octet-stream\r\n\r\n\
            \x1f\x8b\x00\r\n\
            --XyZ--\r\n";
        assert_eq!(&body[..], expected);
    }

    #[test]
    fn hostile_file_names_and_media_types_stay_inside_their_header() {
        let file = FilePart::new("a\"; name=\"x\r\nX-Evil: 1", &b"data"[..])
            .content_type("text/plain\r\nX-Evil: 2");
        let (body, _) = form(vec![("content", FormValue::File(file))])
            .encode("b".to_owned(), || panic!("no other boundary is needed"));
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("filename=\"a%22; name=%22x%0D%0AX-Evil: 1\""));
        assert!(text.contains("Content-Type: text/plainX-Evil: 2\r\n"));
        assert!(!text.contains("\r\nX-Evil"));
    }

    #[test]
    fn a_boundary_found_in_the_content_is_replaced() {
        let file = FilePart::new("f", &b"before\r\n--fixed\r\nafter"[..]);
        let mut offered = vec!["fixed".to_owned(), "other".to_owned()].into_iter();
        let (body, content_type) = form(vec![("content", FormValue::File(file))])
            .encode("fixed".to_owned(), || offered.next().unwrap_or_default());
        // "fixed" is in the content, and so is the first fresh offer; "other" is not.
        assert_eq!(content_type, "multipart/form-data; boundary=other");
        assert!(body.starts_with(b"--other\r\n"));
        assert!(body.ends_with(b"--other--\r\n"));
    }

    #[test]
    fn random_boundaries_are_32_hex_digits_and_differ() {
        let a = random_boundary();
        let b = random_boundary();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn debug_shows_the_size_not_the_content() {
        let shown = format!("{:?}", FilePart::new("key.pem", &b"SECRET"[..]));
        assert!(shown.contains("key.pem") && shown.contains("bytes: 6"));
        assert!(!shown.contains("SECRET"));
    }
}
