//! The organisation (組織体制, seed §6(1)): employment kinds and the guideline's roles.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a person works for the organisation (seed §4: all staff, including 会計年度任用職員,
/// seconded staff and contractors, are in scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmploymentKind {
    /// 職員
    Staff,
    /// 会計年度任用職員
    FiscalYear,
    /// 市町村派遣職員
    Seconded,
    /// 委託業者
    Contractor,
    /// 監査人 (external auditor)
    Auditor,
}

impl EmploymentKind {
    pub const ALL: [Self; 5] = [
        Self::Staff,
        Self::FiscalYear,
        Self::Seconded,
        Self::Contractor,
        Self::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::FiscalYear => "fiscal_year",
            Self::Seconded => "seconded",
            Self::Contractor => "contractor",
            Self::Auditor => "auditor",
        }
    }
}

/// The roles of the national guideline's organisation (seed §6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 最高情報セキュリティ責任者 (CISO)
    Ciso,
    /// 統括情報セキュリティ責任者
    GeneralOfficer,
    /// 情報セキュリティ責任者
    Officer,
    /// 情報セキュリティ管理者
    Manager,
    /// 情報システム管理者
    SystemAdministrator,
    /// 情報セキュリティ委員会 委員
    CommitteeMember,
    /// CSIRT 要員
    Csirt,
    /// 監査 (information security auditor)
    Auditor,
}

impl Role {
    pub const ALL: [Self; 8] = [
        Self::Ciso,
        Self::GeneralOfficer,
        Self::Officer,
        Self::Manager,
        Self::SystemAdministrator,
        Self::CommitteeMember,
        Self::Csirt,
        Self::Auditor,
    ];

    /// The identifier used in the API, the events and the Cedar policies.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ciso => "ciso",
            Self::GeneralOfficer => "general_officer",
            Self::Officer => "officer",
            Self::Manager => "manager",
            Self::SystemAdministrator => "system_administrator",
            Self::CommitteeMember => "committee_member",
            Self::Csirt => "csirt",
            Self::Auditor => "auditor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// Where a role applies: the whole organisation, or one department (and its sub-units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RoleScope {
    Organisation,
    Department { department_id: Uuid },
}
