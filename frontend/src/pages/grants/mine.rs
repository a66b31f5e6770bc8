use super::asset_label;
use leptos::prelude::*;
use mamori_shared::api::assets::{GrantView, InquiryView, Reason};

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::data_table::{link, Column, DataTable};
use crate::components::feedback::Message;
use crate::components::guard::allows;
use crate::components::page::{ActionLink, Page};
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::assets::{asset_href, use_register_changes};
use crate::pages::grants::columns::grant_columns;
use crate::pages::grants::inquiry::MyInquiries;

/// My access requests and grants, newest first, with their state; and my requests by description.
/// A pending one can be withdrawn.
#[component]
pub fn MyRequests() -> impl IntoView {
    let grants = use_register_changes().resource::<Vec<GrantView>>("/grants/mine");
    let as_of = use_as_of();
    let inquiries = LocalResource::new(move || {
        let path = as_of.path("/inquiries/mine");
        async move { api::get::<Vec<InquiryView>>(&path).await }
    });
    // A withdrawal of a request for an asset I cannot see sends me no live change: reload.
    let changed = Callback::new(move |_: GrantView| grants.refetch());
    let inquiry_changed = Callback::new(move |_: InquiryView| inquiries.refetch());
    let actions =
        move || view! { <ActionLink href="/grants/request" label="grant.request.heading"/> };
    view! {
        <Page title="nav.my_requests" wide=true lead="mine.lead" actions as_of=true>
            <Loaded value=move || grants.get() let:list>
                <GrantTable grants=list changed/>
            </Loaded>
            <Section id="my-inquiries-heading" title="inquiry.mine">
                <Loaded value=move || inquiries.get() let:list>
                    <MyInquiries inquiries=list changed=inquiry_changed/>
                </Loaded>
            </Section>
        </Page>
    }
}

#[component]
fn GrantTable(grants: Vec<GrantView>, changed: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    // An asset I may not see yet has no page for me: its label, without a link.
    let asset = Column::new("grant.asset", move |g: &GrantView| {
        if g.asset_name.is_empty() {
            view! { <span class="muted">{asset_label(i18n, g)}</span> }.into_any()
        } else {
            link(asset_href(g.asset_id), asset_label(i18n, g))
        }
    })
    .csv(move |g| asset_label(i18n, g));
    let mut columns = vec![asset];
    columns.extend(grant_columns());
    columns.push(Column::new("form.actions", move |g: &GrantView| {
        let grant = g.clone();
        allows(g.allowed.as_deref(), "withdraw")
            .then(|| view! { <WithdrawGrant grant changed/> })
            .into_any()
    }));
    view! {
        <DataTable rows=grants columns testid="my-grants" empty="mine.none" csv="my-requests.csv"/>
    }
}

#[component]
fn WithdrawGrant(grant: GrantView, changed: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (grant.id, grant.version);
    let withdraw = use_submission(move |grant: GrantView| changed.run(grant))
        .says(|_| Message::new("grant.withdrawn"));
    let busy = withdraw.pending();
    let send = move |_| {
        let body = Reason {
            reason: String::new(),
        };
        let path = format!("/grants/{id}/withdraw");
        withdraw.attempt(|| Some(async move { api::post_at(&path, version, &body).await }));
    };
    view! {
        <button type="button" class="button" disabled=busy on:click=send data-testid="grant-withdraw">
            {i18n.text("decision.withdraw")}
        </button>
    }
}
