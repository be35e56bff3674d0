//! Turning untrusted reply bytes into short, single-line text for error messages.
//!
//! Error bodies are arbitrary: JSON, an HTML page from a gateway, binary garbage. Quoting them
//! verbatim would let a server put line breaks or terminal escape sequences into a caller's
//! logs, and a multi-megabyte page into a one-line message. Everything quoted goes through
//! [`snippet`].

/// Characters of a reply body quoted in an error message.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// Characters of a server-provided error code or message quoted in an error message.
pub(crate) const FIELD_CHARS: usize = 500;

/// The start of `bytes` as one line of at most `max_chars` characters.
///
/// Invalid UTF-8 becomes U+FFFD, control characters become spaces, runs of whitespace collapse
/// to one space, and a trailing `…` marks a cut.
pub(crate) fn snippet(bytes: &[u8], max_chars: usize) -> String {
    // A UTF-8 character is at most 4 bytes, so this prefix holds enough characters; one more
    // byte than needed tells whether anything was cut.
    let window = max_chars.saturating_mul(4).saturating_add(1);
    let prefix = bytes.get(..window).unwrap_or(bytes);
    let text = String::from_utf8_lossy(prefix);
    let mut out = String::with_capacity(max_chars.min(text.len()));
    let mut count = 0;
    let mut pending_space = false;
    let mut cut = prefix.len() < bytes.len();
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() {
            pending_space = count > 0;
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if count + needed > max_chars {
            cut = true;
            break;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        count += needed;
    }
    if cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_control_characters() {
        assert_eq!(snippet(b"a\r\nb\t\x1b[31mc", 100), "a b [31mc");
    }

    #[test]
    fn cuts_long_input() {
        let long = "x".repeat(1000);
        let s = snippet(long.as_bytes(), 10);
        assert_eq!(s, format!("{}…", "x".repeat(10)));
    }

    #[test]
    fn handles_invalid_utf8_and_empty() {
        assert_eq!(snippet(b"", 10), "");
        assert_eq!(snippet(b"ok\xff", 10), "ok\u{fffd}");
        assert_eq!(snippet("é".repeat(5).as_bytes(), 3), "ééé…");
    }
}
