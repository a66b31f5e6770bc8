//! Extractors that turn bad input into problem+json 4xx, never a handler call.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::error::ApiError;
use super::AppState;
use crate::auth::sessions::Session;
use crate::store::{Metadata, Source};

/// A JSON body: refused with 415 if not JSON, 413 if over [`super::MAX_REQUEST_BYTES`], 400 naming
/// the field if it does not fit `T` (unknown fields, wrong types, malformed JSON).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let mime = v.split(';').next().unwrap_or_default().trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest {
                    detail: e.body_text(),
                    field: None,
                }
            }
        })?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            ApiError::BadRequest {
                detail: e.inner().to_string(),
                field: (path != ".").then_some(path),
            }
        })?;
        deserializer.end().map_err(|e| ApiError::BadRequest {
            detail: e.to_string(),
            field: None,
        })?;
        Ok(Self(value))
    }
}

/// The version a write is based on (`If-Match: "3"`), required on every change to an existing resource.
pub struct IfMatch(pub u64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let value = parts
            .headers
            .get(header::IF_MATCH)
            .ok_or(ApiError::PreconditionRequired)?;
        value
            .to_str()
            .ok()
            .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
            .and_then(|v| v.parse().ok())
            .map(IfMatch)
            .ok_or_else(|| ApiError::BadRequest {
                detail: "If-Match must be a version in quotes, e.g. \"3\"".into(),
                field: Some("If-Match".into()),
            })
    }
}

/// Who makes the request, put there by the authorizing layer (see `routes`): a person signed in,
/// or a client system with its token.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The Cedar principal: the person's id, or the client system's.
    pub principal_id: Uuid,
    pub via: Via,
    pub address: String,
}

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Via {
    Session(Session),
    Token { client_id: Uuid, token_id: Uuid },
}

impl Caller {
    /// The metadata of the events this caller's command writes.
    pub fn metadata(&self) -> Metadata {
        let source = match self.via {
            Via::Session(_) => Source::Web,
            Via::Token { .. } => Source::Api,
        };
        Metadata::by(self.principal_id.to_string(), source)
    }

    /// The browser session, for what only a person signed in does (their sessions, signing out):
    /// such routes are never in a token's scopes, so a token never gets here.
    pub fn session(&self) -> Result<&Session, ApiError> {
        match &self.via {
            Via::Session(session) => Ok(session),
            Via::Token { .. } => Err(ApiError::Forbidden),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::internal("a handler asked for the caller on a public route"))
    }
}

/// An ISO date (YYYY-MM-DD) of a request body, or a 422 naming `field`.
pub fn date_field(text: &str, field: &str) -> Result<time::Date, ApiError> {
    crate::domain::parse_date(text).ok_or_else(|| {
        ApiError::invalid(
            field,
            "a date is YYYY-MM-DD",
            "日付は YYYY-MM-DD の形式で入力してください",
        )
    })
}

/// A UUID in the path, or 404 (an id that cannot exist names nothing).
pub fn path_uuid(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::NotFound)
}

/// Query parameters: refused with a problem+json 400 naming what is wrong.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Self)
            .map_err(|e| {
                let path = e.path().to_string();
                ApiError::BadRequest {
                    detail: e.inner().to_string(),
                    field: (path != ".").then_some(path),
                }
            })
    }
}

/// The client's IP address (see [`super::authorize::client_address`]).
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Self(super::authorize::client_address(
            parts,
            &state.settings.trusted_proxies,
        )))
    }
}

/// A change to one resource, as every state-changing route on one takes it: who asks, which
/// resource (the path's id), the version they last saw (`If-Match`, 428 without it) and the body.
/// Extracted in that order, as separate extractors would be.
pub struct Change<T> {
    pub state: AppState,
    pub caller: Caller,
    pub id: Uuid,
    pub version: u64,
    pub body: T,
}

impl<T> Change<T> {
    /// The state, the caller, the resource's id, the version they saw and the body.
    pub fn parts(self) -> (AppState, Caller, Uuid, u64, T) {
        (self.state, self.caller, self.id, self.version, self.body)
    }
}

impl<T: DeserializeOwned> FromRequest<AppState> for Change<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let (mut parts, body) = request.into_parts();
        let caller = Caller::from_request_parts(&mut parts, state).await?;
        let params = RawPathParams::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let id = params
            .iter()
            .next()
            .map(|(_, value)| path_uuid(value))
            .ok_or(ApiError::NotFound)??;
        let IfMatch(version) = IfMatch::from_request_parts(&mut parts, state).await?;
        let JsonBody(body) =
            JsonBody::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Self {
            state: state.clone(),
            caller,
            id,
            version,
            body,
        })
    }
}
