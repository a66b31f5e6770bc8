//! Japanese order (五十音): names sort by their 読み仮名 with the Unicode Collation Algorithm and
//! CLDR's Japanese tailoring, so that 「あべ」 < 「イトウ」 < 「うえだ」 whatever the script, and a
//! name without a reading sorts by the name itself (kanji in the tailoring's JIS order, after kana).

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

static JAPANESE: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(
        (&icu_locale_core::locale!("ja")).into(),
        CollatorOptions::default(),
    )
    .expect("the compiled collation data holds Japanese")
});

/// What a name sorts by: a sort key, compared bytewise, so a list is keyed once and sorted cheaply.
/// Never stored: a new Unicode or CLDR version may change it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key(Vec<u8>);

/// The key of something named `name`, read `reading` (if it has a reading).
pub fn key(reading: Option<&str>, name: &str) -> Key {
    let mut bytes = Vec::with_capacity(32);
    let Ok(()) = JAPANESE.write_sort_key_to(reading.unwrap_or(name), &mut bytes);
    Key(bytes)
}

/// Two names in Japanese order (their readings first), then by the name's code points so that the
/// order is total.
pub fn compare(a: (Option<&str>, &str), b: (Option<&str>, &str)) -> Ordering {
    JAPANESE
        .compare(a.0.unwrap_or(a.1), b.0.unwrap_or(b.1))
        .then_with(|| a.1.cmp(b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted<'a>(mut names: Vec<(Option<&'a str>, &'a str)>) -> Vec<&'a str> {
        names.sort_by(|a, b| compare(*a, *b));
        names.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn readings_sort_in_gojuon_order_whatever_the_script() {
        let names = vec![
            (Some("わたなべ"), "渡辺"),
            (Some("サトウ"), "佐藤"),
            (Some("あべ"), "阿部"),
            (Some("イトウ"), "伊藤"),
            (Some("かとう"), "加藤"),
            (Some("がもう"), "蒲生"),
        ];
        assert_eq!(
            sorted(names),
            ["阿部", "伊藤", "加藤", "蒲生", "佐藤", "渡辺"]
        );
    }

    #[test]
    fn a_name_without_a_reading_sorts_by_the_name() {
        let names = vec![
            (None, "財務課"),
            (Some("そうむか"), "総務課"),
            (None, "ネットワーク構成図"),
            (None, "LGWAN接続系"),
        ];
        // Latin, then kana (そうむか before ネットワーク), then kanji without a reading.
        assert_eq!(
            sorted(names),
            ["LGWAN接続系", "総務課", "ネットワーク構成図", "財務課"]
        );
    }

    #[test]
    fn keys_order_as_comparisons_do() {
        let names = ["ちば", "チバ", "ちはら", "つだ", "たなか", "ダイチ"];
        for a in names {
            for b in names {
                assert_eq!(
                    key(Some(a), a).cmp(&key(Some(b), b)),
                    JAPANESE.compare(a, b),
                    "{a} vs {b}"
                );
            }
        }
    }
}
