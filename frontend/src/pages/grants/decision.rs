use leptos::prelude::*;
use mamori_shared::api::assets::{GrantView, Reason};

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, ReasonField};
use crate::components::guard::allows;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;

/// Deciding a grant at the version shown: a pending request is approved or rejected, an active grant
/// revoked (a rejection or revocation needs a reason; the approval's is optional). The server refuses
/// the requester's own decision, whatever this form offers.
#[component]
pub fn GrantDecision(grant: GrantView, decided: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (grant.id, grant.version);
    let pending = grant.status == "pending";
    let allowed = grant.allowed.as_deref();
    let reason = RwSignal::new(String::new());
    let decide = use_submission(move |grant: GrantView| decided.run(grant))
        .says(move |grant| said(i18n, grant));
    let failure = decide.failure();
    let busy = decide.pending();
    let button = move |verb: &'static str, label: &'static str, class: &'static str| {
        let send = move |_| {
            let body = Reason {
                reason: reason.get_untracked(),
            };
            let path = format!("/grants/{id}/{verb}");
            decide.attempt(|| Some(async move { api::post_at(&path, version, &body).await }));
        };
        view! {
            <button
                type="button"
                class=class
                disabled=busy
                aria-busy=move || busy.get().then_some("true")
                on:click=send
            >
                {i18n.text(label)}
            </button>
        }
    };
    view! {
        <form class="form decision" novalidate on:submit=|event| event.prevent_default() data-testid="grant-decision">
            <FormProblem failure shown=&["reason"]/>
            <ReasonField
                id=format!("decision-{id}-reason")
                value=reason
                failure
                label=if pending { "decision.reason" } else { "form.reason" }
                required=!pending
            />
            // The decisions the server says are open to the caller.
            <div class="actions">
                {allows(allowed, "approve")
                    .then(|| button("approve", "decision.approve", "button button-primary"))}
                {allows(allowed, "reject")
                    .then(|| button("reject", "decision.reject", "button button-danger"))}
                {allows(allowed, "revoke")
                    .then(|| button("revoke", "decision.revoke", "button button-danger"))}
                {allows(allowed, "withdraw")
                    .then(|| button("withdraw", "decision.withdraw", "button"))}
            </div>
        </form>
    }
}

/// What a decision did: approved, rejected or revoked, whose access to what.
fn said(i18n: crate::i18n::I18n, grant: &GrantView) -> Message {
    let key = match grant.status.as_str() {
        "active" => "inbox.approved",
        "rejected" => "inbox.rejected",
        "withdrawn" => "grant.withdrawn",
        _ => "grant.revoked",
    };
    Message::new(key)
        .with("{person}", &grant.person_name)
        .with("{asset}", super::asset_label(i18n, grant))
}
