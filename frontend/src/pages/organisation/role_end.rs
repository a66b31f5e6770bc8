use leptos::prelude::*;
use mamori_shared::api::organisation::{PersonView, RoleEnd as Ending};
use uuid::Uuid;

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;

/// Ending one role assignment on a last day (today when left empty).
#[component]
pub fn RoleEnd(
    person_id: Uuid,
    version: u64,
    assignment_id: Uuid,
    updated: Callback<PersonView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let on = RwSignal::new(String::new());
    let end = use_submission(move |person: PersonView| updated.run(person))
        .says(|person| Message::new("role.ended_done").with("{name}", &person.name));
    let failure = end.failure();
    let on_submit = end.on_submit(move || {
        let ending = Ending {
            on: Some(on.get_untracked()).filter(|on| !on.is_empty()),
        };
        let path = format!("/people/{person_id}/roles/{assignment_id}/end");
        Some(async move { api::post_at(&path, version, &ending).await })
    });
    // Ids of the inputs are per assignment: several of these forms share the page.
    let input_id = format!("end-{assignment_id}");
    view! {
        <details class="inline-action">
            <summary>{i18n.text("role.end")}</summary>
            <form class="form form-inline" novalidate on:submit=on_submit>
                <FormProblem failure shown=&["on"]/>
                <TextField id=input_id label="role.end.on" value=on field="on" failure kind="date" hint="role.end.hint"/>
                <Submit label="role.end.submit" pending=end.pending() danger=true/>
            </form>
        </details>
    }
}
