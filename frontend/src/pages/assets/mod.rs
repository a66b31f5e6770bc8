//! The asset register (情報資産台帳, seed §2(3), §6(2)): the register, one asset with its
//! classification, grants and history, registering, classifying and managing assets.

use mamori_shared::api::assets::RegisterChange;
use uuid::Uuid;

use crate::components::live::{use_live, LiveChanges};

pub mod classify;
pub mod detail;
pub mod details;
pub mod filters;
pub mod grants;
pub mod history;
pub mod import;
pub mod manage;
pub mod new;
pub mod register;
pub mod routes;

/// Where the register lives in the app. Not under `/assets/`: the server keeps that prefix for the
/// app's own (hashed) files, so a reload of `/assets/<id>` would answer "not found".
pub const REGISTER: &str = "/register";

/// The page of one asset.
pub fn asset_href(id: Uuid) -> String {
    format!("{REGISTER}/{id}")
}

/// The page that registers an asset.
pub const NEW_ASSET: &str = "/register/new";

/// The page that imports a register kept in Excel or CSV.
pub const IMPORT: &str = "/register/import";

/// The register's live stream: which asset changed (only of assets the person may see).
const REGISTER_STREAM: &str = "/api/v1/assets/events";

/// The register's changes while the calling screen is open (see [`use_live`]).
pub fn use_register_changes() -> LiveChanges {
    use_live(REGISTER_STREAM)
}

/// Whether the latest change may concern the asset `id` (a change of the scheme concerns all).
pub fn concerns(changes: LiveChanges, id: &str) -> bool {
    changes
        .last::<RegisterChange>()
        .is_none_or(|change| change.asset_id.is_none_or(|asset| asset.to_string() == id))
}
