//! The policy documents' tasks: votes due from the committee (§8), acknowledgements due from the
//! people a version in force is for (§5).

use mamori_shared::api::tasks::Task;
use mamori_shared::events::documents::DocumentEvent;
use time::Date;
use uuid::Uuid;

use super::{who_may, Context, Kind, Notice};
use crate::authz::{Action, Authorizer, Resource, World};
use crate::clock::rfc3339;
use crate::codec;
use crate::domain::documents::RevisionStatus;
use crate::store::RecordedEvent;

pub const VOTE: &str = "document.vote";
pub const ACKNOWLEDGE: &str = "document.acknowledge";

pub const KINDS: &[Kind] = &[
    Kind {
        code: VOTE,
        subject_ja: "審議中の改定案への投票をお願いします",
        subject_en: "A revision under review is waiting for your vote",
        href: "/revisions/review",
    },
    Kind {
        code: ACKNOWLEDGE,
        subject_ja: "施行された文書の確認をお願いします",
        subject_en: "A document that took effect is waiting for your acknowledgement",
        href: "/documents",
    },
];

pub fn tasks(context: &Context<'_>) -> Vec<Task> {
    let Context {
        authz,
        world,
        person,
        today,
        ..
    } = *context;
    let documents = &world.documents;
    let mut tasks = Vec::new();
    let title = |document: Uuid| {
        documents
            .documents
            .get(&document)
            .map(|d| d.title.clone())
            .unwrap_or_default()
    };
    for revision in documents.revisions.values() {
        let due = revision.status == RevisionStatus::InReview
            && revision.author_id != person
            && revision.electorate.contains(&person)
            && !revision.current_votes().any(|v| v.voter_id == person)
            && authz.is_allowed(
                world,
                person,
                Action::DOCUMENT_VOTE,
                Resource::document(revision.document_id),
                today,
            );
        if due {
            tasks.push(Task {
                kind: VOTE.to_owned(),
                subject: title(revision.document_id),
                outcome: None,
                // The revision itself (the kind's href, the review queue, is for a mail's link).
                href: format!("/revisions/{}", revision.id),
                since: rfc3339(revision.changed_at),
                due: None,
                id: revision.id,
            });
        }
    }
    let in_force: Vec<_> = documents
        .documents
        .values()
        .filter_map(|d| documents.in_force(d.id).map(|r| (d, r)))
        .filter(|(d, _)| documents.acknowledged(person, d.id).is_none())
        .collect();
    let resources: Vec<Resource> = in_force
        .iter()
        .map(|(d, _)| Resource::document(d.id))
        .collect();
    let due = authz.allowed_each(
        world,
        person,
        Action::DOCUMENT_ACKNOWLEDGE,
        &resources,
        today,
    );
    for ((document, revision), due) in in_force.into_iter().zip(due) {
        if due {
            tasks.push(Task {
                kind: ACKNOWLEDGE.to_owned(),
                subject: document.title.clone(),
                outcome: None,
                href: format!("/documents/{}", document.id),
                since: rfc3339(revision.published.as_ref().map_or(0, |p| p.at)),
                due: None,
                id: document.id,
            });
        }
    }
    tasks
}

pub fn notices(
    event: &RecordedEvent,
    authz: &Authorizer,
    world: World<'_>,
    today: Date,
) -> Vec<Notice> {
    let Ok(Some(domain_event)) = codec::decode::<DocumentEvent>(event) else {
        return Vec::new();
    };
    let vote = |revision: Uuid, hash: &str, voters: &[Uuid]| -> Vec<Notice> {
        voters
            .iter()
            .map(|person_id| Notice {
                person_id: *person_id,
                kind: VOTE,
                key: format!("{VOTE}:{revision}:{hash}:{person_id}"),
            })
            .collect()
    };
    match domain_event {
        DocumentEvent::RevisionSubmitted(e) => vote(e.revision_id, &e.content_hash, &e.electorate),
        // Those whose votes an edit withdrew are asked again, about the new text.
        DocumentEvent::RevisionEdited(e) => {
            vote(e.revision_id, &e.content.content_hash, &e.withdrawn_votes)
        }
        DocumentEvent::RevisionPublished(e) => who_may(
            authz,
            world,
            Action::DOCUMENT_ACKNOWLEDGE,
            Resource::document(e.document_id),
            Uuid::nil(),
            today,
        )
        .into_iter()
        .map(|person_id| Notice {
            person_id,
            kind: ACKNOWLEDGE,
            key: format!("{ACKNOWLEDGE}:{}:{person_id}", e.revision_id),
        })
        .collect(),
        _ => Vec::new(),
    }
}

/// Nothing in this area comes due by the calendar alone.
pub fn due(_: World<'_>, _: Date) -> Vec<Notice> {
    Vec::new()
}
