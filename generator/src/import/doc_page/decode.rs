//! A saved page's bytes as text, or a message that says what the file is instead.
//!
//! Pages reach the importer saved by browsers, editors and scripts: some write a UTF-8 byte
//! order mark, Windows tools write UTF-16, and a wrong path can name a PDF or an image. Each of
//! these gets a message that says what was found and what to do, instead of a bare decoding
//! error or, worse, "no request line".

use super::report::Finding;

/// The text of a page file. A UTF-8 byte order mark is dropped; UTF-16, binary data, invalid
/// UTF-8 and a file without text are errors that say so.
pub fn page_text(bytes: &[u8]) -> Result<String, Finding> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(Finding::new(
            0,
            "the file is UTF-16 text; save it as UTF-8 (for example `iconv -f UTF-16 -t UTF-8 page.txt > page-utf8.txt`)",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| is_binary(b)) {
        return Err(Finding::new(
            0,
            format!(
                "the file holds binary data (byte 0x{:02X} at offset {at}), not a saved page",
                bytes[at]
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        Finding::new(
            0,
            format!(
                "the file is not UTF-8 text (invalid byte at offset {}); save the page as UTF-8",
                error.valid_up_to()
            ),
        )
    })?;
    without_bom(text)
}

/// A page already held as text: the byte order mark dropped, and an error when it has no text.
pub fn without_bom(text: &str) -> Result<String, Finding> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Finding::new(0, "the page is empty"));
    }
    Ok(text.to_owned())
}

/// UTF-16 without a byte order mark: in ASCII-heavy text every other byte is zero.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    sample.len() >= 4 && sample.iter().filter(|&&b| b == 0).count() * 4 >= sample.len()
}

/// Bytes no saved page holds: NUL and the control characters other than tab, line feed,
/// form feed and carriage return.
fn is_binary(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0C)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> String {
        page_text(bytes).unwrap_err().message
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        assert_eq!(page_text(b"\xEF\xBB\xBFURI\n").unwrap(), "URI\n");
        assert_eq!(without_bom("\u{feff}URI").unwrap(), "URI");
    }

    #[test]
    fn utf16_says_how_to_convert() {
        let utf16: Vec<u8> = "URI\nGET /v3/projects"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(message(&utf16).contains("iconv -f UTF-16"));
        let mut marked = vec![0xFF, 0xFE];
        marked.extend(&utf16);
        assert!(message(&marked).contains("UTF-16"));
    }

    #[test]
    fn empty_binary_and_latin1_files_are_named_for_what_they_are() {
        assert_eq!(message(b""), "the page is empty");
        assert_eq!(message(b" \n\t\n"), "the page is empty");
        assert!(
            message(b"%PDF-1.7\n\x01\x02stream").contains("binary data (byte 0x01 at offset 9)")
        );
        assert!(message(b"caf\xE9\n").contains("not UTF-8 text (invalid byte at offset 3)"));
    }
}
