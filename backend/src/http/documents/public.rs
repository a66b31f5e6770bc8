//! The basic policy in force, public (§11(1)): as JSON for the organisation's website and as a
//! printable page. Cedar still decides, for a visitor: only what the policies make public is served.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::documents::{PublicDocument, PublicTranslation};
use mamori_shared::documents::DocumentKind;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

use crate::authz::{Action, Resource};
use crate::domain::format_date;
use crate::http::error::ApiError;
use crate::http::routes::{api_routes, Access, ApiRoute};
use crate::http::AppState;
use crate::text::{markdown, page};

/// The organisation's name on the public page.
const ORGANISATION: &str = "宮城県市町村自治振興センター";

/// The basic policy last rendered, by its revision: a version in force never changes, so what
/// anyone may ask without signing in costs a Cedar decision and a lookup, not a rendering.
static RENDERED: Mutex<Option<(Uuid, Arc<PublicDocument>)>> = Mutex::new(None);

/// The basic policy in force that a visitor may read, if there is one.
fn basic_policy(state: &AppState) -> Option<Arc<PublicDocument>> {
    let snapshot = state.projections.snapshot();
    let world = snapshot.world();
    let documents = &world.documents;
    let mut candidates: Vec<_> = documents
        .documents
        .values()
        .filter(|d| d.kind == DocumentKind::BasicPolicy && d.in_force.is_some())
        .filter(|d| {
            state
                .authz
                .visitor_allowed(world, Action::DOCUMENT_VIEW, Resource::document(d.id))
        })
        .collect();
    candidates.sort_by_key(|d| d.id);
    let document = candidates.first()?;
    let revision = documents.in_force(document.id)?;
    let mut rendered = RENDERED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((id, cached)) = rendered.as_ref() {
        if *id == revision.id {
            return Some(cached.clone());
        }
    }
    let published = revision.published.as_ref()?;
    let content = &revision.content;
    let public = Arc::new(PublicDocument {
        document_id: document.id,
        title: document.title.clone(),
        version: published.version,
        effective_date: format_date(published.effective_date),
        content_hash: content.content_hash.clone(),
        text: content.text.clone(),
        html: markdown::to_html(&content.text),
        translation: content.translation.as_ref().map(|text| PublicTranslation {
            title: document
                .title_en
                .clone()
                .unwrap_or_else(|| document.title.clone()),
            text: text.clone(),
            html: markdown::to_html_with_id_prefix(text, "en-h"),
        }),
    });
    *rendered = Some((revision.id, public.clone()));
    Some(public)
}

pub async fn json(State(state): State<AppState>) -> Result<Json<PublicDocument>, ApiError> {
    state.projections_ready()?;
    basic_policy(&state)
        .map(|document| Json(PublicDocument::clone(&document)))
        .ok_or(ApiError::NotFound)
}

/// `/basic-policy`: the page itself (outside the app: no script, its own CSP).
pub async fn html(State(state): State<AppState>) -> Response {
    if let Err(error) = state.projections_ready() {
        return error.into_response();
    }
    let Some(document) = basic_policy(&state) else {
        return ApiError::NotFound.into_response();
    };
    let body = page::render(&page::PublicPage {
        title: &document.title,
        version: document.version,
        effective_date: &document.effective_date,
        content_hash: &document.content_hash,
        body_html: &document.html,
        translation: document
            .translation
            .as_ref()
            .map(|t| (t.title.as_str(), t.html.as_str())),
        json_path: "/api/v1/public/basic-policy",
        organisation: ORGANISATION,
    });
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    if let Ok(csp) = HeaderValue::from_str(&page::content_security_policy()) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::documents as r;
    api_routes! {
        GET "/public/basic-policy" => json, Access::Public, "The basic policy in force (情報セキュリティ基本方針, public by §11(1)), with its version, effective date, content hash and English translation if any; decided by Cedar for a visitor (no sign-in)", gives r::PublicDocument;
    }
}
