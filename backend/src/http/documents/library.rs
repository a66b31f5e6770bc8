//! The documents themselves (§9–§11): the list, a document, new drafts, comparisons, acknowledgement, preview.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mamori_shared::api::documents::{
    AcknowledgeBody, DiffSide, DocumentDiff, DocumentSummary, DraftBody, NewDocument, Preview,
    PreviewBody,
};
use mamori_shared::api::page::Page;
use mamori_shared::events::documents::DocumentCreated;
use serde::Deserialize;
use uuid::Uuid;

use super::views;
use crate::authz::documents::DOCUMENT;
use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::collation;
use crate::commands::{Commit, Executed};
use crate::domain::documents::content::{canonical, content_hash};
use crate::domain::documents::{
    Acknowledge, Acknowledgements, Document, DocumentCommand, DocumentError, Draft, Revision,
    RevisionCommand,
};
use crate::domain::organisation::OrganisationError;
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{path_uuid, Caller, Change, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::timeline;
use crate::http::AppState;
use crate::text::{diff, markdown};

/// Every document I may read, by kind (基本方針 first) and then in 五十音 order.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Json<Page<DocumentSummary>>, ApiError> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let day = world.day(today());
    let mut entries: Vec<_> = world.documents.documents.values().collect();
    entries.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| collation::compare((None, &a.title), (None, &b.title)))
            .then(a.id.cmp(&b.id))
    });
    let resources: Vec<Resource> = entries.iter().map(|d| Resource::document(d.id)).collect();
    let viewable = state.authz.allowed_each(
        world,
        caller.principal_id,
        Action::DOCUMENT_VIEW,
        &resources,
        day,
    );
    let reviewable = state.authz.allowed_each(
        world,
        caller.principal_id,
        Action::DOCUMENT_REVIEW,
        &resources,
        day,
    );
    let items: Vec<DocumentSummary> = entries
        .into_iter()
        .zip(viewable.into_iter().zip(reviewable))
        .filter(|(_, (view, _))| *view)
        .map(|(document, (_, reviews))| views::summary(&state, &caller, world, document, reviews))
        .collect();
    let page = params.page(items)?;
    respond::listed(&state, &caller, world, page, &[Action::DOCUMENTS_CREATE])
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NewDocument>,
) -> Result<Response, ApiError> {
    {
        // One read of the models at a time (a second on the same thread can deadlock).
        let snapshot = state.projections.snapshot();
        let departments = std::iter::once(&body.owner_department_id).chain(match &body.audience {
            mamori_shared::documents::Audience::Listed { departments, .. } => departments.iter(),
            _ => [].iter(),
        });
        for department in departments {
            if !snapshot.directory.departments.contains_key(department) {
                return Err(OrganisationError::UnknownDepartment.into());
            }
        }
        if body
            .implements_assets
            .iter()
            .any(|a| !snapshot.register.assets.contains_key(a))
        {
            return Err(ApiError::invalid(
                "implements_assets",
                "no asset has this id",
                "この ID の情報資産はありません",
            ));
        }
    }
    let id = Uuid::now_v7();
    let command = DocumentCommand::Create(DocumentCreated {
        document_id: id,
        kind: body.kind,
        title: body.title,
        title_en: body.title_en,
        owner_department_id: body.owner_department_id,
        audience: body.audience,
        visibility: body.visibility,
        implements_clause: body.implements_clause,
        implements_assets: body.implements_assets,
    });
    respond::create::<Document>(&state, &caller, id, command).await
}

pub fn draft_of(body: DraftBody) -> Draft {
    Draft {
        text: body.text,
        translation: body.translation,
        summary: body.summary,
        reason: body.reason,
        prompted_by: body.prompted_by,
        effective_from: body.effective_from,
    }
}

/// A new draft revision: opened on the document and drafted in one commit. The revision open
/// before, if any, must have been rejected or discarded (as read: its version is required).
pub async fn draft(change: Change<DraftBody>) -> Result<Response, ApiError> {
    let (state, caller, document_id, version, body) = change.parts();
    let open = {
        let documents = state.projections.documents.read();
        let document = documents
            .documents
            .get(&document_id)
            .ok_or(ApiError::NotFound)?;
        document
            .open_revision
            .and_then(|id| documents.revisions.get(&id))
            .filter(|r| r.published.is_none())
            .map(|r| (r.id, r.version, r.status.is_closed()))
    };
    let revision_id = Uuid::now_v7();
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<Document>(
            &state.store,
            &document_id,
            Some(version),
            DocumentCommand::OpenRevision {
                document_id,
                revision_id,
                open_closed: open.is_none_or(|(_, _, closed)| closed),
            },
        )
        .await?;
    commit
        .decide::<Revision>(
            &state.store,
            &revision_id,
            None,
            RevisionCommand::Draft {
                revision_id,
                document_id,
                author_id: caller.principal_id,
                draft: draft_of(body),
                today: today(),
            },
        )
        .await?;
    if let Some((open_id, open_version, _)) = open {
        commit.require::<Revision>(&open_id, open_version);
    }
    let done = commit.commit::<DocumentError>(&state.store).await?;
    let response =
        respond::answer::<Revision>(&state, &caller, revision_id, Executed::last_position(&done))
            .await?;
    Ok(respond::created::<Revision>(response, revision_id))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffQuery {
    /// A revision of the document; the version in force if absent.
    #[serde(default)]
    pub from: Option<Uuid>,
    /// A revision of the document; the revision open on it if absent.
    #[serde(default)]
    pub to: Option<Uuid>,
}

/// Two revisions of the document compared. Versions that have been in force are compared by its
/// readers; a revision not in force only by its reviewers (to others it does not exist).
pub async fn compare(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(query): QueryParams<DiffQuery>,
) -> Result<Json<DocumentDiff>, ApiError> {
    let document_id = path_uuid(&id)?;
    let snapshot = state.projections.snapshot();
    let world = snapshot.world();
    let documents = &world.documents;
    let document = documents
        .documents
        .get(&document_id)
        .ok_or(ApiError::NotFound)?;
    let reviews = state.authz.is_allowed(
        world,
        caller.principal_id,
        Action::DOCUMENT_REVIEW,
        Resource::document(document_id),
        today(),
    );
    let side = |id: Option<Uuid>| {
        let revision = id
            .and_then(|id| documents.revisions.get(&id))
            .filter(|r| r.document_id == document_id)
            .filter(|r| reviews || r.published.is_some())
            .ok_or(ApiError::NotFound)?;
        Ok::<_, ApiError>((
            DiffSide {
                revision_id: revision.id,
                version: revision.published.as_ref().map(|p| p.version),
                status: revision.status_code().to_owned(),
                content_hash: revision.content.content_hash.clone(),
            },
            revision.content.text.as_str(),
        ))
    };
    let (from, old) = side(query.from.or(document.in_force))?;
    let (to, new) = side(query.to.or(document.open_revision))?;
    Ok(Json(DocumentDiff {
        rows: diff::diff(old, new),
        from,
        to,
    }))
}

/// I acknowledge the version in force (周知・確認, §5), naming its text.
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AcknowledgeBody>,
) -> Result<Response, ApiError> {
    let document_id = path_uuid(&id)?;
    let (in_force, version) = {
        let documents = state.projections.documents.read();
        let document = documents
            .documents
            .get(&document_id)
            .ok_or(ApiError::NotFound)?;
        let in_force = documents.in_force(document_id).and_then(|r| {
            Some((
                r.id,
                r.published.as_ref()?.version,
                r.content.content_hash.clone(),
            ))
        });
        (in_force, document.version)
    };
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<Acknowledgements>(
            &state.store,
            &caller.principal_id,
            None,
            Acknowledge {
                person_id: caller.principal_id,
                document_id,
                content_hash: body.content_hash,
                in_force,
            },
        )
        .await?;
    // The version in force as read: a publication meanwhile makes this conflict.
    commit.require::<Document>(&document_id, version);
    let done = commit.commit::<DocumentError>(&state.store).await?;
    respond::answer::<Document>(&state, &caller, document_id, Executed::last_position(&done)).await
}

/// Markdown as it will show, and the hash its text will have.
pub async fn preview(JsonBody(body): JsonBody<PreviewBody>) -> Result<Json<Preview>, ApiError> {
    let text = canonical(&body.text)?;
    Ok(Json(Preview {
        html: markdown::to_html(&text),
        content_hash: content_hash(&text, None),
    }))
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::documents as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/documents" => list, Permit(A::DOCUMENTS_LIST, T::Organisation), "The policy documents I may read, with the version in force, the revision open (to its reviewers) and whether I must acknowledge it", gives mamori_shared::api::page::Page<r::DocumentSummary>, as_of = true, query crate::http::list::ListParams, filters ["offset", "limit"];
        POST "/documents" => create, Permit(A::DOCUMENTS_CREATE, T::Organisation), "Create a policy document (its text comes with its first draft)", takes r::NewDocument, gives r::DocumentView, status 201;
        POST "/documents/preview" => preview, Permit(A::DOCUMENTS_LIST, T::Organisation), "Markdown as it will show (raw HTML escaped) and the content hash of its canonical text", takes r::PreviewBody, gives r::Preview;
        GET "/documents/{document_id}" => respond::get::<Document>, Permit(A::DOCUMENT_VIEW, T::Path("document_id", DOCUMENT)), "A document: the text in force, its versions, my acknowledgement", gives r::DocumentView, as_of = true;
        GET "/documents/{document_id}/history" => timeline::history::<Document>, Permit(A::DOCUMENT_REVIEW, T::Path("document_id", DOCUMENT)), "The document's timeline: its creation, the revisions opened on it, the versions that took effect", gives Vec<mamori_shared::api::timeline::HistoryEntry>;
        GET "/documents/{document_id}/diff" => compare, Permit(A::DOCUMENT_VIEW, T::Path("document_id", DOCUMENT)), "Two revisions compared line by line, with the characters changed within a line (?from=&to=: revision ids; the version in force and the open revision by default)", gives r::DocumentDiff, query DiffQuery;
        POST "/documents/{document_id}/revisions" => draft, Permit(A::DOCUMENT_DRAFT, T::Path("document_id", DOCUMENT)), "Draft a revision of the document (If-Match: the document's version); refused while another is open", takes r::DraftBody, gives r::RevisionView, status 201, if_match = true;
        POST "/documents/{document_id}/acknowledge" => acknowledge, Permit(A::DOCUMENT_ACKNOWLEDGE, T::Path("document_id", DOCUMENT)), "Acknowledge the version in force, naming its content hash (a superseded version is refused)", takes r::AcknowledgeBody, gives r::DocumentView;
    }
}

impl From<DocumentError> for ApiError {
    fn from(error: DocumentError) -> Self {
        use DocumentError as E;
        match error {
            E::NotFound => Self::NotFound,
            E::AuthorMayNotVote | E::NotInElectorate => Self::Forbidden,
            E::InvalidTitle => Self::invalid(
                "title",
                "1 to 200 characters",
                "1〜200文字で入力してください",
            ),
            E::InvalidText => Self::invalid(
                "text",
                &error.to_string(),
                "本文は1〜200,000文字で、制御文字を含めないでください",
            ),
            E::InvalidField { field, limit } => Self::Invalid {
                field: field.into(),
                message: limit.into(),
                message_ja: match limit {
                    "a date (YYYY-MM-DD)" => "日付（YYYY-MM-DD）で入力してください".into(),
                    "today or later" => "今日以降の日付にしてください".into(),
                    "64 lower-case hexadecimal digits" => {
                        "内容ハッシュは64桁の16進数（小文字）です".into()
                    }
                    other => format!("入力が制限を超えています（{other}）"),
                },
            },
            E::VisibilityOfKind => Self::Invalid {
                field: "visibility".into(),
                message: error.to_string(),
                message_ja:
                    "公開できるのは基本方針だけです。対策基準・実施手順は非公開です（基本方針11）"
                        .into(),
            },
            E::StaleHash { .. } => Self::Conflict(format!(
                "{error} / 投票後に改定案が変更されました。最新の本文を確認してから投票してください"
            )),
            E::AlreadyExists
            | E::RevisionOpen
            | E::NotEditable
            | E::NotInReview
            | E::NoCommittee
            | E::NoChair
            | E::AlreadyVoted
            | E::NotApproved
            | E::NotDue(_)
            | E::NotInForce
            | E::AlreadyAcknowledged
            | E::TrainingNotHeld => Self::Conflict(error.to_string()),
            E::NotAVersion => Self::invalid(
                "covers",
                &error.to_string(),
                "施行されたことのある版を選んでください",
            ),
        }
    }
}
