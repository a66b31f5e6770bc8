use leptos::prelude::*;
use mamori_shared::api::assets::{GrantView, Reason};

use crate::api;
use crate::components::form::{FormProblem, ReasonField};
use crate::i18n::use_i18n;

/// Deciding a grant at the version shown: a pending request is approved or rejected, an active grant
/// revoked (a rejection or revocation needs a reason; the approval's is optional). The server refuses
/// the requester's own decision, whatever this form offers.
#[component]
pub fn GrantDecision(grant: GrantView, decided: Callback<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (grant.id, grant.version);
    let pending = grant.status == "pending";
    let reason = RwSignal::new(String::new());
    let decide = Action::new_local(move |verb: &&'static str| {
        let verb = *verb;
        let body = Reason {
            reason: reason.get_untracked(),
        };
        async move { api::post_at::<GrantView>(&format!("/grants/{id}/{verb}"), version, &body).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(grant)) = decide.value().get() {
            decided.run(grant);
        }
    });
    let failure = Signal::derive(move || decide.value().get().and_then(Result::err));
    let busy = move || decide.pending().get();
    let button = move |verb: &'static str, label: &'static str, class: &'static str| {
        view! {
            <button
                type="button"
                class=class
                disabled=busy
                aria-busy=move || busy().then_some("true")
                on:click=move |_| {
                    decide.dispatch(verb);
                }
            >
                {move || i18n.t(label)}
            </button>
        }
    };
    view! {
        <form class="form decision" on:submit=|event| event.prevent_default() data-testid="grant-decision">
            <FormProblem failure shown=&["reason"]/>
            <ReasonField
                id=format!("decision-{id}-reason")
                value=reason
                failure
                label=if pending { "decision.reason" } else { "form.reason" }
                required=!pending
            />
            <div class="actions">
                {if pending {
                    view! {
                        {button("approve", "decision.approve", "button button-primary")}
                        {button("reject", "decision.reject", "button button-danger")}
                    }
                        .into_any()
                } else {
                    button("revoke", "decision.revoke", "button button-danger").into_any()
                }}
            </div>
        </form>
    }
}
