//! The register's codes in the words of a Japanese register: what the CSV export writes (the first
//! word of each) and what an import recognises (any of them, compared folded: width, case and kana
//! do not matter, nor spaces).

use mamori_shared::assets::{AssetKind, NetworkTier, PersonalInformation, Retention};
use mamori_shared::search::fold;

/// Each kind with its words, the export's first.
const KINDS: [(AssetKind, &[&str]); 7] = [
    (AssetKind::Network, &["ネットワーク", "通信回線", "回線"]),
    (
        AssetKind::InformationSystem,
        &[
            "情報システム",
            "システム",
            "ソフトウェア",
            "アプリケーション",
        ],
    ),
    (
        AssetKind::Equipment,
        &[
            "機器",
            "設備・機器",
            "設備",
            "ハードウェア",
            "端末",
            "サーバー",
            "サーバ",
        ],
    ),
    (
        AssetKind::StorageMedia,
        &["電磁的記録媒体", "記録媒体", "媒体", "外部記録媒体"],
    ),
    (
        AssetKind::Information,
        &[
            "情報",
            "情報（データ）",
            "データ",
            "電子データ",
            "電磁的記録",
        ],
    ),
    (
        AssetKind::PrintedMatter,
        &["紙媒体", "紙媒体（印刷物）", "印刷物", "紙", "書類", "文書"],
    ),
    (
        AssetKind::SystemDocumentation,
        &[
            "システム関連文書",
            "仕様書",
            "ネットワーク図",
            "設計書",
            "マニュアル",
        ],
    ),
];

const TIERS: [(NetworkTier, &[&str]); 3] = [
    (
        NetworkTier::MyNumber,
        &[
            "マイナンバー利用事務系",
            "マイナンバー系",
            "個人番号利用事務系",
            "マイナンバー利用事務",
            "基幹系",
        ],
    ),
    (
        NetworkTier::Lgwan,
        &["LGWAN接続系", "LGWAN系", "LGWAN", "LGWAN接続"],
    ),
    (
        NetworkTier::Internet,
        &[
            "インターネット接続系",
            "インターネット系",
            "インターネット",
            "インターネット接続",
        ],
    ),
];

/// What a cell says when an asset is on no network.
const NO_TIER: [&str; 6] = ["なし", "無", "無し", "-", "ー", "接続なし"];

const PERSONAL: [(PersonalInformation, &[&str]); 3] = [
    (
        PersonalInformation::NoneHeld,
        &["なし", "無", "無し", "-", "ー", "該当なし", "含まない"],
    ),
    (
        PersonalInformation::Personal,
        &["個人情報", "あり", "有", "有り", "含む", "個人情報あり"],
    ),
    (
        PersonalInformation::SpecificPersonal,
        &[
            "特定個人情報",
            "マイナンバー",
            "個人番号",
            "特定個人情報あり",
        ],
    ),
];

fn folded(text: &str) -> String {
    fold(text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn find<T: Copy>(table: &[(T, &[&str])], text: &str) -> Option<T> {
    let text = folded(text);
    table
        .iter()
        .find(|(_, words)| words.iter().any(|w| folded(w) == text))
        .map(|(value, _)| *value)
}

pub fn kind_label(kind: AssetKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, w)| w[0])
}

/// A kind from its word or its code (`information_system`).
pub fn kind(text: &str) -> Option<AssetKind> {
    find(&KINDS, text).or_else(|| AssetKind::ALL.into_iter().find(|k| k.code() == text.trim()))
}

pub fn tier_label(tier: NetworkTier) -> &'static str {
    TIERS
        .iter()
        .find(|(t, _)| *t == tier)
        .map_or("", |(_, w)| w[0])
}

/// A tier from its word or code; `Some(None)` for "no network".
pub fn tier(text: &str) -> Option<Option<NetworkTier>> {
    if NO_TIER.iter().any(|w| folded(w) == folded(text)) {
        return Some(None);
    }
    find(&TIERS, text)
        .or_else(|| {
            NetworkTier::ALL
                .into_iter()
                .find(|t| t.code() == text.trim())
        })
        .map(Some)
}

pub fn personal_label(personal: PersonalInformation) -> &'static str {
    PERSONAL
        .iter()
        .find(|(p, _)| *p == personal)
        .map_or("", |(_, w)| w[0])
}

pub fn personal(text: &str) -> Option<PersonalInformation> {
    find(&PERSONAL, text).or_else(|| {
        PersonalInformation::ALL
            .into_iter()
            .find(|p| p.code() == text.trim())
    })
}

pub fn retention_label(retention: Retention) -> String {
    match retention {
        Retention::UnderOneYear => "1年未満".into(),
        Retention::Years(years) => format!("{years}年"),
        Retention::Permanent => "永年".into(),
    }
}

/// 「5年」「５年」「10」「1年未満」「永年」「無期限」「常用」; `None` if it is none of these. Years are
/// not checked against the domain's range here (the domain decides).
pub fn retention(text: &str) -> Option<Retention> {
    let text = folded(text);
    if ["永年", "永久", "無期限", "常用", "permanent"]
        .iter()
        .any(|w| folded(w) == text)
    {
        return Some(Retention::Permanent);
    }
    if ["1年未満", "一年未満", "under_one_year"]
        .iter()
        .any(|w| folded(w) == text)
    {
        return Some(Retention::UnderOneYear);
    }
    let number = text
        .strip_suffix("年間")
        .or(text.strip_suffix('年'))
        .unwrap_or(&text);
    number.parse::<u16>().ok().map(Retention::Years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exports_words_are_read_back() {
        for kind in AssetKind::ALL {
            assert_eq!(super::kind(kind_label(kind)), Some(kind));
            assert_eq!(super::kind(kind.code()), Some(kind));
        }
        for t in NetworkTier::ALL {
            assert_eq!(tier(tier_label(t)), Some(Some(t)));
        }
        for p in PersonalInformation::ALL {
            assert_eq!(personal(personal_label(p)), Some(p));
        }
        for r in [
            Retention::UnderOneYear,
            Retention::Years(5),
            Retention::Permanent,
        ] {
            assert_eq!(retention(&retention_label(r)), Some(r));
        }
    }

    #[test]
    fn registers_write_them_in_many_ways() {
        assert_eq!(tier("ＬＧＷＡＮ系"), Some(Some(NetworkTier::Lgwan)));
        assert_eq!(tier("なし"), Some(None));
        assert_eq!(tier("イントラ"), None);
        assert_eq!(super::kind("ｼｽﾃﾑ"), Some(AssetKind::InformationSystem));
        assert_eq!(retention("１０年"), Some(Retention::Years(10)));
        assert_eq!(retention("30"), Some(Retention::Years(30)));
        assert_eq!(retention("無期限"), Some(Retention::Permanent));
        assert_eq!(retention("しばらく"), None);
        assert_eq!(personal("有"), Some(PersonalInformation::Personal));
    }
}
