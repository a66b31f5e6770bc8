//! The asset register (情報資産台帳, seed §2(3), §6(2)): the register, one asset with its
//! classification, grants and history, registering, classifying and managing assets.

use uuid::Uuid;

pub mod classify;
pub mod detail;
pub mod filters;
pub mod grants;
pub mod history;
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
