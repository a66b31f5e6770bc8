use leptos::prelude::*;
use mamori_shared::api::assets::GrantView;

use crate::components::data_table::Column;
use crate::components::dates::format_instant;
use crate::components::labels::{access_key, grant_status_class, grant_status_key};
use crate::i18n::use_i18n;

/// The columns every list of grants shows after the one that names them (the asset, or the
/// person): the access, why, until when, in what state, since when.
pub fn grant_columns() -> Vec<Column<GrantView>> {
    let i18n = use_i18n();
    vec![
        Column::message("grant.access", |g: &GrantView| access_key(g.access)).class("nowrap"),
        Column::text("form.reason", |g: &GrantView| g.reason.clone()).class("multiline reason"),
        Column::text("grant.until", |g: &GrantView| g.until.clone()).class("nowrap"),
        Column::new("grant.status", move |g: &GrantView| {
            let key = grant_status_key(&g.status);
            view! {
                <span class=grant_status_class(&g.status) data-testid="grant-status">
                    {move || i18n.t(&key)}
                </span>
            }
            .into_any()
        })
        .csv(move |g| i18n.t(&grant_status_key(&g.status))),
        Column::text("grant.requested_at", |g: &GrantView| {
            format_instant(&g.requested_at)
        })
        .class("nowrap"),
    ]
}
