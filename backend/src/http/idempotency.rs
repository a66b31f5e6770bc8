//! `Idempotency-Key` on state-changing requests (the IETF httpapi idempotency-key draft): a client
//! that did not get an answer (a timeout, a dropped connection) sends the same request again with the
//! same key, and gets the first answer instead of a second command. Keys are per caller; the same
//! key with another method, path or body is refused (422); a retry while the first request is still
//! being answered gets 409. Answers are kept for a day (`idempotency_keys`, operational state); a
//! 5xx answer is not kept, since a failed command wrote nothing and may be tried again.
//!
//! It runs after the authorizing layer (it needs the caller) and before the handler.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::extract::Caller;
use super::{body_limit, AppState};
use crate::clock::now_micros;
use crate::with_pool;

pub const HEADER: &str = "idempotency-key";
/// How long an answer is replayed.
const KEEP_MICROS: i64 = 24 * 3600 * 1_000_000;
/// A first request still unanswered after this long was cut off (the process stopped): its key may
/// be used again.
const ABANDONED_MICROS: i64 = 5 * 60 * 1_000_000;
/// Answers kept per caller and day: what a signed-in caller can make the table hold is bounded
/// (past it, a request with a key is refused with 429; without a key it runs as usual).
const MAX_KEPT_PER_CALLER: i64 = 10_000;
/// Answers larger than this are not kept (the retry then runs the command again, as without a key).
const MAX_KEPT_BYTES: usize = 1024 * 1024;
/// The response headers a replay carries.
const REPLAYED: [HeaderName; 3] = [header::CONTENT_TYPE, header::ETAG, header::LOCATION];

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match run(&state, request, next).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn run(state: &AppState, request: Request, next: Next) -> Result<Response, ApiError> {
    if request.method().is_safe() {
        return Ok(next.run(request).await);
    }
    let Some(key) = request.headers().get(HEADER) else {
        return Ok(next.run(request).await);
    };
    let key = valid_key(key)?;
    let principal = request
        .extensions()
        .get::<Caller>()
        .map(|caller| caller.principal_id.to_string())
        .ok_or_else(|| ApiError::internal("Idempotency-Key on a route without a caller"))?;
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, body_limit(parts.uri.path()))
        .await
        .map_err(|error| {
            let too_large = error
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if too_large {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest {
                    detail: "the request body cannot be read".into(),
                    field: None,
                }
            }
        })?;
    let fingerprint = fingerprint(parts.method.as_str(), parts.uri.path(), &body);
    let db = state.store.database();
    let now = now_micros();
    with_pool!(db, pool => {
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1 OR (status IS NULL AND created_at < $2 AND principal = $3 AND key = $4)")
            .bind(now - KEEP_MICROS)
            .bind(now - ABANDONED_MICROS)
            .bind(&principal)
            .bind(&key)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    let kept: i64 = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys WHERE principal = $1")
            .bind(&principal)
            .fetch_one(pool)
            .await
    })?;
    if kept >= MAX_KEPT_PER_CALLER {
        return Err(ApiError::RateLimited);
    }
    let claimed = with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO idempotency_keys (principal, key, request_hash, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&principal)
        .bind(&key)
        .bind(&fingerprint)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
    })? == 1;
    if !claimed {
        return replay(state, &principal, &key, &fingerprint).await;
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    keep(state, &principal, &key, response).await
}

fn valid_key(value: &HeaderValue) -> Result<String, ApiError> {
    let text = value.to_str().unwrap_or_default().trim();
    let ok = (1..=255).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(text.to_owned())
    } else {
        Err(ApiError::BadRequest {
            detail: "Idempotency-Key must be 1 to 255 visible ASCII characters".into(),
            field: Some("Idempotency-Key".into()),
        })
    }
}

fn fingerprint(method: &str, path: &str, body: &Bytes) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update([0]);
    hasher.update(path.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    hex::encode(hasher.finalize())
}

type Kept = (String, Option<i32>, Option<String>, Option<Vec<u8>>);

async fn replay(
    state: &AppState,
    principal: &str,
    key: &str,
    fingerprint: &str,
) -> Result<Response, ApiError> {
    let row: Option<Kept> = with_pool!(state.store.database(), pool => {
        sqlx::query_as(
            "SELECT request_hash, status, headers, body FROM idempotency_keys \
             WHERE principal = $1 AND key = $2",
        )
        .bind(principal)
        .bind(key)
        .fetch_optional(pool)
        .await
    })?;
    let Some((hash, status, headers, body)) = row else {
        // Expired or abandoned between our insert and this read: ask for a retry.
        return Err(ApiError::IdempotencyInProgress);
    };
    if hash != fingerprint {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let (Some(status), Some(headers), Some(body)) = (status, headers, body) else {
        return Err(ApiError::IdempotencyInProgress);
    };
    let status = StatusCode::from_u16(status as u16).map_err(ApiError::internal)?;
    let headers: Vec<(String, String)> =
        serde_json::from_str(&headers).map_err(ApiError::internal)?;
    let mut response = (status, body).into_response();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response.headers_mut().insert(
        HeaderName::from_static("idempotent-replayed"),
        HeaderValue::from_static("true"),
    );
    Ok(response)
}

/// Stores the answer for retries (or frees the key after a 5xx) and returns it.
async fn keep(
    state: &AppState,
    principal: &str,
    key: &str,
    response: Response,
) -> Result<Response, ApiError> {
    let db = state.store.database();
    let (parts, body) = response.into_parts();
    let body = to_bytes(body, MAX_KEPT_BYTES).await;
    if parts.status.is_server_error() || body.is_err() {
        // A failure (nothing was written), or too large to keep: the key is freed, the client may
        // try again.
        with_pool!(db, pool => {
            sqlx::query("DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2")
                .bind(principal)
                .bind(key)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        return Ok(match body {
            Ok(body) => Response::from_parts(parts, Body::from(body)),
            Err(_) => ApiError::internal("an answer too large to keep for Idempotency-Key")
                .into_response(),
        });
    }
    let body = body.map_err(ApiError::internal)?;
    let headers: Vec<(String, String)> = REPLAYED
        .iter()
        .filter_map(|name| {
            let value = parts.headers.get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    let headers = serde_json::to_string(&headers).map_err(ApiError::internal)?;
    with_pool!(db, pool => {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $1, headers = $2, body = $3 \
             WHERE principal = $4 AND key = $5",
        )
        .bind(i32::from(parts.status.as_u16()))
        .bind(&headers)
        .bind(body.to_vec())
        .bind(principal)
        .bind(key)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(Response::from_parts(parts, Body::from(body)))
}
