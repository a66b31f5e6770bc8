//! 読み仮名 and 職員番号: optional texts people type in many ways (full-width, half-width, with
//! spaces), kept in one form so that sorting and searching see one.

use unicode_normalization::UnicodeNormalization;

/// A text that is not a valid 読み仮名 (or 職員番号): the area maps it to its own error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

const MAX_READING: usize = 100;
const MAX_STAFF_NUMBER: usize = 20;

/// A 読み仮名: hiragana or katakana (half-width katakana become full-width), with ー, ・ and spaces;
/// at most 100 characters. Empty means none.
pub fn valid_reading(text: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(text) = normalised(text) else {
        return Ok(None);
    };
    let kana = |c: char| {
        matches!(c,
            '\u{3041}'..='\u{3096}' // ぁ..ゖ
            | '\u{309D}' | '\u{309E}' // ゝゞ
            | '\u{30A1}'..='\u{30FA}' // ァ..ヺ
            | '\u{30FB}'..='\u{30FE}' // ・ーヽヾ
            | ' ')
    };
    if text.chars().count() > MAX_READING || !text.chars().all(kana) {
        return Err(Invalid);
    }
    Ok(Some(text))
}

/// A 職員番号: letters, digits and '-' (full-width ones become half-width), at most 20.
pub fn valid_staff_number(text: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(text) = normalised(text) else {
        return Ok(None);
    };
    let ok = text.len() <= MAX_STAFF_NUMBER
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(Some(text))
    } else {
        Err(Invalid)
    }
}

/// NFKC, trimmed, runs of white space as one space; `None` if nothing is left.
fn normalised(text: Option<&str>) -> Option<String> {
    let text: String = text?.nfkc().collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_kana_in_one_width() {
        assert_eq!(valid_reading(Some(" ｿｳﾑｶ ")), Ok(Some("ソウムカ".into())));
        assert_eq!(
            valid_reading(Some("やまだ　たろう")),
            Ok(Some("やまだ たろう".into()))
        );
        assert_eq!(
            valid_reading(Some("ジョウホウ・セイサクカ")),
            Ok(Some("ジョウホウ・セイサクカ".into()))
        );
        assert_eq!(valid_reading(Some("  ")), Ok(None));
        assert_eq!(valid_reading(None), Ok(None));
        assert_eq!(valid_reading(Some("山田")), Err(Invalid));
        assert_eq!(valid_reading(Some("yamada")), Err(Invalid));
        assert_eq!(valid_reading(Some(&"あ".repeat(101))), Err(Invalid));
    }

    #[test]
    fn staff_numbers_are_ascii_letters_digits_and_dashes() {
        assert_eq!(
            valid_staff_number(Some("０１２３４")),
            Ok(Some("01234".into()))
        );
        assert_eq!(valid_staff_number(Some("A-100")), Ok(Some("A-100".into())));
        assert_eq!(valid_staff_number(Some("")), Ok(None));
        assert_eq!(valid_staff_number(Some("12 34")), Err(Invalid));
        assert_eq!(valid_staff_number(Some(&"1".repeat(21))), Err(Invalid));
    }
}
