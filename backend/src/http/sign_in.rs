//! Signing in and out (ASVS 5.0 V6, V7).

use std::time::Instant;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::auth::SignIn;
use mamori_shared::events::security::{SignInAttempted, SignInOutcome};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{Caller, ClientAddress, JsonBody};
use super::routes::{api_routes, Access, ApiRoute, Target};
use super::{me, AppState};
use crate::auth::{credentials, password, security_log, sessions, SESSION_COOKIE};
use crate::authz::Action;
use crate::clock::now_micros;

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    let login = body.login.trim().to_lowercase();
    let record = |person_id, outcome| SignInAttempted {
        login: login.clone(),
        person_id,
        address: address.clone(),
        outcome,
    };
    // A place in the password queue first: an attempt refused for want of one is not counted
    // against the account (the server was busy, the person did nothing wrong).
    let admitted = state.password_workers.admit().map_err(|_| {
        state.throttle.count_busy();
        ApiError::Busy
    })?;
    let reservation = match state.throttle.reserve(&login, &address, Instant::now()) {
        Ok(reservation) => reservation,
        Err(refused) => {
            if refused.record {
                security_log::sign_in_attempted(
                    &state.store,
                    record(None, SignInOutcome::RateLimited),
                )
                .await;
            }
            return Err(ApiError::RateLimited);
        }
    };
    let person = state
        .projections
        .directory
        .read()
        .person_by_login(&login)
        .map(|p| (p.id, p.active && p.password_sign_in));
    let stored = match person {
        Some((id, _)) => credentials::get(state.store.database(), id).await?,
        None => None,
    };
    let password = body.password;
    let verified = admitted
        .run(move || match stored {
            Some(hash) => password::verify(&password, &hash),
            None => {
                password::verify_nothing(&password);
                false
            }
        })
        .await
        .map_err(ApiError::internal)?;
    // A person whose password is turned off (single sign-on only) gets the wrong password's answer,
    // after the same work: the answer says nothing about the account.
    let person = person
        .filter(|(_, may_use_password)| verified && *may_use_password)
        .map(|(id, _)| id);
    // A refused attempt keeps its reservation: it is the failure the throttle counts.
    let Some(person_id) = person else {
        security_log::sign_in_attempted(&state.store, record(None, SignInOutcome::Refused)).await;
        return Err(ApiError::SignInRefused);
    };
    state.throttle.succeeded(reservation);
    let (session, cookie) = open_session(&state, &headers, &address, person_id).await?;
    security_log::sign_in_attempted(
        &state.store,
        record(Some(person_id), SignInOutcome::Succeeded),
    )
    .await;
    let me = me::view(&state, person_id, &session.csrf_token)?;
    let mut response = Json(me).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Starts a session for a person who proved who they are (a password, or single sign-on): the
/// session and the `Set-Cookie` that carries it.
pub(super) async fn open_session(
    state: &AppState,
    headers: &HeaderMap,
    address: &str,
    person_id: Uuid,
) -> Result<(sessions::Session, HeaderValue), ApiError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (session, token) = sessions::start(
        state.store.database(),
        person_id,
        address,
        user_agent,
        now_micros(),
    )
    .await?;
    let max_age = state.settings.sessions.absolute.as_secs();
    Ok((session, cookie_header(state, &token, max_age)?))
}

pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    sessions::end(state.store.database(), caller.session()?.id, now_micros()).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie_header(&state, "", 0)?);
    Ok(response)
}

pub(super) fn cookie_header(
    state: &AppState,
    token: &str,
    max_age: u64,
) -> Result<HeaderValue, ApiError> {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(ApiError::internal)
}

/// This file's routes (see [`routes::table`](super::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::auth as a;
    use Access::{Permit, Public};
    use Action as A;
    use Target as T;
    api_routes! {
        POST "/auth/sign-in" => sign_in, Public, "Sign in; sets the session cookie", takes a::SignIn, gives a::Me;
        POST "/auth/sign-out" => sign_out, Permit(A::SELF_VIEW, T::Caller), "End this session", status 204;
    }
}
