//! How text is compared when someone searches: the same on both sides of the comparison, so that
//! what a person types finds what the register holds however either was typed. Full-width and
//! half-width forms are one (NFKC: 「ＬＧＷＡＮ」 is "LGWAN", 「ｼｽﾃﾑ」 is 「システム」), case is one, and
//! katakana and hiragana are one (「しすてむ」 finds 「システム」).

use unicode_normalization::UnicodeNormalization;

/// `text` in the form searches compare.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            // ァ..ヶ and ヽヾ: their hiragana are 0x60 below.
            '\u{30A1}'..='\u{30F6}' | '\u{30FD}' | '\u{30FE}' => {
                char::from_u32(c as u32 - 0x60).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

/// Whether `haystack` contains `needle`, both folded (see [`fold`]); `needle` already folded.
pub fn contains_folded(haystack: &str, folded_needle: &str) -> bool {
    fold(haystack).contains(folded_needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_case_and_kana_do_not_matter() {
        assert!(contains_folded("LGWAN接続系", &fold("ＬＧＷＡＮ")));
        assert!(contains_folded("lgwan", &fold("LGWAN")));
        assert!(contains_folded("住民情報システム", &fold("ｼｽﾃﾑ")));
        assert!(contains_folded("住民情報システム", &fold("しすてむ")));
        assert!(contains_folded("ネットワーク構成図", &fold("ねっとわーく")));
        assert!(contains_folded("ガバメントクラウド", &fold("ｶﾞﾊﾞﾒﾝﾄ")));
        assert!(!contains_folded("財務会計", &fold("システム")));
        assert_eq!(fold("ヴァ"), "ゔぁ");
    }
}
