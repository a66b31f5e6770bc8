//! A draft's text in canonical form, and its content hash: what a vote approves and an
//! acknowledgement names, recomputable by anyone from the published text.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::DocumentError;

/// The longest text (and translation) of a document, in characters.
pub const MAX_TEXT: usize = 200_000;

/// The separator between the text and its translation in what is hashed: a control character that
/// canonical text never holds, so no pair of texts hashes like another.
const TRANSLATION_SEPARATOR: char = '\u{1e}';

/// The canonical form of a Markdown text: Unicode NFC, LF line ends, no trailing spaces on a line,
/// no blank lines at the end, one final newline. Refuses control characters other than tab and
/// newline, and empty or over-long texts.
pub fn canonical(text: &str) -> Result<String, DocumentError> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    if unified
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(DocumentError::InvalidText);
    }
    let normalized: String = unified.nfc().collect();
    let mut lines: Vec<&str> = normalized.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    if lines.is_empty() {
        return Err(DocumentError::InvalidText);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    if out.chars().count() > MAX_TEXT {
        return Err(DocumentError::InvalidText);
    }
    Ok(out)
}

/// SHA-256 (lower-case hex) of the canonical text, followed, when there is a translation, by
/// U+001E and the canonical translation.
pub fn content_hash(text: &str, translation: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    if let Some(translation) = translation {
        let mut separator = [0; 4];
        hasher.update(TRANSLATION_SEPARATOR.encode_utf8(&mut separator).as_bytes());
        hasher.update(translation.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `text` has the form of a content hash (64 lower-case hex digits).
pub fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_however_typed_has_one_form_and_one_hash() {
        let typed = "# 基本方針  \r\n\r\n1 目的\r\n\r\n\r\n";
        let canonical_text = canonical(typed).unwrap();
        assert_eq!(canonical_text, "# 基本方針\n\n1 目的\n");
        assert_eq!(canonical(&canonical_text).unwrap(), canonical_text);
        // NFD ガ (カ + combining mark) is NFC ガ.
        assert_eq!(canonical("カ\u{3099}").unwrap(), "ガ\n");
        let hash = content_hash(&canonical_text, None);
        assert!(is_hash(&hash));
        assert_ne!(
            hash,
            content_hash(&canonical_text, Some("# Basic policy\n"))
        );
        assert_eq!(
            content_hash("abc\n", None),
            "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb"
        );
    }

    #[test]
    fn empty_texts_and_control_characters_are_refused() {
        assert_eq!(canonical(" \n\n"), Err(DocumentError::InvalidText));
        assert_eq!(canonical("a\u{1e}b"), Err(DocumentError::InvalidText));
        assert_eq!(canonical("a\u{0}"), Err(DocumentError::InvalidText));
        assert!(canonical("a\tb").is_ok());
    }
}
