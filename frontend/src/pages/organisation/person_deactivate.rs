use leptos::prelude::*;
use mamori_shared::api::organisation::{Deactivation, PersonView};

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, ReasonField, Submit};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;

/// Deactivating a person, with the reason (it is kept in the history). Their sessions end at once.
#[component]
pub fn PersonDeactivate(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (person.id, person.version);
    let reason = RwSignal::new(String::new());
    let deactivate = use_submission(move |person: PersonView| updated.run(person))
        .says(|person| Message::new("person.deactivated").with("{name}", &person.name));
    let failure = deactivate.failure();
    let on_submit = deactivate.on_submit(move || {
        let deactivation = Deactivation {
            reason: reason.get_untracked(),
        };
        let path = format!("/people/{id}/deactivate");
        Some(async move { api::post_at(&path, version, &deactivation).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <p class="warning">{i18n.text("deactivate.warning")}</p>
            <FormProblem failure shown=&["reason"]/>
            <ReasonField id="deactivate-reason" label="deactivate.reason" value=reason failure/>
            <div class="actions">
                <Submit label="deactivate.submit" pending=deactivate.pending() danger=true/>
            </div>
        </form>
    }
}
