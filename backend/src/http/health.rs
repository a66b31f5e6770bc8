//! Probes: `/healthz` (the process answers), `/readyz` (it can serve: database reachable, projections
//! running) and `/api/v1/health` (what the dashboard shows).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use mamori_shared::api::health::{DatabaseHealth, Health, ServiceStatus};

use super::error::ApiError;
use super::routes::{api_routes, Access, ApiRoute};
use super::AppState;

pub async fn live() -> &'static str {
    "ok"
}

pub async fn ready(State(state): State<AppState>) -> Result<(StatusCode, &'static str), ApiError> {
    state
        .store
        .database()
        .ping()
        .await
        .map_err(|e| ApiError::Unavailable(format!("database: {e}")))?;
    let store = state.store.health();
    if let Some(error) = store.writer.or(store.reader) {
        return Err(ApiError::Unavailable(format!("event store: {error}")));
    }
    state.projections_ready()?;
    Ok((StatusCode::OK, "ready"))
}

pub async fn health(State(state): State<AppState>) -> Json<Health> {
    let db = state.store.database();
    let reachable = db.ping().await.is_ok();
    let status = |ok| {
        if ok {
            ServiceStatus::Ok
        } else {
            ServiceStatus::Unavailable
        }
    };
    Json(Health {
        status: status(reachable && state.projections.failure().is_none()),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: DatabaseHealth {
            status: status(reachable),
            kind: db.kind().to_owned(),
            head_position: Some(state.store.head()),
        },
    })
}

/// This file's routes (see [`routes::table`](super::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::health as h;
    use Access::Public;
    api_routes! {
        GET "/health" => health, Public, "Server health and version", gives h::Health;
    }
}
