use leptos::prelude::*;
use mamori_shared::api::assets::GrantView;
use uuid::Uuid;

use crate::api;
use crate::components::dates::format_instant;
use crate::components::labels::{access_name, grant_status_class, grant_status_key};
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;
use crate::pages::grants::decision::GrantDecision;
use crate::session::use_session;

/// The asset's access grants (for those who manage it): who asked for what and why, until when, in
/// what state; pending requests are decided and active grants revoked here.
#[component]
pub fn AssetGrants(asset_id: Uuid, revision: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let grants = LocalResource::new(move || {
        revision.track();
        async move { api::get::<Vec<GrantView>>(&format!("/assets/{asset_id}/grants")).await }
    });
    let decided = Callback::new(move |_: GrantView| revision.update(|r| *r += 1));
    view! {
        <section class="section" aria-labelledby="grants-heading">
            <h2 id="grants-heading">{move || i18n.t("asset.grants")}</h2>
            {move || match grants.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="empty">{move || i18n.t("asset.grants.none")}</p> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <div class="table-scroll">
                            <table class="table" data-testid="asset-grants">
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t("grant.person")}</th>
                                        <th scope="col">{move || i18n.t("grant.access")}</th>
                                        <th scope="col">{move || i18n.t("form.reason")}</th>
                                        <th scope="col">{move || i18n.t("grant.until")}</th>
                                        <th scope="col">{move || i18n.t("grant.status")}</th>
                                        <th scope="col">{move || i18n.t("grant.requested_at")}</th>
                                        <th scope="col">{move || i18n.t("form.actions")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|grant| view! { <GrantRow grant decided/> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn GrantRow(grant: GrantView, decided: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let access = grant.access;
    let status_key = grant_status_key(&grant.status);
    // Decisions: a pending request of someone else, or an active grant.
    let decidable =
        (grant.status == "pending" && !session.is_me(grant.person_id)) || grant.status == "active";
    let summary = if grant.status == "pending" {
        "decision.decide"
    } else {
        "decision.revoke"
    };
    let action = decidable.then(|| {
        let grant = grant.clone();
        view! {
            <details class="inline-action">
                <summary>{move || i18n.t(summary)}</summary>
                <GrantDecision grant decided/>
            </details>
        }
    });
    view! {
        <tr>
            <th scope="row">{grant.person_name.clone()}</th>
            <td class="nowrap">{move || access_name(i18n, access)}</td>
            <td class="multiline reason">{grant.reason.clone()}</td>
            <td class="nowrap">{grant.until.clone()}</td>
            <td>
                <span class=grant_status_class(&grant.status) data-testid="grant-status">
                    {move || i18n.t(&status_key)}
                </span>
            </td>
            <td class="nowrap">{format_instant(&grant.requested_at)}</td>
            <td>{action}</td>
        </tr>
    }
}
