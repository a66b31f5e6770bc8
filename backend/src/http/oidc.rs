//! Single sign-on with an OpenID Connect provider (see [`crate::auth::oidc`]): the flow begins at
//! `/auth/oidc/start` and returns to `/auth/oidc/callback`, which starts an ordinary session, as
//! password sign-in does.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::auth::SsoStatus;
use mamori_shared::events::security::{SignInAttempted, SignInOutcome};
use serde::Deserialize;

use super::authorize::cookie;
use super::error::ApiError;
use super::extract::{ClientAddress, QueryParams};
use super::routes::{api_routes, Access, ApiRoute};
use super::sign_in::open_session;
use super::AppState;
use crate::auth::oidc::{Oidc, OidcError, FLOW_COOKIE, FLOW_LIFETIME_MICROS};
use crate::auth::security_log;
use crate::clock::now_micros;

/// Where a browser whose single sign-on failed is sent (the page says so).
const FAILED: &str = "/sign-in?sso=failed";

pub async fn status(State(state): State<AppState>) -> Json<SsoStatus> {
    Json(SsoStatus {
        configured: state.settings.oidc.is_some(),
    })
}

fn provider(state: &AppState) -> Result<&Oidc, ApiError> {
    state
        .settings
        .oidc
        .as_deref()
        .ok_or(OidcError::NotConfigured.into())
}

/// Whether the caller asked for JSON (an API client) rather than being a browser to redirect.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

fn failed() -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, HeaderValue::from_static(FAILED))],
    )
        .into_response()
}

pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let oidc = provider(&state)?;
    let started = match oidc.start(state.store.database(), now_micros()).await {
        Ok(started) => started,
        Err(error @ OidcError::Discovery(_)) if !wants_json(&headers) => {
            tracing::warn!(%error, "single sign-on cannot begin");
            return Ok(failed());
        }
        Err(error) => return Err(error.into()),
    };
    let location = HeaderValue::from_str(&started.authorize_url).map_err(ApiError::internal)?;
    let mut response = (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
    // Lax, not Strict: the provider sends the browser back by a cross-site navigation.
    let max_age = FLOW_LIFETIME_MICROS / 1_000_000;
    response.headers_mut().insert(
        header::SET_COOKIE,
        flow_cookie(&state, &started.flow_id, max_age)?,
    );
    Ok(response)
}

fn flow_cookie(state: &AppState, value: &str, max_age: i64) -> Result<HeaderValue, ApiError> {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{FLOW_COOKIE}={value}; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .map_err(ApiError::internal)
}

const CODE_MAX: usize = 4096;
const STATE_MAX: usize = 512;
const ERROR_MAX: usize = 512;
const ERROR_DESCRIPTION_MAX: usize = 4096;
const ISS_MAX: usize = 2048;
const SESSION_STATE_MAX: usize = 4096;

/// The provider's answer (RFC 6749 §4.1.2, RFC 9207's `iss`, OpenID session management's
/// `session_state`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CallbackQuery {
    /// The authorization code.
    #[schemars(length(max = CODE_MAX))]
    pub code: Option<String>,
    /// The state Mamori sent; must be the browser's flow's.
    #[schemars(length(max = STATE_MAX))]
    pub state: Option<String>,
    /// The provider's refusal (e.g. `access_denied`).
    #[schemars(length(max = ERROR_MAX))]
    pub error: Option<String>,
    /// Accepted, not used: the operators read the provider's own log.
    #[schemars(length(max = ERROR_DESCRIPTION_MAX))]
    pub error_description: Option<String>,
    /// The issuer that answers (RFC 9207).
    #[schemars(length(max = ISS_MAX))]
    pub iss: Option<String>,
    /// Accepted, not used (Mamori's session is its own).
    #[schemars(length(max = SESSION_STATE_MAX))]
    pub session_state: Option<String>,
}

impl CallbackQuery {
    /// Refuses what is longer than declared (400 naming it), before anything else is done with it.
    fn bounded(&self) -> Result<(), ApiError> {
        let fields = [
            ("code", &self.code, CODE_MAX),
            ("state", &self.state, STATE_MAX),
            ("error", &self.error, ERROR_MAX),
            (
                "error_description",
                &self.error_description,
                ERROR_DESCRIPTION_MAX,
            ),
            ("iss", &self.iss, ISS_MAX),
            ("session_state", &self.session_state, SESSION_STATE_MAX),
        ];
        for (name, value, max) in fields {
            if value.as_ref().is_some_and(|v| v.chars().count() > max) {
                return Err(ApiError::BadRequest {
                    detail: format!("{name} has more than {max} characters"),
                    field: Some(name.to_owned()),
                });
            }
        }
        Ok(())
    }
}

pub async fn callback(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    QueryParams(query): QueryParams<CallbackQuery>,
) -> Result<Response, ApiError> {
    query.bounded()?;
    let oidc = provider(&state)?;
    let flow_id = cookie(&headers, FLOW_COOKIE);
    let wants_json = wants_json(&headers);
    let outcome = sign_in(&state, oidc, flow_id.as_deref(), &query).await;
    let mut record = SignInAttempted {
        login: String::new(),
        person_id: None,
        address: address.clone(),
        outcome: SignInOutcome::Refused,
    };
    let mut response = match outcome {
        Ok((login, person_id)) => {
            record.login = login;
            let (_, cookie) = open_session(&state, &headers, &address, person_id).await?;
            record.person_id = Some(person_id);
            record.outcome = SignInOutcome::Succeeded;
            security_log::sign_in_attempted(&state.store, record).await;
            let mut response = (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, HeaderValue::from_static("/"))],
            )
                .into_response();
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            response
        }
        Err((login, error)) => {
            // Why, for the operators; never the code, tokens or secrets.
            tracing::warn!(%error, "single sign-on refused");
            record.login = login.unwrap_or_default();
            security_log::sign_in_attempted(&state.store, record).await;
            if wants_json {
                ApiError::from(error).into_response()
            } else {
                failed()
            }
        }
    };
    // The flow is used up, whatever the outcome.
    response
        .headers_mut()
        .append(header::SET_COOKIE, flow_cookie(&state, "", 0)?);
    Ok(response)
}

/// The person the provider vouches for, or why not (with the login, when it got that far).
async fn sign_in(
    state: &AppState,
    oidc: &Oidc,
    flow_id: Option<&str>,
    query: &CallbackQuery,
) -> Result<(String, uuid::Uuid), (Option<String>, OidcError)> {
    if let Some(error) = &query.error {
        // The flow ends here too: it cannot be completed later.
        let _ = oidc
            .complete(state.store.database(), flow_id, "", "", None, now_micros())
            .await;
        return Err((
            None,
            OidcError::ProviderRefused(error.chars().take(100).collect()),
        ));
    }
    let login = oidc
        .complete(
            state.store.database(),
            flow_id,
            query.state.as_deref().unwrap_or_default(),
            query.code.as_deref().unwrap_or_default(),
            query.iss.as_deref(),
            now_micros(),
        )
        .await
        .map_err(|e| (None, e))?;
    let person = state
        .projections
        .directory
        .read()
        .person_by_login(&login)
        .filter(|p| p.active)
        .map(|p| p.id);
    match person {
        Some(id) => Ok((login, id)),
        None => Err((Some(login), OidcError::UnknownLogin)),
    }
}

/// This file's routes (see [`routes::table`](super::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::auth as a;
    use Access::Public;
    api_routes! {
        GET "/auth/oidc" => status, Public, "Whether single sign-on (OpenID Connect) is offered", gives a::SsoStatus;
        GET "/auth/oidc/start" => start, Public, "Begin single sign-on: 302 to the identity provider (PKCE, state, nonce), with the flow's cookie; 404 when not configured", status 302;
        GET "/auth/oidc/callback" => callback, Public, "The identity provider's answer: on success a session (the session cookie) and 303 to /; otherwise 303 to /sign-in?sso=failed (401 problem+json to Accept: application/json)", status 303, query CallbackQuery;
    }
}
