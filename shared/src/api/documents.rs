//! Policy documents, their revisions and the committee's review, acknowledgements and training.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::documents::{Audience, DecisionRule, DocumentKind, Visibility, VoteChoice};

/// A version that is or was in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VersionEntry {
    pub revision_id: Uuid,
    /// 第N版
    pub version: u32,
    /// 施行日 (ISO date)
    pub effective_date: String,
    pub content_hash: String,
    /// in_force | superseded
    pub status: String,
}

/// A revision not yet in force, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpenRevision {
    pub revision_id: Uuid,
    /// draft | in_review | approved
    pub status: String,
    pub content_hash: String,
    /// When approved: the day it takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
}

/// `GET /api/v1/documents`: a document in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentSummary {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub title: String,
    /// The owning department, to those who may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_department_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_department_name: Option<String>,
    pub visibility: Visibility,
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<VersionEntry>,
    /// The revision open on it, to those who may review it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_revision: Option<OpenRevision>,
    /// Whether the caller must acknowledge the version in force and has not (周知・確認).
    pub acknowledgement_due: bool,
}

/// My acknowledgement of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MyAcknowledgement {
    /// The version I acknowledged last, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The version in force awaits my acknowledgement.
    pub due: bool,
}

/// `GET /api/v1/documents/{document_id}`: the document, its text in force and its versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentView {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// The owning department, to those who may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_department_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_department_name: Option<String>,
    pub visibility: Visibility,
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implements_clause: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implements_assets: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<VersionEntry>,
    /// The text in force (Markdown) and as HTML (rendered by the server, raw HTML escaped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_html: Option<String>,
    /// Every version that has been in force, newest first.
    pub versions: Vec<VersionEntry>,
    /// The revision open on it, to those who may review it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_revision: Option<OpenRevision>,
    /// Past revisions that were rejected or discarded, to those who may review it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed_revisions: Vec<OpenRevision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_acknowledgement: Option<MyAcknowledgement>,
    pub version: u64,
    /// What the caller may do (`document.draft`, `document.review`, `document.acknowledge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/documents`: a new document (its text comes with its first draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewDocument {
    pub kind: DocumentKind,
    /// 1 to 200 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200)))]
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    pub owner_department_id: Uuid,
    pub audience: Audience,
    pub visibility: Visibility,
    #[serde(default)]
    pub implements_clause: Option<String>,
    #[serde(default)]
    pub implements_assets: Vec<Uuid>,
}

/// `POST /api/v1/documents/{document_id}/revisions` (a new draft) and
/// `POST /api/v1/revisions/{revision_id}/edit` (the draft as it is to be).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DraftBody {
    /// The full text in Markdown (1 to 200,000 characters).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200_000)))]
    pub text: String,
    /// The English reference translation in Markdown.
    #[serde(default)]
    pub translation: Option<String>,
    /// 改定の概要 (1 to 1,000 characters).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 1000)))]
    pub summary: String,
    /// 改定の理由 (1 to 2,000 characters).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 2000)))]
    pub reason: String,
    /// What prompted it (at most 20 references of at most 500 characters).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub prompted_by: Vec<String>,
    /// The day it takes effect once approved (ISO date); the day of approval if absent.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub effective_from: Option<String>,
}

/// A member of the committee as a revision's review sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MemberView {
    pub person_id: Uuid,
    pub name: String,
    pub chair: bool,
}

/// A vote as it stands (or as it was withdrawn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoteView {
    pub voter_id: Uuid,
    pub voter_name: String,
    pub choice: VoteChoice,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// The text it was cast on.
    pub content_hash: String,
    pub at: String,
    /// Withdrawn because the draft changed after it was cast: the hash it changed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_for: Option<String>,
}

/// The count so far under the revision's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tally {
    pub approvals: u32,
    pub rejections: u32,
    pub abstentions: u32,
    pub electorate: u32,
    pub needed: u32,
    pub chair_approved: bool,
}

/// The committee's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionView {
    /// approved | rejected
    pub outcome: String,
    pub content_hash: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
}

/// `GET /api/v1/revisions/{revision_id}`: a revision, its review and its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RevisionView {
    pub id: Uuid,
    pub document_id: Uuid,
    pub document_title: String,
    pub kind: DocumentKind,
    /// draft | in_review | approved | rejected | discarded | in_force | superseded
    pub status: String,
    pub author_id: Uuid,
    pub author_name: String,
    pub text: String,
    pub html: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_html: Option<String>,
    pub summary: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prompted_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    /// SHA-256 of the canonical text: what a vote approves.
    pub content_hash: String,
    pub drafted_at: String,
    /// The committee it went to and the rule it is decided by (once submitted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub electorate: Vec<MemberView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<DecisionRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tally: Option<Tally>,
    /// Votes on the current text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<VoteView>,
    /// Votes withdrawn by later edits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn_votes: Vec<VoteView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionView>,
    /// Once in force: 第N版.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_version: Option<u32>,
    pub version: u64,
    /// What the caller may do: edit, submit, discard, vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/revisions/{revision_id}/votes`: a vote on the text named by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoteBody {
    pub choice: VoteChoice,
    /// At most 2,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 2000)))]
    pub comment: String,
    /// The SHA-256 the voter saw (64 hex digits): a vote on a text that has since changed is refused.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[0-9a-f]{64}$"), extend("examples" = ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])))]
    pub content_hash: String,
}

/// `POST /api/v1/documents/{document_id}/acknowledge`: I have read the version in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AcknowledgeBody {
    /// The SHA-256 of the version in force (64 hex digits).
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[0-9a-f]{64}$"), extend("examples" = ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])))]
    pub content_hash: String,
}

/// `POST /api/v1/documents/preview`: Markdown to see as it will show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreviewBody {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Preview {
    pub html: String,
    pub content_hash: String,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffSide {
    pub revision_id: Uuid,
    /// 第N版 if it has been in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    pub status: String,
    pub content_hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Equal,
    Insert,
    Delete,
    Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffSpan {
    pub text: String,
    pub changed: bool,
}

/// One line (or a pair of lines) of a comparison; in a changed pair, the characters that differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffRow {
    pub kind: DiffKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub old: Vec<DiffSpan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new: Vec<DiffSpan>,
}

/// `GET /api/v1/documents/{document_id}/diff?from=&to=`: two revisions compared line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentDiff {
    pub from: DiffSide,
    pub to: DiffSide,
    pub rows: Vec<DiffRow>,
}

/// The committee: who is in office today and how it decides on each kind of document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommitteeView {
    pub members: Vec<MemberView>,
    pub rules: Vec<KindRule>,
    pub version: u64,
    /// `committee.manage` when the caller may set the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KindRule {
    pub kind: DocumentKind,
    pub rule: DecisionRule,
}

/// `GET /api/v1/departments/{department_id}/acknowledgements`: who in the department has
/// acknowledged each version in force that is for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AcknowledgementStatus {
    pub department_id: Uuid,
    pub department_name: String,
    pub documents: Vec<DocumentAcknowledgements>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentAcknowledgements {
    pub document_id: Uuid,
    pub title: String,
    pub version: u32,
    pub content_hash: String,
    pub effective_date: String,
    pub acknowledged: u32,
    pub people: Vec<PersonAcknowledgement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonAcknowledgement {
    pub person_id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_number: Option<String>,
    /// When they acknowledged this version; absent: not yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<String>,
}

/// A document version a training covers, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoveredView {
    pub document_id: Uuid,
    pub revision_id: Uuid,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// `GET /api/v1/trainings/{training_id}`: a training session (教育・啓発).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrainingView {
    pub id: Uuid,
    pub title: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub audience: Audience,
    pub covers: Vec<CoveredView>,
    pub attendance: u32,
    pub attended_by_me: bool,
    /// Who attended, to those who record attendance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<MemberView>>,
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/trainings`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewTraining {
    /// 1 to 200 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200)))]
    pub title: String,
    /// ISO date.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub date: String,
    /// At most 2,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 2000)))]
    pub description: String,
    pub audience: Audience,
    /// Revisions (versions of documents) it covers: at most 50.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 50)))]
    pub covers: Vec<Uuid>,
}

/// `POST /api/v1/trainings/{training_id}/attendance`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttendanceBody {
    /// 1 to 500 people.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 500)))]
    pub person_ids: Vec<Uuid>,
    /// `false` corrects a record: they did not attend.
    #[serde(default = "yes")]
    pub attended: bool,
}

fn yes() -> bool {
    true
}

/// `GET /api/v1/trainings/completion?year=`: per department, how many of its people attended a
/// training in the fiscal year (年度, April to March).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrainingCompletion {
    pub fiscal_year: i32,
    pub departments: Vec<DepartmentCompletion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DepartmentCompletion {
    pub department_id: Uuid,
    pub department_name: String,
    pub people: u32,
    pub completed: u32,
}

/// `GET /api/v1/public/basic-policy`: the basic policy in force, for the organisation's website.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicDocument {
    pub document_id: Uuid,
    pub title: String,
    pub version: u32,
    pub effective_date: String,
    pub content_hash: String,
    pub text: String,
    pub html: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<PublicTranslation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicTranslation {
    pub title: String,
    pub text: String,
    pub html: String,
}

/// `POST /api/v1/revisions/{revision_id}/submit`: nothing to say but the version (`If-Match`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submission {}
