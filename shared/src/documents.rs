//! Information security policy documents (seed §9–§11): their kinds, who they are for, who sees
//! them, and how the committee decides on a revision.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::organisation::Role;

/// What a document is (seed §6(6), §6(7), §9, §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 情報セキュリティ基本方針
    BasicPolicy,
    /// 情報セキュリティ対策基準
    Standards,
    /// 情報セキュリティ実施手順
    Procedure,
    /// 緊急時対応計画 (§6(6))
    EmergencyPlan,
    /// その他の手順 (the social-media operating procedure of §6(7), ...)
    OtherProcedure,
}

impl DocumentKind {
    pub const ALL: [Self; 5] = [
        Self::BasicPolicy,
        Self::Standards,
        Self::Procedure,
        Self::EmergencyPlan,
        Self::OtherProcedure,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::BasicPolicy => "basic_policy",
            Self::Standards => "standards",
            Self::Procedure => "procedure",
            Self::EmergencyPlan => "emergency_plan",
            Self::OtherProcedure => "other_procedure",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Who may read a document (seed §11): the basic policy is public, the standards and procedures
/// are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Internal,
}

/// Whom a document is for: who reads it (when internal) and who must acknowledge it (§5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Audience {
    /// Every person, contractors included (seed §4).
    Everyone,
    /// 職員等 (seed §5): everyone but contractors.
    Staff,
    /// The people of the listed departments (and their sub-units), and the holders of the listed
    /// roles.
    Listed {
        #[serde(default)]
        departments: Vec<Uuid>,
        #[serde(default)]
        roles: Vec<Role>,
    },
}

/// A committee member's vote on a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VoteChoice {
    Approve,
    Reject,
    Abstain,
}

/// How the committee decides on a revision of one kind of document: data, recorded with every
/// decision. The electorate is the committee in office on the day of submission (its members and
/// its chair, the CISO), less the revision's author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRule {
    pub threshold: Threshold,
    /// The chair (the CISO) must be among those approving.
    pub chair_required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// More than half of the electorate approves.
    Majority,
    /// At least two thirds of the electorate approves.
    TwoThirds,
    /// Every member of the electorate approves (an abstention is not an approval).
    Unanimous,
}

impl DecisionRule {
    /// The rule a kind of document has until the committee sets another.
    pub fn default_for(kind: DocumentKind) -> Self {
        match kind {
            DocumentKind::BasicPolicy => Self {
                threshold: Threshold::TwoThirds,
                chair_required: true,
            },
            _ => Self {
                threshold: Threshold::Majority,
                chair_required: true,
            },
        }
    }

    /// How many approvals out of `electorate` decide.
    pub fn approvals_needed(self, electorate: usize) -> usize {
        match self.threshold {
            Threshold::Majority => electorate / 2 + 1,
            Threshold::TwoThirds => (electorate * 2).div_ceil(3),
            Threshold::Unanimous => electorate,
        }
        .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_count_the_electorate() {
        let rule = |threshold| DecisionRule {
            threshold,
            chair_required: false,
        };
        assert_eq!(rule(Threshold::Majority).approvals_needed(4), 3);
        assert_eq!(rule(Threshold::Majority).approvals_needed(3), 2);
        assert_eq!(rule(Threshold::TwoThirds).approvals_needed(4), 3);
        assert_eq!(rule(Threshold::TwoThirds).approvals_needed(3), 2);
        assert_eq!(rule(Threshold::Unanimous).approvals_needed(4), 4);
        assert_eq!(rule(Threshold::Majority).approvals_needed(0), 1);
    }
}
