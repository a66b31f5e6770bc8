use mamori_shared::documents::{Audience, DocumentKind, Visibility};
use mamori_shared::events::documents::{
    DocumentCreated, DocumentEvent, RevisionOpened, RevisionPublished,
};
use time::Date;
use uuid::Uuid;

use super::{valid_text_field, DocumentError};
use crate::domain::{format_date, Aggregate};

/// A policy document (seed §9–§11): what it is, who it is for, and which of its revisions is in
/// force. Exactly one version is in force once the first takes effect; at most one revision is open.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Document {
    pub exists: bool,
    pub kind: Option<DocumentKind>,
    pub open_revision: Option<Uuid>,
    /// (revision, 第N版, content hash)
    pub in_force: Option<(Uuid, u32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentCommand {
    Create(DocumentCreated),
    /// A new draft. `open_closed` says whether the revision still open on it was rejected or
    /// discarded (read from that revision, whose version the commit requires).
    OpenRevision {
        document_id: Uuid,
        revision_id: Uuid,
        open_closed: bool,
    },
    /// The system's: an approved revision takes effect (its approval read from the revision, whose
    /// version the commit requires).
    Publish {
        document_id: Uuid,
        revision_id: Uuid,
        content_hash: String,
        effective_date: Date,
        today: Date,
    },
}

impl Document {
    /// Whether a new draft may be opened now.
    pub fn may_open(&self, open_closed: bool) -> bool {
        self.exists && (self.open_revision.is_none() || open_closed)
    }
}

impl Aggregate for Document {
    type Key = Uuid;
    type Command = DocumentCommand;
    type Event = DocumentEvent;
    type Error = DocumentError;

    fn stream_name(key: &Uuid) -> String {
        format!("document-{key}")
    }

    fn decide(&self, command: DocumentCommand) -> Result<Vec<DocumentEvent>, DocumentError> {
        match command {
            DocumentCommand::Create(mut created) => {
                if self.exists {
                    return Err(DocumentError::AlreadyExists);
                }
                created.title = valid_title(&created.title)?;
                created.title_en = created
                    .title_en
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(valid_title)
                    .transpose()?;
                // §11: the basic policy is published; the standards and procedures never are.
                let public = created.visibility == Visibility::Public;
                if public != (created.kind == DocumentKind::BasicPolicy) {
                    return Err(DocumentError::VisibilityOfKind);
                }
                if let Audience::Listed { departments, roles } = &created.audience {
                    if departments.is_empty() && roles.is_empty() {
                        return Err(DocumentError::InvalidField {
                            field: "audience",
                            limit: "name at least one department or role",
                        });
                    }
                }
                created.implements_clause = created
                    .implements_clause
                    .as_deref()
                    .map(|c| valid_text_field(c, "implements_clause", 200, false))
                    .transpose()?
                    .filter(|c| !c.is_empty());
                if created.implements_assets.len() > 100 {
                    return Err(DocumentError::InvalidField {
                        field: "implements_assets",
                        limit: "at most 100 assets",
                    });
                }
                Ok(vec![DocumentEvent::DocumentCreated(created)])
            }
            DocumentCommand::OpenRevision {
                document_id,
                revision_id,
                open_closed,
            } => {
                if !self.exists {
                    return Err(DocumentError::NotFound);
                }
                if !self.may_open(open_closed) {
                    return Err(DocumentError::RevisionOpen);
                }
                Ok(vec![DocumentEvent::RevisionOpened(RevisionOpened {
                    document_id,
                    revision_id,
                })])
            }
            DocumentCommand::Publish {
                document_id,
                revision_id,
                content_hash,
                effective_date,
                today,
            } => {
                if self.open_revision != Some(revision_id) {
                    return Err(DocumentError::NotApproved);
                }
                if effective_date > today {
                    return Err(DocumentError::NotDue(format_date(effective_date)));
                }
                let version = self.in_force.as_ref().map_or(0, |(_, n, _)| *n) + 1;
                Ok(vec![DocumentEvent::RevisionPublished(RevisionPublished {
                    document_id,
                    revision_id,
                    version,
                    content_hash,
                    effective_date: format_date(effective_date),
                    superseded_revision_id: self.in_force.as_ref().map(|(r, _, _)| *r),
                })])
            }
        }
    }

    fn evolve(&mut self, event: &DocumentEvent) {
        match event {
            DocumentEvent::DocumentCreated(e) => {
                self.exists = true;
                self.kind = Some(e.kind);
            }
            DocumentEvent::RevisionOpened(e) => self.open_revision = Some(e.revision_id),
            DocumentEvent::RevisionPublished(e) => {
                self.open_revision = None;
                self.in_force = Some((e.revision_id, e.version, e.content_hash.clone()));
            }
            _ => {}
        }
    }
}

fn valid_title(title: &str) -> Result<String, DocumentError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 || title.chars().any(char::is_control) {
        return Err(DocumentError::InvalidTitle);
    }
    Ok(title.to_owned())
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const DOC: Uuid = Uuid::from_u128(1);
    const R1: Uuid = Uuid::from_u128(2);
    const R2: Uuid = Uuid::from_u128(3);

    fn created(kind: DocumentKind, visibility: Visibility) -> DocumentCommand {
        DocumentCommand::Create(DocumentCreated {
            document_id: DOC,
            kind,
            title: " 情報セキュリティ対策基準 ".into(),
            title_en: None,
            owner_department_id: Uuid::from_u128(9),
            audience: Audience::Staff,
            visibility,
            implements_clause: None,
            implements_assets: vec![],
        })
    }

    fn given(commands: Vec<DocumentCommand>) -> Document {
        let mut state = Document::default();
        for command in commands {
            for event in state.decide(command).unwrap() {
                state.evolve(&event);
            }
        }
        state
    }

    fn publish(revision_id: Uuid, effective_date: Date) -> DocumentCommand {
        DocumentCommand::Publish {
            document_id: DOC,
            revision_id,
            content_hash: "h".into(),
            effective_date,
            today: date!(2027 - 04 - 01),
        }
    }

    fn open(revision_id: Uuid, open_closed: bool) -> DocumentCommand {
        DocumentCommand::OpenRevision {
            document_id: DOC,
            revision_id,
            open_closed,
        }
    }

    #[test]
    fn only_the_basic_policy_is_public() {
        let state = Document::default();
        assert_eq!(
            state.decide(created(DocumentKind::Standards, Visibility::Public)),
            Err(DocumentError::VisibilityOfKind)
        );
        assert_eq!(
            state.decide(created(DocumentKind::BasicPolicy, Visibility::Internal)),
            Err(DocumentError::VisibilityOfKind)
        );
        let events = state
            .decide(created(DocumentKind::Standards, Visibility::Internal))
            .unwrap();
        let DocumentEvent::DocumentCreated(e) = &events[0] else {
            panic!()
        };
        assert_eq!(e.title, "情報セキュリティ対策基準");
    }

    #[test]
    fn one_revision_open_at_a_time_and_versions_count_up() {
        let state = given(vec![
            created(DocumentKind::Standards, Visibility::Internal),
            open(R1, false),
        ]);
        assert_eq!(
            state.decide(open(R2, false)),
            Err(DocumentError::RevisionOpen)
        );
        assert!(
            state.decide(open(R2, true)).is_ok(),
            "the open one was rejected"
        );
        assert_eq!(
            state.decide(publish(R1, date!(2027 - 04 - 02))),
            Err(DocumentError::NotDue("2027-04-02".into()))
        );
        let published = given(vec![
            created(DocumentKind::Standards, Visibility::Internal),
            open(R1, false),
            publish(R1, date!(2027 - 04 - 01)),
            open(R2, false),
        ]);
        assert_eq!(published.in_force.as_ref().unwrap().1, 1);
        let events = published
            .decide(publish(R2, date!(2027 - 03 - 01)))
            .unwrap();
        let DocumentEvent::RevisionPublished(e) = &events[0] else {
            panic!()
        };
        assert_eq!((e.version, e.superseded_revision_id), (2, Some(R1)));
        assert_eq!(
            published.decide(publish(R1, date!(2027 - 03 - 01))),
            Err(DocumentError::NotApproved)
        );
    }
}
