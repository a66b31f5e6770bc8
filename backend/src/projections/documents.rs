//! Policy documents as everyone reads them: every document with its revisions and versions, the
//! committee's rules, who acknowledged what, and the training sessions. Who may read which is
//! Cedar's decision (`authz`), not this projection's.

use std::collections::{BTreeSet, HashMap};

use mamori_shared::documents::{Audience, DecisionRule, DocumentKind, Visibility, VoteChoice};
use mamori_shared::events::documents::{CoveredVersion, DocumentEvent, DraftContent, Outcome};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::register::micros;
use super::{Projection, ProjectionError};
use crate::codec;
use crate::domain::documents::RevisionStatus;
use crate::domain::parse_date;
use crate::store::RecordedEvent;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Documents {
    pub documents: HashMap<Uuid, DocumentEntry>,
    pub revisions: HashMap<Uuid, RevisionEntry>,
    /// The committee's rules as set (a kind not here has its default).
    pub rules: HashMap<DocumentKind, DecisionRule>,
    pub committee_version: u64,
    /// person → document → their last acknowledgement.
    pub acknowledgements: HashMap<Uuid, HashMap<Uuid, AcknowledgementEntry>>,
    /// The version of each person's `acknowledgements-` stream.
    pub acknowledgement_versions: HashMap<Uuid, u64>,
    pub trainings: HashMap<Uuid, TrainingEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub title: String,
    pub title_en: Option<String>,
    pub owner_department_id: Uuid,
    pub audience: Audience,
    pub visibility: Visibility,
    pub implements_clause: Option<String>,
    pub implements_assets: Vec<Uuid>,
    pub open_revision: Option<Uuid>,
    pub in_force: Option<Uuid>,
    /// Revisions that took effect, oldest first.
    pub versions: Vec<Uuid>,
    /// Every revision, oldest first.
    pub revisions: Vec<Uuid>,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteEntry {
    pub voter_id: Uuid,
    pub choice: VoteChoice,
    pub comment: String,
    pub content_hash: String,
    pub at: i64,
    /// Set when an edit withdrew it: the hash the text changed to.
    pub withdrawn_for: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub content_hash: String,
    pub at: i64,
    pub effective_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub version: u32,
    pub effective_date: Date,
    pub at: i64,
    pub superseded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionEntry {
    pub id: Uuid,
    pub document_id: Uuid,
    pub author_id: Uuid,
    pub content: DraftContent,
    pub status: RevisionStatus,
    pub drafted_at: i64,
    pub changed_at: i64,
    pub electorate: Vec<Uuid>,
    pub chair_id: Option<Uuid>,
    pub rule: Option<DecisionRule>,
    /// Every vote, withdrawn ones included, in the order cast.
    pub votes: Vec<VoteEntry>,
    pub decision: Option<Decision>,
    pub published: Option<Publication>,
    pub discard_reason: Option<String>,
    pub version: u64,
}

impl RevisionEntry {
    /// The votes that count: those on the current text.
    pub fn current_votes(&self) -> impl Iterator<Item = &VoteEntry> {
        self.votes.iter().filter(|v| v.withdrawn_for.is_none())
    }

    /// What it is now: draft, in_review, approved, rejected, discarded, in_force, superseded.
    pub fn status_code(&self) -> &'static str {
        match &self.published {
            Some(p) if p.superseded => "superseded",
            Some(_) => "in_force",
            None => self.status.code(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcknowledgementEntry {
    pub revision_id: Uuid,
    pub version: u32,
    pub content_hash: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingEntry {
    pub id: Uuid,
    pub title: String,
    pub date: Date,
    pub description: String,
    pub audience: Audience,
    pub covers: Vec<CoveredVersion>,
    pub attendees: BTreeSet<Uuid>,
    pub version: u64,
}

impl Documents {
    /// The revision in force of a document.
    pub fn in_force(&self, document: Uuid) -> Option<&RevisionEntry> {
        let id = self.documents.get(&document)?.in_force?;
        self.revisions.get(&id)
    }

    /// The committee's rule for a kind of document.
    pub fn rule(&self, kind: DocumentKind) -> DecisionRule {
        crate::domain::documents::rule_of(&self.rules, kind)
    }

    /// Whether `person` acknowledged the version in force of `document`.
    pub fn acknowledged(&self, person: Uuid, document: Uuid) -> Option<&AcknowledgementEntry> {
        let hash = &self.in_force(document)?.content.content_hash;
        self.acknowledgements
            .get(&person)?
            .get(&document)
            .filter(|a| &a.content_hash == hash)
    }
}

impl Projection for Documents {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        let failed = |reason: String| ProjectionError {
            position: event.position,
            reason,
        };
        let Some(domain_event) = codec::decode::<DocumentEvent>(event).map_err(failed)? else {
            return Ok(());
        };
        let version = event.stream_version;
        let at = micros(event);
        let unknown = |what: &str, id: Uuid| failed(format!("unknown {what} {id}"));
        match domain_event {
            DocumentEvent::DocumentCreated(e) => {
                self.documents.insert(
                    e.document_id,
                    DocumentEntry {
                        id: e.document_id,
                        kind: e.kind,
                        title: e.title,
                        title_en: e.title_en,
                        owner_department_id: e.owner_department_id,
                        audience: e.audience,
                        visibility: e.visibility,
                        implements_clause: e.implements_clause,
                        implements_assets: e.implements_assets,
                        open_revision: None,
                        in_force: None,
                        versions: Vec::new(),
                        revisions: Vec::new(),
                        version,
                    },
                );
            }
            DocumentEvent::RevisionOpened(e) => {
                let document = self
                    .documents
                    .get_mut(&e.document_id)
                    .ok_or_else(|| unknown("document", e.document_id))?;
                document.open_revision = Some(e.revision_id);
                document.revisions.push(e.revision_id);
                document.version = version;
            }
            DocumentEvent::RevisionPublished(e) => {
                let effective_date = parse_date(&e.effective_date)
                    .ok_or_else(|| failed(format!("invalid date {}", e.effective_date)))?;
                let document = self
                    .documents
                    .get_mut(&e.document_id)
                    .ok_or_else(|| unknown("document", e.document_id))?;
                document.open_revision = None;
                document.in_force = Some(e.revision_id);
                document.versions.push(e.revision_id);
                document.version = version;
                if let Some(old) = e
                    .superseded_revision_id
                    .and_then(|id| self.revisions.get_mut(&id))
                {
                    if let Some(p) = old.published.as_mut() {
                        p.superseded = true;
                    }
                }
                let revision = self
                    .revisions
                    .get_mut(&e.revision_id)
                    .ok_or_else(|| unknown("revision", e.revision_id))?;
                revision.published = Some(Publication {
                    version: e.version,
                    effective_date,
                    at,
                    superseded: false,
                });
                revision.changed_at = at;
            }
            DocumentEvent::RevisionDrafted(e) => {
                self.revisions.insert(
                    e.revision_id,
                    RevisionEntry {
                        id: e.revision_id,
                        document_id: e.document_id,
                        author_id: e.author_id,
                        content: e.content,
                        status: RevisionStatus::Draft,
                        drafted_at: at,
                        changed_at: at,
                        electorate: Vec::new(),
                        chair_id: None,
                        rule: None,
                        votes: Vec::new(),
                        decision: None,
                        published: None,
                        discard_reason: None,
                        version,
                    },
                );
            }
            DocumentEvent::DecisionRuleSet(e) => {
                self.rules.insert(e.kind, e.rule);
                self.committee_version = version;
            }
            DocumentEvent::DocumentAcknowledged(e) => {
                self.acknowledgements
                    .entry(e.person_id)
                    .or_default()
                    .insert(
                        e.document_id,
                        AcknowledgementEntry {
                            revision_id: e.revision_id,
                            version: e.version,
                            content_hash: e.content_hash,
                            at,
                        },
                    );
                self.acknowledgement_versions.insert(e.person_id, version);
            }
            DocumentEvent::TrainingScheduled(e) => {
                let date = parse_date(&e.date)
                    .ok_or_else(|| failed(format!("invalid date {}", e.date)))?;
                self.trainings.insert(
                    e.training_id,
                    TrainingEntry {
                        id: e.training_id,
                        title: e.title,
                        date,
                        description: e.description,
                        audience: e.audience,
                        covers: e.covers,
                        attendees: BTreeSet::new(),
                        version,
                    },
                );
            }
            DocumentEvent::AttendanceRecorded(e) => {
                let training = self
                    .trainings
                    .get_mut(&e.training_id)
                    .ok_or_else(|| unknown("training", e.training_id))?;
                for person in e.person_ids {
                    if e.attended {
                        training.attendees.insert(person);
                    } else {
                        training.attendees.remove(&person);
                    }
                }
                training.version = version;
            }
            revision_event => {
                let id = match &revision_event {
                    DocumentEvent::RevisionEdited(e) => e.revision_id,
                    DocumentEvent::RevisionSubmitted(e) => e.revision_id,
                    DocumentEvent::VoteCast(e) => e.revision_id,
                    DocumentEvent::RevisionDecided(e) => e.revision_id,
                    DocumentEvent::RevisionDiscarded(e) => e.revision_id,
                    _ => return Ok(()),
                };
                let revision = self
                    .revisions
                    .get_mut(&id)
                    .ok_or_else(|| unknown("revision", id))?;
                revision.version = version;
                revision.changed_at = at;
                match revision_event {
                    DocumentEvent::RevisionEdited(e) => {
                        for vote in revision.votes.iter_mut() {
                            if vote.withdrawn_for.is_none()
                                && e.withdrawn_votes.contains(&vote.voter_id)
                            {
                                vote.withdrawn_for = Some(e.content.content_hash.clone());
                            }
                        }
                        revision.content = e.content;
                    }
                    DocumentEvent::RevisionSubmitted(e) => {
                        revision.status = RevisionStatus::InReview;
                        revision.electorate = e.electorate;
                        revision.chair_id = e.chair_id;
                        revision.rule = Some(e.rule);
                    }
                    DocumentEvent::VoteCast(e) => revision.votes.push(VoteEntry {
                        voter_id: e.voter_id,
                        choice: e.choice,
                        comment: e.comment,
                        content_hash: e.content_hash,
                        at,
                        withdrawn_for: None,
                    }),
                    DocumentEvent::RevisionDecided(e) => {
                        revision.status = match e.outcome {
                            Outcome::Approved => RevisionStatus::Approved,
                            Outcome::Rejected => RevisionStatus::Rejected,
                        };
                        revision.decision = Some(Decision {
                            outcome: e.outcome,
                            content_hash: e.content_hash,
                            at,
                            effective_date: e.effective_date.as_deref().and_then(parse_date),
                        });
                    }
                    DocumentEvent::RevisionDiscarded(e) => {
                        revision.status = RevisionStatus::Discarded;
                        revision.discard_reason = Some(e.reason);
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}
