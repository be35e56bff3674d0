//! Encoding caller values into a URL path, a query string and headers.
//!
//! Values come from callers and may be hostile or just unlucky (`"a/b"`, `".."`, `"x\r\n"`).
//! The rule is that a value can only ever fill its own slot: it is percent-encoded so it cannot
//! add path segments, start a query or fragment, or add headers, and values that no encoding
//! can make safe are refused with a reason instead of being sent.

use std::collections::HashSet;

use http::header::{HeaderName, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every byte except the RFC 3986 unreserved characters (`ALPHA DIGIT - . _ ~`).
///
/// Stricter than the path or query sets of RFC 3986 on purpose: the same rule everywhere is
/// what request signing (Huawei `SDK-HMAC-SHA256`, Alibaba `ACS3-HMAC-SHA256`) expects for its
/// canonical form, and it means `/`, `?`, `#`, `%`, `&`, `=`, `+` and space are always encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value that cannot be encoded, with the parameter it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub(crate) parameter: &'static str,
    pub(crate) reason: String,
}

impl Invalid {
    fn new(parameter: &'static str, reason: impl Into<String>) -> Self {
        Invalid {
            parameter,
            reason: reason.into(),
        }
    }
}

/// Percent-encodes every byte of `value` that is not RFC 3986 unreserved.
pub(crate) fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Refuses path values that encoding cannot make safe.
///
/// `.` and `..` are unreserved, so they survive encoding, and HTTP stacks and proxies resolve
/// them as dot segments, silently addressing a different resource. An empty value leaves an
/// empty segment (`/clusters//nodes`) that servers collapse or route elsewhere.
fn check_path_value(parameter: &'static str, value: &str) -> Result<(), Invalid> {
    match value {
        "" => Err(Invalid::new(
            parameter,
            "must not be empty: an empty path segment changes which resource the path names",
        )),
        "." | ".." => Err(Invalid::new(
            parameter,
            format!(
                "must not be `{value}`: HTTP stacks remove such dot segments, which changes the path"
            ),
        )),
        _ => Ok(()),
    }
}

/// Fills the `{name}` placeholders of `template` with the encoded `values`.
///
/// Later values for the same name replace earlier ones. A placeholder without a value, or a
/// value without a placeholder, is an error: either would send a request for a different
/// resource than the caller asked for. The result always starts with `/`.
pub(crate) fn render_path(
    template: &'static str,
    values: &[(&'static str, String)],
) -> Result<String, Invalid> {
    let mut out = String::with_capacity(template.len() + 32);
    if !template.starts_with('/') {
        out.push('/');
    }
    let mut used: HashSet<&'static str> = HashSet::new();
    let mut rest: &'static str = template;
    while let Some((literal, after)) = rest.split_once('{') {
        out.push_str(literal);
        let Some((name, tail)) = after.split_once('}') else {
            return Err(Invalid::new(
                "path",
                format!("has a template with an unclosed `{{`: `{template}`"),
            ));
        };
        let Some((_, value)) = values.iter().rev().find(|(n, _)| *n == name) else {
            return Err(Invalid::new(
                name,
                "is not set: the path needs a value for it",
            ));
        };
        check_path_value(name, value)?;
        out.push_str(&encode_component(value));
        used.insert(name);
        rest = tail;
    }
    out.push_str(rest);
    if let Some((name, _)) = values.iter().find(|(n, _)| !used.contains(n)) {
        return Err(Invalid::new(
            name,
            format!("is not a placeholder of the path `{template}`"),
        ));
    }
    Ok(out)
}

/// Renders `name=value` pairs, both encoded, joined by `&`, in the given order.
pub(crate) fn encode_query(pairs: &[(&'static str, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(name));
        out.push('=');
        out.push_str(&encode_component(value));
    }
    out
}

/// Validates a header name and value.
///
/// Header values cannot be percent-encoded (the server would not decode them), so unsafe
/// values are refused. CR and LF are called out because they are how header injection works.
pub(crate) fn header(
    name: &'static str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), Invalid> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Invalid::new(name, "is not a valid HTTP header name"))?;
    if value.contains(['\r', '\n', '\0']) {
        return Err(Invalid::new(
            name,
            "contains CR, LF or NUL, which are not allowed in an HTTP header value",
        ));
    }
    let header_value = HeaderValue::from_str(value).map_err(|_| {
        Invalid::new(
            name,
            "contains control characters, which an HTTP header value cannot carry",
        )
    })?;
    Ok((header_name, header_value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(n, v)| (*n, (*v).to_owned())).collect()
    }

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(encode_component("aZ09-._~"), "aZ09-._~");
        assert_eq!(
            encode_component("a/b?c#d%e f+g&h=i"),
            "a%2Fb%3Fc%23d%25e%20f%2Bg%26h%3Di"
        );
        assert_eq!(encode_component("é"), "%C3%A9");
    }

    #[test]
    fn renders_placeholders() {
        let path = render_path(
            "/v3/{project_id}/clusters/{cluster_id}",
            &values(&[("project_id", "p1"), ("cluster_id", "a b")]),
        );
        assert_eq!(path.as_deref(), Ok("/v3/p1/clusters/a%20b"));
    }

    #[test]
    fn adds_leading_slash_and_keeps_last_value() {
        let path = render_path("items/{id}", &values(&[("id", "1"), ("id", "2")]));
        assert_eq!(path.as_deref(), Ok("/items/2"));
    }

    #[test]
    fn rejects_missing_unknown_and_dot_values() {
        let missing = render_path("/a/{id}", &[]).unwrap_err();
        assert_eq!(missing.parameter, "id");
        let unknown = render_path("/a", &values(&[("id", "1")])).unwrap_err();
        assert_eq!(unknown.parameter, "id");
        assert!(unknown.reason.contains("not a placeholder"));
        for bad in ["", ".", ".."] {
            let err = render_path("/a/{id}", &values(&[("id", bad)])).unwrap_err();
            assert_eq!(err.parameter, "id");
        }
        let unclosed = render_path("/a/{id", &values(&[("id", "1")])).unwrap_err();
        assert_eq!(unclosed.parameter, "path");
    }

    #[test]
    fn encodes_query_pairs() {
        let q = encode_query(&values(&[("name", "a b"), ("name", "x&y=z"), ("k", "")]));
        assert_eq!(q, "name=a%20b&name=x%26y%3Dz&k=");
        assert_eq!(encode_query(&[]), "");
    }

    #[test]
    fn header_checks() {
        assert!(header("X-Language", "en-us").is_ok());
        assert_eq!(header("X-A", "a\r\nb").unwrap_err().parameter, "X-A");
        let err = header("X-A", "a\x7fb").unwrap_err();
        assert_eq!(err.parameter, "X-A");
        assert!(err.reason.contains("control characters"), "{}", err.reason);
        assert!(header("X-A", "a\tb").is_ok());
        assert_eq!(header("Bad Name", "v").unwrap_err().parameter, "Bad Name");
    }
}
