//! Classification schemes (§6(2)): the shipped ones, the adopted one, and switching.

use axum::extract::State;
use axum::Json;
use mamori_shared::api::assets::{AdoptScheme, Schemes};

use super::error::ApiError;
use super::extract::{Caller, JsonBody};
use super::AppState;
use crate::commands::assets::scheme_stream;
use crate::commands::execute;
use crate::domain::assets::{AssetError, SchemeChoice, SchemeCommand};

pub async fn list(State(state): State<AppState>) -> Json<Schemes> {
    let register = state.projections.register.read();
    Json(Schemes {
        adopted: register.scheme().id.clone(),
        schemes: register.schemes.clone(),
    })
}

pub async fn adopt(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<AdoptScheme>,
) -> Result<Json<Schemes>, ApiError> {
    let command = {
        let register = state.projections.register.read();
        let new = register
            .schemes
            .iter()
            .find(|s| s.id == body.scheme_id)
            .cloned()
            .ok_or(AssetError::UnknownScheme)?;
        SchemeCommand::Adopt {
            current: register.scheme().clone(),
            new,
            codes_in_use: register.codes_in_use(),
            mapping: body.mapping.into_iter().map(|m| (m.from, m.to)).collect(),
        }
    };
    let done = execute::<SchemeChoice>(
        &state.store,
        &scheme_stream(),
        None,
        command,
        caller.metadata(),
    )
    .await?;
    state.settle(done.appended.map(|a| a.last_position)).await?;
    Ok(list(State(state)).await)
}
