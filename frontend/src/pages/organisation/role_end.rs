use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use mamori_shared::api::organisation::{PersonView, RoleEnd as Ending};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormProblem, Submit, TextField};
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
    let end = Action::new_local(move |ending: &Ending| {
        let ending = ending.clone();
        async move {
            api::post_at::<PersonView>(
                &format!("/people/{person_id}/roles/{assignment_id}/end"),
                version,
                &ending,
            )
            .await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(person)) = end.value().get() {
            updated.run(person);
        }
    });
    let failure = Signal::derive(move || end.value().get().and_then(Result::err));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let on = on.get_untracked();
        end.dispatch(Ending {
            on: Some(on).filter(|on| !on.is_empty()),
        });
    };
    // Ids of the inputs are per assignment: several of these forms share the page.
    let input_id = format!("end-{assignment_id}");
    view! {
        <details class="inline-action">
            <summary>{move || i18n.t("role.end")}</summary>
            <form class="form form-inline" on:submit=on_submit>
                <FormProblem failure shown=&["on"]/>
                <TextField id=input_id label="role.end.on" value=on field="on" failure kind="date" hint="role.end.hint"/>
                <Submit label="role.end.submit" pending=end.pending().into() danger=true/>
            </form>
        </details>
    }
}
