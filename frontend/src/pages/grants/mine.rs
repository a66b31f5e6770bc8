use super::asset_label;
use leptos::prelude::*;
use mamori_shared::api::assets::GrantView;

use crate::components::data_table::{link, Column, DataTable};
use crate::components::page::{ActionLink, Page};
use crate::components::status::Loaded;
use crate::pages::assets::{asset_href, use_register_changes};
use crate::pages::grants::columns::grant_columns;

/// My access requests and grants, newest first, with their state.
#[component]
pub fn MyRequests() -> impl IntoView {
    let grants = use_register_changes().resource::<Vec<GrantView>>("/grants/mine");
    let actions =
        move || view! { <ActionLink href="/grants/request" label="grant.request.heading"/> };
    view! {
        <Page title="nav.my_requests" wide=true lead="mine.lead" actions as_of=true>
            <Loaded value=move || grants.get() let:list>
                <GrantTable grants=list/>
            </Loaded>
        </Page>
    }
}

#[component]
fn GrantTable(grants: Vec<GrantView>) -> impl IntoView {
    let asset = Column::new("grant.asset", |g: &GrantView| {
        link(asset_href(g.asset_id), asset_label(g))
    })
    .csv(asset_label);
    let mut columns = vec![asset];
    columns.extend(grant_columns());
    view! {
        <DataTable rows=grants columns testid="my-grants" empty="mine.none" csv="my-requests.csv"/>
    }
}
