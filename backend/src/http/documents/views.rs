//! Documents, revisions and trainings as the caller may see them, with what Cedar lets them do.

use mamori_shared::api::documents::{
    CoveredView, DecisionView, DocumentSummary, DocumentView, MemberView, MyAcknowledgement,
    OpenRevision, RevisionView, Tally, TrainingView, VersionEntry, VoteView,
};
use mamori_shared::events::documents::Outcome;
use uuid::Uuid;

use crate::authz::{Action, Resource, World};
use crate::clock::{rfc3339, today};
use crate::domain::documents::decision::Ballot;
use crate::domain::documents::{Document, Revision, Training};
use crate::domain::format_date;
use crate::http::extract::Caller;
use crate::http::respond::Shown;
use crate::http::AppState;
use crate::projections::documents::{DocumentEntry, RevisionEntry, TrainingEntry, VoteEntry};
use crate::text::markdown;

pub fn person_name(world: World<'_>, id: Uuid) -> String {
    world
        .directory
        .people
        .get(&id)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

/// The owning department, named only to those who may see it.
fn owner(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    id: Uuid,
) -> (Option<Uuid>, Option<String>) {
    let seen = state.authz.is_allowed(
        world,
        caller.principal_id,
        Action::DEPARTMENT_VIEW,
        Resource::department(id),
        world.day(today()),
    );
    match world.directory.departments.get(&id) {
        Some(department) if seen => (Some(id), Some(department.name.clone())),
        _ => (None, None),
    }
}

pub fn version_entry(revision: &RevisionEntry) -> Option<VersionEntry> {
    let published = revision.published.as_ref()?;
    Some(VersionEntry {
        revision_id: revision.id,
        version: published.version,
        effective_date: format_date(published.effective_date),
        content_hash: revision.content.content_hash.clone(),
        status: revision.status_code().to_owned(),
    })
}

fn open_revision(revision: &RevisionEntry) -> OpenRevision {
    OpenRevision {
        revision_id: revision.id,
        status: revision.status_code().to_owned(),
        content_hash: revision.content.content_hash.clone(),
        effective_date: revision
            .decision
            .as_ref()
            .and_then(|d| d.effective_date)
            .map(format_date),
    }
}

/// Whether `person` must acknowledge the version in force and has not.
pub fn acknowledgement_due(
    state: &AppState,
    world: World<'_>,
    person: Uuid,
    document: &DocumentEntry,
) -> bool {
    document.in_force.is_some()
        && world.documents.acknowledged(person, document.id).is_none()
        && state.authz.is_allowed(
            world,
            person,
            Action::DOCUMENT_ACKNOWLEDGE,
            Resource::document(document.id),
            world.day(today()),
        )
}

pub fn summary(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    document: &DocumentEntry,
    reviews: bool,
) -> DocumentSummary {
    let documents = &world.documents;
    let (owner_department_id, owner_department_name) =
        owner(state, caller, world, document.owner_department_id);
    DocumentSummary {
        id: document.id,
        kind: document.kind,
        title: document.title.clone(),
        owner_department_id,
        owner_department_name,
        visibility: document.visibility,
        audience: document.audience.clone(),
        in_force: documents.in_force(document.id).and_then(version_entry),
        open_revision: reviews
            .then(|| {
                document
                    .open_revision
                    .and_then(|id| documents.revisions.get(&id))
            })
            .flatten()
            .filter(|r| r.published.is_none() && !r.status.is_closed())
            .map(open_revision),
        acknowledgement_due: acknowledgement_due(state, world, caller.principal_id, document),
    }
}

impl Shown for Document {
    type View = DocumentView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/documents/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(DocumentView, u64)> {
        let document = world.documents.documents.get(&id)?;
        let resource = Resource::document(id);
        let day = world.day(today());
        let readable = state.authz.readable(
            world,
            caller.principal_id,
            resource,
            &[Action::DOCUMENT_VIEW, Action::DOCUMENT_REVIEW],
            day,
        );
        if !readable.iter().any(|a| a == Action::DOCUMENT_VIEW.code()) {
            return None;
        }
        let reviews = readable.iter().any(|a| a == Action::DOCUMENT_REVIEW.code());
        let documents = &world.documents;
        let in_force = documents.in_force(id);
        let revisions = || {
            document
                .revisions
                .iter()
                .filter_map(|r| documents.revisions.get(r))
        };
        let mut versions: Vec<VersionEntry> = revisions().filter_map(version_entry).collect();
        versions.reverse();
        let mine = documents
            .acknowledgements
            .get(&caller.principal_id)
            .and_then(|a| a.get(&id));
        let mut allowed = state.authz.permitted(
            world,
            caller.principal_id,
            resource,
            &[Action::DOCUMENT_DRAFT, Action::DOCUMENT_ACKNOWLEDGE],
            day,
        );
        if reviews {
            allowed.push(Action::DOCUMENT_REVIEW.code().to_owned());
        }
        let due = acknowledgement_due(state, world, caller.principal_id, document);
        let (owner_department_id, owner_department_name) =
            owner(state, caller, world, document.owner_department_id);
        let view = DocumentView {
            id,
            kind: document.kind,
            title: document.title.clone(),
            title_en: document.title_en.clone(),
            owner_department_id,
            owner_department_name,
            visibility: document.visibility,
            audience: document.audience.clone(),
            implements_clause: document.implements_clause.clone(),
            implements_assets: document.implements_assets.clone(),
            in_force: in_force.and_then(version_entry),
            text: in_force.map(|r| r.content.text.clone()),
            html: in_force.map(|r| markdown::to_html(&r.content.text)),
            translation_html: in_force
                .and_then(|r| r.content.translation.as_deref())
                .map(|t| markdown::to_html_with_id_prefix(t, "en-h")),
            versions,
            open_revision: reviews
                .then(|| {
                    document
                        .open_revision
                        .and_then(|r| documents.revisions.get(&r))
                })
                .flatten()
                .filter(|r| r.published.is_none() && !r.status.is_closed())
                .map(open_revision),
            closed_revisions: if reviews {
                revisions()
                    .filter(|r| r.status.is_closed())
                    .map(open_revision)
                    .collect()
            } else {
                Vec::new()
            },
            my_acknowledgement: in_force.map(|_| MyAcknowledgement {
                version: mine.map(|a| a.version),
                content_hash: mine.map(|a| a.content_hash.clone()),
                at: mine.map(|a| rfc3339(a.at)),
                due,
            }),
            version: document.version,
            allowed: Some(allowed),
        };
        Some((view, document.version))
    }
}

fn vote_view(world: World<'_>, vote: &VoteEntry) -> VoteView {
    VoteView {
        voter_id: vote.voter_id,
        voter_name: person_name(world, vote.voter_id),
        choice: vote.choice,
        comment: vote.comment.clone(),
        content_hash: vote.content_hash.clone(),
        at: rfc3339(vote.at),
        withdrawn_for: vote.withdrawn_for.clone(),
    }
}

/// The revision as the domain sees it, to ask what may be done with it.
pub fn as_aggregate(entry: &RevisionEntry) -> Revision {
    Revision {
        status: entry.status,
        document_id: Some(entry.document_id),
        author_id: Some(entry.author_id),
        content_hash: entry.content.content_hash.clone(),
        effective_from: entry
            .content
            .effective_from
            .as_deref()
            .and_then(crate::domain::parse_date),
        electorate: entry.electorate.clone(),
        chair: entry.chair_id,
        rule: entry.rule,
        votes: entry
            .current_votes()
            .map(|v| (v.voter_id, v.choice))
            .collect(),
        effective_date: entry.decision.as_ref().and_then(|d| d.effective_date),
    }
}

impl Shown for Revision {
    type View = RevisionView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/revisions/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(RevisionView, u64)> {
        let entry = world.documents.revisions.get(&id)?;
        let document = world.documents.documents.get(&entry.document_id)?;
        let resource = Resource::document(document.id);
        let day = world.day(today());
        if !state.authz.is_allowed(
            world,
            caller.principal_id,
            Action::DOCUMENT_REVIEW,
            resource,
            day,
        ) {
            return None;
        }
        let aggregate = as_aggregate(entry);
        let permitted = state.authz.permitted(
            world,
            caller.principal_id,
            resource,
            &[Action::DOCUMENT_DRAFT, Action::DOCUMENT_VOTE],
            day,
        );
        let drafts = permitted.iter().any(|a| a == Action::DOCUMENT_DRAFT.code());
        let votes = permitted.iter().any(|a| a == Action::DOCUMENT_VOTE.code());
        let allowed = aggregate
            .open_actions(caller.principal_id)
            .into_iter()
            .filter(|a| if *a == "vote" { votes } else { drafts })
            .map(str::to_owned)
            .collect();
        let tally = entry.rule.map(|rule| {
            let count = Ballot {
                electorate: &aggregate.electorate,
                chair: aggregate.chair,
                rule,
                votes: &aggregate.votes,
            }
            .count();
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            Tally {
                approvals: n(count.approvals),
                rejections: n(count.rejections),
                abstentions: n(count.abstentions),
                electorate: n(aggregate.electorate.len()),
                needed: n(count.needed),
                chair_approved: count.chair_approved,
            }
        });
        let content = &entry.content;
        let view = RevisionView {
            id,
            document_id: document.id,
            document_title: document.title.clone(),
            kind: document.kind,
            status: entry.status_code().to_owned(),
            author_id: entry.author_id,
            author_name: person_name(world, entry.author_id),
            text: content.text.clone(),
            html: markdown::to_html(&content.text),
            translation: content.translation.clone(),
            translation_html: content
                .translation
                .as_deref()
                .map(|t| markdown::to_html_with_id_prefix(t, "en-h")),
            summary: content.summary.clone(),
            reason: content.reason.clone(),
            prompted_by: content.prompted_by.clone(),
            effective_from: content.effective_from.clone(),
            content_hash: content.content_hash.clone(),
            drafted_at: rfc3339(entry.drafted_at),
            electorate: entry
                .electorate
                .iter()
                .map(|id| MemberView {
                    person_id: *id,
                    name: person_name(world, *id),
                    chair: entry.chair_id == Some(*id),
                })
                .collect(),
            rule: entry.rule,
            tally,
            votes: entry.current_votes().map(|v| vote_view(world, v)).collect(),
            withdrawn_votes: entry
                .votes
                .iter()
                .filter(|v| v.withdrawn_for.is_some())
                .map(|v| vote_view(world, v))
                .collect(),
            decision: entry.decision.as_ref().map(|d| DecisionView {
                outcome: match d.outcome {
                    Outcome::Approved => "approved",
                    Outcome::Rejected => "rejected",
                }
                .to_owned(),
                content_hash: d.content_hash.clone(),
                at: rfc3339(d.at),
                effective_date: d.effective_date.map(format_date),
            }),
            published_version: entry.published.as_ref().map(|p| p.version),
            version: entry.version,
            allowed: Some(allowed),
        };
        Some((view, entry.version))
    }
}

impl Shown for Training {
    type View = TrainingView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/trainings/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(TrainingView, u64)> {
        let entry = world.documents.trainings.get(&id)?;
        Some((training(state, caller, world, entry), entry.version))
    }
}

pub fn training(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    entry: &TrainingEntry,
) -> TrainingView {
    let manages = state.authz.readable(
        world,
        caller.principal_id,
        Resource::organisation(),
        &[Action::TRAININGS_MANAGE],
        world.day(today()),
    );
    let records = !manages.is_empty();
    let documents = &world.documents;
    TrainingView {
        id: entry.id,
        title: entry.title.clone(),
        date: format_date(entry.date),
        description: entry.description.clone(),
        audience: entry.audience.clone(),
        covers: entry
            .covers
            .iter()
            .map(|c| CoveredView {
                document_id: c.document_id,
                revision_id: c.revision_id,
                title: documents
                    .documents
                    .get(&c.document_id)
                    .map(|d| d.title.clone())
                    .unwrap_or_default(),
                version: documents
                    .revisions
                    .get(&c.revision_id)
                    .and_then(|r| r.published.as_ref())
                    .map(|p| p.version),
            })
            .collect(),
        attendance: u32::try_from(entry.attendees.len()).unwrap_or(u32::MAX),
        attended_by_me: entry.attendees.contains(&caller.principal_id),
        attendees: records.then(|| {
            entry
                .attendees
                .iter()
                .map(|id| MemberView {
                    person_id: *id,
                    name: person_name(world, *id),
                    chair: false,
                })
                .collect()
        }),
        version: entry.version,
        allowed: Some(if world.is_past() { Vec::new() } else { manages }),
    }
}
