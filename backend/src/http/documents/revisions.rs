//! Revisions (改定): editing a draft, the committee's review and votes.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mamori_shared::api::assets::Reason;
use mamori_shared::api::documents::{DraftBody, RevisionView, Submission, VoteBody};

use super::library::draft_of;
use crate::authz::documents::{document_of_revision, DOCUMENT};
use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::commands::documents::committee_on;
use crate::commands::{execute, CommandError, Commit, Executed};
use crate::domain::documents::{
    Committee, DocumentError, Revision, RevisionCommand, RevisionStatus,
};
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{path_uuid, Caller, Change, JsonBody};
use crate::http::respond::{self, Shown};
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;

pub async fn edit(change: Change<DraftBody>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = RevisionCommand::Edit {
        revision_id: id,
        draft: draft_of(body),
        today: today(),
    };
    respond::command::<Revision>(&state, &caller, id, Some(version), command).await
}

/// To the committee in office today, under the rule the committee has for the document's kind
/// (both as read: the rule's version is required by the commit).
pub async fn submit(change: Change<Submission>) -> Result<Response, ApiError> {
    let (state, caller, id, version, _) = change.parts();
    let (members, chair, rule, rules_version) = {
        let snapshot = state.projections.snapshot();
        let revision = snapshot
            .documents
            .revisions
            .get(&id)
            .ok_or(ApiError::NotFound)?;
        let kind = snapshot
            .documents
            .documents
            .get(&revision.document_id)
            .ok_or(ApiError::NotFound)?
            .kind;
        let (members, chair) = committee_on(&snapshot.directory, today());
        (
            members,
            chair,
            snapshot.documents.rule(kind),
            snapshot.documents.committee_version,
        )
    };
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<Revision>(
            &state.store,
            &id,
            Some(version),
            RevisionCommand::Submit {
                revision_id: id,
                members,
                chair,
                rule,
            },
        )
        .await?;
    commit.require::<Committee>(&(), rules_version);
    let done = commit.commit::<DocumentError>(&state.store).await?;
    respond::answer::<Revision>(&state, &caller, id, Executed::last_position(&done)).await
}

pub async fn discard(change: Change<Reason>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = RevisionCommand::Discard {
        revision_id: id,
        reason: body.reason,
    };
    respond::command::<Revision>(&state, &caller, id, Some(version), command).await
}

/// A vote names the text it is about: that, not `If-Match`, keeps it from counting for another
/// text. Votes of several members at once are each decided on the stream as it then is.
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<VoteBody>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    let mut attempts = 0;
    let done = loop {
        let command = RevisionCommand::Vote {
            revision_id: id,
            voter_id: caller.principal_id,
            choice: body.choice,
            comment: body.comment.clone(),
            content_hash: body.content_hash.clone(),
            today: today(),
        };
        match execute::<Revision>(&state.store, &id, None, command, caller.metadata()).await {
            Err(CommandError::Conflict { .. }) if attempts < 5 => attempts += 1,
            other => break other?,
        }
    };
    let answer = respond::answer::<Revision>(&state, &caller, id, done.position()).await;
    // An approval whose day has come takes effect now, not at the next minute's round.
    state.publisher.notify_one();
    answer
}

/// The committee's queue: revisions under review I may review, oldest first.
pub async fn review(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
) -> Json<Vec<RevisionView>> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let mut pending: Vec<_> = world
        .documents
        .revisions
        .values()
        .filter(|r| r.status == RevisionStatus::InReview)
        .collect();
    pending.sort_by_key(|r| (r.changed_at, r.id));
    let resources: Vec<Resource> = pending
        .iter()
        .map(|r| Resource::document(r.document_id))
        .collect();
    let reviewable = state.authz.allowed_each(
        world,
        caller.principal_id,
        Action::DOCUMENT_REVIEW,
        &resources,
        world.day(today()),
    );
    Json(
        pending
            .into_iter()
            .zip(reviewable)
            .filter(|(_, ok)| *ok)
            .filter_map(|(r, _)| Revision::show(&state, &caller, world, r.id).map(|(v, _)| v))
            .collect(),
    )
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::documents as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/revisions/review" => review, Permit(A::DOCUMENTS_REVIEW, T::Organisation), "The committee's review queue: revisions under review that I may review", gives Vec<r::RevisionView>, as_of = true;
        GET "/revisions/{revision_id}" => respond::get::<Revision>, Permit(A::DOCUMENT_REVIEW, T::Via("revision_id", DOCUMENT, document_of_revision)), "A revision: its text and hash, its review (the electorate, the rule, the votes on this text and those withdrawn by edits) and its decision", gives r::RevisionView, as_of = true;
        GET "/revisions/{revision_id}/history" => crate::http::timeline::history::<Revision>, Permit(A::DOCUMENT_REVIEW, T::Via("revision_id", DOCUMENT, document_of_revision)), "The revision's timeline: drafting, edits, submission, every vote and the decision", gives Vec<mamori_shared::api::timeline::HistoryEntry>;
        POST "/revisions/{revision_id}/edit" => edit, Permit(A::DOCUMENT_DRAFT, T::Via("revision_id", DOCUMENT, document_of_revision)), "Edit the draft (If-Match); every vote cast on the previous text is withdrawn", takes r::DraftBody, gives r::RevisionView, if_match = true;
        POST "/revisions/{revision_id}/submit" => submit, Permit(A::DOCUMENT_DRAFT, T::Via("revision_id", DOCUMENT, document_of_revision)), "Submit the draft to the committee in office today, under its rule for the document's kind (If-Match)", takes r::Submission, gives r::RevisionView, if_match = true;
        POST "/revisions/{revision_id}/discard" => discard, Permit(A::DOCUMENT_DRAFT, T::Via("revision_id", DOCUMENT, document_of_revision)), "Abandon the draft or the revision under review (If-Match)", takes mamori_shared::api::assets::Reason, gives r::RevisionView, if_match = true;
        POST "/revisions/{revision_id}/votes" => vote, Permit(A::DOCUMENT_VOTE, T::Via("revision_id", DOCUMENT, document_of_revision)), "Vote on the revision's text, named by its content hash (409 if it has changed); the decision follows as soon as the votes make it certain", takes r::VoteBody, gives r::RevisionView;
    }
}
