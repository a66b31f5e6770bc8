//! Information assets (情報資産, seed §2(3)): kinds, network tiers, classifications, access levels.

use serde::{Deserialize, Serialize};

/// What an asset is (seed §2(3) ①②③).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AssetKind {
    /// ネットワーク
    Network,
    /// 情報システム
    InformationSystem,
    /// 設備・機器
    Equipment,
    /// 電磁的記録媒体
    StorageMedia,
    /// 情報（データ）
    Information,
    /// 紙媒体（印刷物）
    PrintedMatter,
    /// システム関連文書（仕様書、ネットワーク図等）
    SystemDocumentation,
}

impl AssetKind {
    pub const ALL: [Self; 7] = [
        Self::Network,
        Self::InformationSystem,
        Self::Equipment,
        Self::StorageMedia,
        Self::Information,
        Self::PrintedMatter,
        Self::SystemDocumentation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Network => "network",
            Self::InformationSystem => "information_system",
            Self::Equipment => "equipment",
            Self::StorageMedia => "storage_media",
            Self::Information => "information",
            Self::PrintedMatter => "printed_matter",
            Self::SystemDocumentation => "system_documentation",
        }
    }
}

/// The three-tier network separation (三層の対策).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum NetworkTier {
    /// マイナンバー利用事務系
    MyNumber,
    /// LGWAN接続系
    Lgwan,
    /// インターネット接続系
    Internet,
}

impl NetworkTier {
    pub const ALL: [Self; 3] = [Self::MyNumber, Self::Lgwan, Self::Internet];

    pub fn code(self) -> &'static str {
        match self {
            Self::MyNumber => "my_number",
            Self::Lgwan => "lgwan",
            Self::Internet => "internet",
        }
    }
}

/// An asset's levels on the three axes, as codes of the adopted scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classification {
    pub confidentiality: String,
    pub integrity: String,
    pub availability: String,
}

/// What an access grant allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AccessLevel {
    /// 閲覧
    View,
    /// 利用
    Use,
    /// 管理
    Administer,
}

/// How long an asset is kept (保存期間), as the register records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Retention {
    /// 1年未満
    UnderOneYear,
    /// N年 (1 to 100)
    Years(u16),
    /// 永年 (kept permanently)
    Permanent,
}

/// The personal information an asset holds (個人情報の有無).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PersonalInformation {
    /// なし
    #[serde(rename = "none")]
    NoneHeld,
    /// 個人情報
    Personal,
    /// 特定個人情報 (personal information with a My Number)
    SpecificPersonal,
}

impl PersonalInformation {
    pub const ALL: [Self; 3] = [Self::NoneHeld, Self::Personal, Self::SpecificPersonal];

    pub fn code(self) -> &'static str {
        match self {
            Self::NoneHeld => "none",
            Self::Personal => "personal",
            Self::SpecificPersonal => "specific_personal",
        }
    }

    /// Whether it is personal information at all (個人情報 or 特定個人情報).
    pub fn is_personal(self) -> bool {
        !matches!(self, Self::NoneHeld)
    }
}
