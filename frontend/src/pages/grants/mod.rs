//! Access grants (アクセス権, seed §6(5)): asking for access to an asset, my requests, and the
//! approvals inbox of those who manage assets.

pub mod columns;
pub mod decision;
pub mod inbox;
pub mod inquiry;
pub mod mine;
pub mod request;
pub mod routes;

use mamori_shared::api::assets::GrantView;

use crate::i18n::I18n;

/// How a grant names its asset: by name, or as "an asset not shown to you" when the server
/// withholds the name (the requester may not see the asset yet, and its name may itself be
/// confidential).
pub fn asset_label(i18n: I18n, grant: &GrantView) -> String {
    if grant.asset_name.is_empty() {
        i18n.t("grant.asset_hidden")
    } else {
        grant.asset_name.clone()
    }
}
