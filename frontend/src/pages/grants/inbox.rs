use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::assets::{GrantView, InquiryView};

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::dates::format_instant;
use crate::components::labels::access_name;
use crate::components::page::Page;
use crate::components::section::Section;
use crate::components::status::LoadedList;
use crate::i18n::use_i18n;
use crate::pages::assets::{asset_href, use_register_changes};
use crate::pages::grants::decision::GrantDecision;
use crate::pages::grants::inquiry::InquiryCard;

/// The approvals inbox (承認待ち): pending requests for access to assets I manage, oldest first. My
/// own requests are never in it: nobody approves their own.
#[component]
pub fn ApprovalsInbox() -> impl IntoView {
    let inbox = use_register_changes().resource::<Vec<GrantView>>("/grants/inbox");
    let as_of = use_as_of();
    let inquiries = LocalResource::new(move || {
        let path = as_of.path("/inquiries/inbox");
        async move { api::get::<Vec<InquiryView>>(&path).await }
    });
    // The decision is said by the form that made it.
    let decided = Callback::new(move |_: GrantView| inbox.refetch());
    let answered = Callback::new(move |_: InquiryView| {
        inquiries.refetch();
        inbox.refetch();
    });
    view! {
        <Page title="nav.inbox" lead="inbox.lead" as_of=true>
            <LoadedList value=move || inbox.get() empty="inbox.none" empty_testid="inbox-empty" let:list>
                <ul class="requests" data-testid="inbox">
                    {list.into_iter().map(|grant| view! { <RequestCard grant decided/> }).collect_view()}
                </ul>
            </LoadedList>
            <Section id="inquiries-heading" title="inquiry.inbox">
                <LoadedList value=move || inquiries.get() empty="inquiry.inbox.none" empty_testid="inquiries-empty" let:list>
                    <ul class="requests" data-testid="inquiries">
                        {list.into_iter().map(|inquiry| view! { <InquiryCard inquiry answered/> }).collect_view()}
                    </ul>
                </LoadedList>
            </Section>
        </Page>
    }
}

#[component]
fn RequestCard(grant: GrantView, decided: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    let href = asset_href(grant.asset_id);
    let access = grant.access;
    let heading_id = format!("request-{}", grant.id);
    let labelled_by = heading_id.clone();
    let decision = grant.clone();
    view! {
        <li class="card request" aria-labelledby=labelled_by data-testid="inbox-request">
            <h2 id=heading_id>
                <A href=href>{grant.asset_name.clone()}</A>
            </h2>
            <dl class="facts">
                <dt>{i18n.text("grant.person")}</dt>
                <dd data-testid="request-person">{grant.person_name.clone()}</dd>
                <dt>{i18n.text("grant.access")}</dt>
                <dd>{move || access_name(i18n, access)}</dd>
                <dt>{i18n.text("form.reason")}</dt>
                <dd class="multiline">{grant.reason.clone()}</dd>
                <dt>{i18n.text("grant.until")}</dt>
                <dd>{grant.until.clone()}</dd>
                <dt>{i18n.text("grant.requested_at")}</dt>
                <dd>{format_instant(&grant.requested_at)}</dd>
            </dl>
            <GrantDecision grant=decision decided/>
        </li>
    }
}
