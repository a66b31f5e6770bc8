use super::asset_label;
use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::assets::GrantView;

use crate::api;
use crate::components::dates::format_instant;
use crate::components::labels::{access_name, grant_status_class, grant_status_key};
use crate::components::live::use_register_changes;
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;
use crate::pages::assets::asset_href;

/// My access requests and grants, newest first, with their state.
#[component]
pub fn MyRequests() -> impl IntoView {
    let i18n = use_i18n();
    let changes = use_register_changes();
    let grants = LocalResource::new(move || {
        changes.reloads.track();
        api::get::<Vec<GrantView>>("/grants/mine")
    });
    view! {
        <section class="page page-wide">
            <div class="page-head">
                <h1>{move || i18n.t("nav.my_requests")}</h1>
                <div class="page-actions">
                    <A href="/grants/request" attr:class="button button-primary">
                        {move || i18n.t("grant.request.heading")}
                    </A>
                </div>
            </div>
            <p class="lead">{move || i18n.t("mine.lead")}</p>
            {move || match grants.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="empty">{move || i18n.t("mine.none")}</p> }.into_any()
                }
                Some(Ok(list)) => view! { <GrantTable grants=list/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn GrantTable(grants: Vec<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="my-grants">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("grant.asset")}</th>
                        <th scope="col">{move || i18n.t("grant.access")}</th>
                        <th scope="col">{move || i18n.t("form.reason")}</th>
                        <th scope="col">{move || i18n.t("grant.until")}</th>
                        <th scope="col">{move || i18n.t("grant.status")}</th>
                        <th scope="col">{move || i18n.t("grant.requested_at")}</th>
                    </tr>
                </thead>
                <tbody>
                    {grants
                        .into_iter()
                        .map(|grant| {
                            let href = asset_href(grant.asset_id);
                            let label = asset_label(&grant);
                            let access = grant.access;
                            let status_key = grant_status_key(&grant.status);
                            view! {
                                <tr>
                                    <th scope="row"><A href=href>{label}</A></th>
                                    <td class="nowrap">{move || access_name(i18n, access)}</td>
                                    <td class="multiline reason">{grant.reason.clone()}</td>
                                    <td class="nowrap">{grant.until.clone()}</td>
                                    <td>
                                        <span class=grant_status_class(&grant.status) data-testid="grant-status">
                                            {move || i18n.t(&status_key)}
                                        </span>
                                    </td>
                                    <td class="nowrap">{format_instant(&grant.requested_at)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
