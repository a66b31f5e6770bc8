use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use mamori_shared::api::organisation::{Deactivation, PersonView};

use crate::api;
use crate::components::form::{has_error, FieldError, FormProblem, Submit};
use crate::i18n::use_i18n;

/// Deactivating a person, with the reason (it is kept in the history). Their sessions end at once.
#[component]
pub fn PersonDeactivate(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (person.id, person.version);
    let reason = RwSignal::new(String::new());
    let deactivate = Action::new_local(move |deactivation: &Deactivation| {
        let deactivation = deactivation.clone();
        async move {
            api::post_at::<PersonView>(&format!("/people/{id}/deactivate"), version, &deactivation)
                .await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(person)) = deactivate.value().get() {
            updated.run(person);
        }
    });
    let failure = Signal::derive(move || deactivate.value().get().and_then(Result::err));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        deactivate.dispatch(Deactivation {
            reason: reason.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=on_submit>
            <p class="warning">{move || i18n.t("deactivate.warning")}</p>
            <FormProblem failure shown=&["reason"]/>
            <div class="field">
                <label for="deactivate-reason">{move || i18n.t("deactivate.reason")}</label>
                <textarea
                    id="deactivate-reason"
                    name="reason"
                    required=true
                    rows="3"
                    aria-invalid=move || has_error(failure, "reason").then_some("true")
                    bind:value=reason
                ></textarea>
                <FieldError id="deactivate-reason-error".to_owned() field="reason" failure/>
            </div>
            <div class="actions">
                <Submit label="deactivate.submit" pending=deactivate.pending().into() danger=true/>
            </div>
        </form>
    }
}
