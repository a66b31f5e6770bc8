//! Information security policy documents (seed §5, §6(4), §8–§11): documents and their revisions,
//! the committee's votes and decisions, publication, acknowledgements and training.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::documents::{Audience, DecisionRule, DocumentKind, Visibility, VoteChoice};

crate::domain_events! {
    /// The policy documents' events.
    pub enum DocumentEvent, version 1 {
        DocumentCreated(DocumentCreated) => "documents.document_created",
        RevisionOpened(RevisionOpened) => "documents.revision_opened",
        RevisionPublished(RevisionPublished) => "documents.revision_published",
        RevisionDrafted(RevisionDrafted) => "documents.revision_drafted",
        RevisionEdited(RevisionEdited) => "documents.revision_edited",
        RevisionSubmitted(RevisionSubmitted) => "documents.revision_submitted",
        VoteCast(VoteCast) => "documents.vote_cast",
        RevisionDecided(RevisionDecided) => "documents.revision_decided",
        RevisionDiscarded(RevisionDiscarded) => "documents.revision_discarded",
        DecisionRuleSet(DecisionRuleSet) => "documents.decision_rule_set",
        DocumentAcknowledged(DocumentAcknowledged) => "documents.document_acknowledged",
        TrainingScheduled(TrainingScheduled) => "documents.training_scheduled",
        AttendanceRecorded(AttendanceRecorded) => "documents.attendance_recorded",
    }
}

/// A document is created (`document-<id>`); its text comes with its first revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentCreated {
    pub document_id: Uuid,
    pub kind: DocumentKind,
    pub title: String,
    /// The title of the English reference translation, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub owner_department_id: Uuid,
    pub audience: Audience,
    pub visibility: Visibility,
    /// For a 実施手順: the clause of the standards it implements ("第3章 2.1", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implements_clause: Option<String>,
    /// For a 実施手順: the information assets it implements the standards for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implements_assets: Vec<Uuid>,
}

/// A revision is opened on the document (at most one is open at a time), in the same commit as
/// its draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionOpened {
    pub document_id: Uuid,
    pub revision_id: Uuid,
}

/// An approved revision takes effect on its effective date: recorded by the system, no one acting.
/// The version in force before it is superseded, never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionPublished {
    pub document_id: Uuid,
    pub revision_id: Uuid,
    /// 第N版: 1 for the first version in force.
    pub version: u32,
    pub content_hash: String,
    /// 施行日 (ISO date).
    pub effective_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_revision_id: Option<Uuid>,
}

/// What a draft says: the full text, its translation, and why it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DraftContent {
    /// The full text, Markdown, in its canonical form (see `content_hash`).
    pub text: String,
    /// The English reference translation, Markdown, canonical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// 改定の概要
    pub summary: String,
    /// 改定の理由: free text.
    pub reason: String,
    /// What prompted it: an audit finding, an incident, a change in law or in the national
    /// guideline (references or URLs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prompted_by: Vec<String>,
    /// The day it is to take effect once approved (ISO date); the day of approval if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    /// SHA-256 (hex) of the canonical text (and translation): what votes and acknowledgements name.
    pub content_hash: String,
}

/// A revision's first draft (`revision-<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// `flatten` does not combine with `deny_unknown_fields`.
pub struct RevisionDrafted {
    pub revision_id: Uuid,
    pub document_id: Uuid,
    /// Who drafted it: an author may not vote on it.
    pub author_id: Uuid,
    #[serde(flatten)]
    pub content: DraftContent,
}

/// The draft is edited. Every vote cast on the previous text is withdrawn (named here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// `flatten` does not combine with `deny_unknown_fields`.
pub struct RevisionEdited {
    pub revision_id: Uuid,
    pub previous_hash: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn_votes: Vec<Uuid>,
    #[serde(flatten)]
    pub content: DraftContent,
}

/// The draft goes to the committee in office that day, under the rule of its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionSubmitted {
    pub revision_id: Uuid,
    pub content_hash: String,
    /// Who may vote: the members and the chair in office, less the author.
    pub electorate: Vec<Uuid>,
    /// The chair (the CISO), if one is in office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<Uuid>,
    pub rule: DecisionRule,
}

/// A member's vote, naming the exact text it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VoteCast {
    pub revision_id: Uuid,
    pub voter_id: Uuid,
    pub choice: VoteChoice,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    pub content_hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approved,
    Rejected,
}

/// One vote as the decision counted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CountedVote {
    pub voter_id: Uuid,
    pub choice: VoteChoice,
}

/// The committee's decision, as soon as the votes make it certain: the text, the votes and the
/// rule it was decided under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionDecided {
    pub revision_id: Uuid,
    pub outcome: Outcome,
    pub content_hash: String,
    pub votes: Vec<CountedVote>,
    pub electorate: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<Uuid>,
    pub rule: DecisionRule,
    /// When approved: the day it takes effect (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
}

/// A draft or a revision under review is abandoned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionDiscarded {
    pub revision_id: Uuid,
    pub reason: String,
}

/// The committee sets how it decides on one kind of document (`committee`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRuleSet {
    pub kind: DocumentKind,
    pub rule: DecisionRule,
}

/// A person acknowledges the version in force (周知・確認, §5), naming its text
/// (`acknowledgements-<person>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentAcknowledged {
    pub person_id: Uuid,
    pub document_id: Uuid,
    pub revision_id: Uuid,
    pub version: u32,
    pub content_hash: String,
}

/// A document version a training session covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CoveredVersion {
    pub document_id: Uuid,
    pub revision_id: Uuid,
}

/// A training session (教育・啓発, §6(4)) (`training-<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingScheduled {
    pub training_id: Uuid,
    pub title: String,
    /// ISO date.
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<CoveredVersion>,
}

/// Who attended (or, corrected, did not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceRecorded {
    pub training_id: Uuid,
    pub person_ids: Vec<Uuid>,
    pub attended: bool,
}
