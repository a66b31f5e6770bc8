use leptos::prelude::*;
use mamori_shared::api::assets::GrantView;
use uuid::Uuid;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::data_table::{Column, DataTable};
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::grants::columns::grant_columns;
use crate::pages::grants::decision::GrantDecision;

/// The asset's access grants (for those who decide them, and the auditors): who asked for what and why, until when, in
/// what state; pending requests are decided and active grants revoked here.
#[component]
pub fn AssetGrants(asset_id: Uuid, revision: RwSignal<u64>) -> impl IntoView {
    let as_of = use_as_of();
    let grants = LocalResource::new(move || {
        revision.track();
        let path = as_of.path(&format!("/assets/{asset_id}/grants"));
        async move { api::get::<Vec<GrantView>>(&path).await }
    });
    let decided = Callback::new(move |_: GrantView| revision.update(|r| *r += 1));
    view! {
        <Section id="grants-heading" title="asset.grants">
            <Loaded value=move || grants.get() let:list>
                <GrantTable grants=list decided/>
            </Loaded>
        </Section>
    }
}

#[component]
fn GrantTable(grants: Vec<GrantView>, decided: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    let person = Column::text("grant.person", |g: &GrantView| g.person_name.clone());
    let action = Column::new("form.actions", move |grant: &GrantView| {
        // The decisions the server says are open to the caller on this grant.
        let pending = grant.status == "pending";
        let decidable = grant.allowed.as_ref().is_some_and(|open| !open.is_empty());
        let summary = if pending {
            "decision.decide"
        } else {
            "decision.revoke"
        };
        let grant = grant.clone();
        decidable
            .then(|| {
                view! {
                    <details class="inline-action">
                        <summary>{i18n.text(summary)}</summary>
                        <GrantDecision grant decided/>
                    </details>
                }
            })
            .into_any()
    });
    let mut columns = vec![person];
    columns.extend(grant_columns());
    columns.push(action);
    view! { <DataTable rows=grants columns testid="asset-grants" empty="asset.grants.none"/> }
}
