//! Classification schemes (§6(2)): the shipped ones, the adopted one, and switching.

use axum::extract::State;
use axum::Json;
use mamori_shared::api::assets::{AdoptScheme, Schemes};

use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::AppState;
use uuid::Uuid;

use crate::authz::Action;
use crate::commands::{Commit, Executed};
use crate::domain::assets::{Asset, AssetCommand, AssetError, SchemeChoice, SchemeCommand};
use crate::http::routes::{api_routes, Access, ApiRoute, Target};

pub async fn list(State(state): State<AppState>, as_of: AsOf) -> Json<Schemes> {
    let seen = as_of.read(&state);
    let register = &seen.world().models().register;
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
    // Read the register as of the newest commit, so that the assets classified just before are in it.
    state.settle(Some(state.store.head())).await?;
    let mapping: Vec<(String, String)> = body.mapping.into_iter().map(|m| (m.from, m.to)).collect();
    let (command, new, classified) = {
        let register = state.projections.register.read();
        let new = register
            .schemes
            .iter()
            .find(|s| s.id == body.scheme_id)
            .cloned()
            .ok_or(AssetError::UnknownScheme)?;
        let command = SchemeCommand::Adopt {
            current: register.scheme().clone(),
            new: new.clone(),
            codes_in_use: register.codes_in_use(),
            mapping: mapping.clone(),
        };
        let classified: Vec<Uuid> = register
            .assets
            .values()
            .filter(|a| a.classification.is_some())
            .map(|a| a.id)
            .collect();
        (command, new, classified)
    };
    // The adoption and every asset's reading under the new scheme, retired ones too, in one
    // commit, each asset at the version it was read at: no asset is left outside the scheme.
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<SchemeChoice>(&state.store, &(), None, command)
        .await?;
    let reason = format!(
        "分類基準「{}」の採用に伴う読み替え / mapped on adopting {}",
        new.name.ja, new.id
    );
    for asset_id in classified {
        let command = AssetCommand::AdoptScheme {
            asset_id,
            scheme: new.clone(),
            mapping: mapping.clone(),
            reason: reason.clone(),
        };
        commit
            .decide::<Asset>(&state.store, &asset_id, None, command)
            .await?;
    }
    let done = commit.commit::<AssetError>(&state.store).await?;
    state.settle(Executed::last_position(&done)).await?;
    Ok(list(State(state), AsOf::default()).await)
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::assets as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/classification/schemes" => list, Permit(A::ASSETS_LIST, T::Organisation), "The classification schemes and the adopted one", gives r::Schemes, as_of = true;
        POST "/classification/adopt" => adopt, Permit(A::ORGANISATION_MANAGE, T::Organisation), "Adopt another scheme, mapping every level in use", takes r::AdoptScheme, gives r::Schemes, as_of = true;
    }
}
