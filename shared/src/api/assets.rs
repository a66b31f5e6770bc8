use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assets::{
    AccessLevel, AssetKind, Classification, NetworkTier, PersonalInformation, Retention,
};
use crate::classification::Scheme;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetView {
    pub id: Uuid,
    pub name: String,
    pub kind: AssetKind,
    pub owner_department_id: Uuid,
    pub owner_department_name: String,
    pub custodian_id: Option<Uuid>,
    pub custodian_name: Option<String>,
    pub tier: Option<NetworkTier>,
    pub location: String,
    pub description: String,
    /// 読み仮名
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// 保存期間
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    /// 個人情報の有無 (`None`: not recorded)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_information: Option<PersonalInformation>,
    /// 委託先
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<String>,
    /// 外部サービス
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_service: Option<String>,
    pub classification: Option<Classification>,
    /// Where the confidentiality sits in the adopted scheme: public, internal, top, unclassified.
    pub level: String,
    pub retired: bool,
    pub version: u64,
    /// The actions Cedar permits the caller on this asset (`asset.manage`, `asset.request`), for
    /// showing or hiding them; the server still decides every request. Given with one asset (its
    /// page, a command's answer), not in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/departments/{department_id}/assets`: register an asset the department owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewAsset {
    pub name: String,
    pub kind: AssetKind,
    #[serde(default)]
    pub custodian_id: Option<Uuid>,
    #[serde(default)]
    pub tier: Option<NetworkTier>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub description: String,
    /// 読み仮名: hiragana or katakana (half-width is made full-width), ー, ・ and spaces; at most
    /// 100 characters; empty or absent for none.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub reading: Option<String>,
    #[serde(default)]
    pub retention: Option<Retention>,
    #[serde(default)]
    pub personal_information: Option<PersonalInformation>,
    /// 委託先 (at most 200 characters)
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub contractor: Option<String>,
    /// 外部サービス (at most 200 characters)
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub external_service: Option<String>,
}

/// `POST /api/v1/assets/{asset_id}/details`: the register's particulars as they are to be (an
/// absent one is cleared), with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DetailsChange {
    #[serde(default)]
    pub reading: Option<String>,
    #[serde(default)]
    pub retention: Option<Retention>,
    #[serde(default)]
    pub personal_information: Option<PersonalInformation>,
    #[serde(default)]
    pub contractor: Option<String>,
    #[serde(default)]
    pub external_service: Option<String>,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/classification`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classify {
    pub classification: Classification,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/owner`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerChange {
    pub owner_department_id: Uuid,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/custodian`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustodianChange {
    pub custodian_id: Option<Uuid>,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/tier`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TierChange {
    pub tier: Option<NetworkTier>,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/retire`, and reasons of grant decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    #[serde(default)]
    pub reason: String,
}

/// One step of an asset's history (its timeline).
pub use super::timeline::HistoryEntry;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrantView {
    pub id: Uuid,
    pub asset_id: Uuid,
    pub asset_name: String,
    pub person_id: Uuid,
    pub person_name: String,
    pub access: AccessLevel,
    pub reason: String,
    pub until: String,
    /// pending, active, rejected, revoked, expired
    pub status: String,
    pub requested_at: String,
    pub version: u64,
    /// The decisions the caller may take on it (`approve`, `reject`, `revoke`): those its state
    /// leaves open to them, if Cedar lets them manage the asset. For showing or hiding them; the
    /// server still decides every request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/assets/{asset_id}/grants`: ask for access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrantRequest {
    pub access: AccessLevel,
    pub reason: String,
    /// Last day (YYYY-MM-DD).
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Schemes {
    pub adopted: String,
    pub schemes: Vec<Scheme>,
}

/// `POST /api/v1/classification/adopt`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdoptScheme {
    pub scheme_id: String,
    /// For every confidentiality level in use: the level of the new scheme it becomes.
    #[serde(default)]
    pub mapping: Vec<LevelMapping>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LevelMapping {
    pub from: String,
    pub to: String,
}

/// A change in the register, as the live stream (`GET /api/v1/assets/events`, SSE) tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterChange {
    pub position: u64,
    pub event_type: String,
    pub asset_id: Option<Uuid>,
}

/// `GET /api/v1/assets/summary`: the assets I may see, counted by confidentiality level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterSummary {
    pub total: u64,
    /// Every level of the adopted scheme, most sensitive first, with its count.
    pub by_confidentiality: Vec<LevelCount>,
    pub unclassified: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LevelCount {
    pub code: String,
    pub count: u64,
}

/// A column of an imported register mapped to what Mamori records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ImportField {
    /// 資産名
    Name,
    /// 読み仮名
    Reading,
    /// 種別
    Kind,
    /// 所管部署 (a department's name)
    Department,
    /// 管理担当者 (a person's name or login)
    Custodian,
    /// 格付: the three levels in one cell ("3A/2B/2B"), or the confidentiality alone
    Classification,
    /// 機密性
    Confidentiality,
    /// 完全性
    Integrity,
    /// 可用性
    Availability,
    /// ネットワーク区分
    Tier,
    /// 保管場所
    Location,
    /// 説明
    Description,
    /// 保存期間
    Retention,
    /// 個人情報の有無
    PersonalInformation,
    /// 委託先
    Contractor,
    /// 外部サービス
    ExternalService,
}

impl ImportField {
    pub const ALL: [Self; 16] = [
        Self::Name,
        Self::Reading,
        Self::Kind,
        Self::Department,
        Self::Custodian,
        Self::Classification,
        Self::Confidentiality,
        Self::Integrity,
        Self::Availability,
        Self::Tier,
        Self::Location,
        Self::Description,
        Self::Retention,
        Self::PersonalInformation,
        Self::Contractor,
        Self::ExternalService,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Reading => "reading",
            Self::Kind => "kind",
            Self::Department => "department",
            Self::Custodian => "custodian",
            Self::Classification => "classification",
            Self::Confidentiality => "confidentiality",
            Self::Integrity => "integrity",
            Self::Availability => "availability",
            Self::Tier => "tier",
            Self::Location => "location",
            Self::Description => "description",
            Self::Retention => "retention",
            Self::PersonalInformation => "personal_information",
            Self::Contractor => "contractor",
            Self::ExternalService => "external_service",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.code() == code)
    }
}

/// Which column (0-based) holds which field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnMapping {
    pub column: u32,
    pub field: ImportField,
}

/// `POST /api/v1/assets/import/preview` and `POST /api/v1/assets/import`: a register kept in
/// Excel (.xlsx) or as CSV (UTF-8 or Shift_JIS), and how its columns map to Mamori's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportRequest {
    /// The file's name, as chosen (its extension tells CSV from a workbook when the content does not).
    #[serde(default)]
    pub file_name: String,
    /// The file, in base64 (at most 4 MiB before encoding).
    pub content: String,
    /// The columns' fields; absent, the ones proposed from the headings. A column not listed is
    /// not imported.
    #[serde(default)]
    pub mapping: Option<Vec<ColumnMapping>>,
}

/// What an import would do, row by row; nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportPreview {
    /// `xlsx` or `csv`
    pub format: String,
    /// A CSV's text encoding as detected: `UTF-8` or `Shift_JIS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The worksheet read (a workbook's first with a register in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row of headings, counted from 1 as the file shows it.
    pub header_row: u32,
    pub columns: Vec<ImportColumn>,
    /// Every data row (empty rows left out), with its problems.
    pub rows: Vec<ImportRow>,
    /// Problems of the file or the mapping as a whole.
    pub problems: Vec<ImportProblem>,
    /// All problems, the file's and the rows'. The import is possible only with none.
    pub problem_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportColumn {
    pub column: u32,
    pub heading: String,
    /// The field it is mapped to (proposed from the heading, or as asked), if any.
    pub field: Option<ImportField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportRow {
    /// The row's number as the file shows it (from 1).
    pub row: u32,
    pub cells: Vec<String>,
    pub problems: Vec<ImportProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportProblem {
    /// A stable code: `unknown_department`, `duplicate_name`, `missing_name`...
    pub code: String,
    /// The field concerned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<ImportField>,
    /// The column concerned (0-based), if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub message: String,
    pub message_ja: String,
}

/// The import's answer: every row registered, in one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportDone {
    pub imported: u64,
    /// The log position of the commit's last event.
    pub position: Option<u64>,
}

/// A request for access by description (`/api/v1/inquiries`), as the caller may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InquiryView {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub department_id: Uuid,
    pub department_name: String,
    pub description: String,
    pub access: AccessLevel,
    pub reason: String,
    pub until: String,
    /// open, linked, declined, withdrawn
    pub status: String,
    /// Once linked: the grant made (its asset is named on the grant, to those who may see it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<Uuid>,
    /// Why it was declined.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answer: String,
    pub asked_at: String,
    pub version: u64,
    /// What the caller may do with it (`link`, `decline`, `withdraw`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/inquiries`: ask for access by describing what is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewInquiry {
    /// The department thought to hold it.
    pub department_id: Uuid,
    /// What is needed, in one's own words (1 to 1000 characters).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 1000)))]
    pub description: String,
    pub access: AccessLevel,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 500)))]
    pub reason: String,
    /// Last day (YYYY-MM-DD).
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub until: String,
}

/// `POST /api/v1/inquiries/{inquiry_id}/link`: the asset it is about; the grant is made on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InquiryLink {
    pub asset_id: Uuid,
}
