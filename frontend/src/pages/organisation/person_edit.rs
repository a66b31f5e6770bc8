use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use mamori_shared::api::organisation::{PersonChanges, PersonView};
use mamori_shared::organisation::EmploymentKind;
use uuid::Uuid;

use crate::api;
use crate::components::code_select::EmploymentSelect;
use crate::components::department_select::DepartmentSelect;
use crate::components::form::{FormProblem, Submit, TextField};

pub fn parse_employment(code: &str) -> Option<EmploymentKind> {
    EmploymentKind::ALL
        .into_iter()
        .find(|kind| kind.code() == code)
}

/// Changing a person's name, department and employment (at the version shown).
#[component]
pub fn PersonEdit(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let (id, version) = (person.id, person.version);
    let name = RwSignal::new(person.name);
    let department = RwSignal::new(person.department_id.to_string());
    let employment = RwSignal::new(person.employment.code().to_owned());
    let save = Action::new_local(move |changes: &PersonChanges| {
        let changes = changes.clone();
        async move { api::put_at::<PersonView>(&format!("/people/{id}"), version, &changes).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(person)) = save.value().get() {
            updated.run(person);
        }
    });
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let (Ok(department_id), Some(employment)) = (
            Uuid::parse_str(&department.get_untracked()),
            parse_employment(&employment.get_untracked()),
        ) else {
            return;
        };
        save.dispatch(PersonChanges {
            name: name.get_untracked(),
            department_id,
            employment,
        });
    };
    view! {
        <form class="form" on:submit=on_submit>
            <FormProblem failure shown=&["name", "department_id", "employment"]/>
            <TextField id="edit-name" label="person.name" value=name field="name" failure required=true/>
            <DepartmentSelect
                id="edit-department"
                label="person.department"
                value=department
                field="department_id"
                failure
            />
            <EmploymentSelect id="edit-employment" value=employment failure/>
            <div class="actions">
                <Submit label="form.save" pending=save.pending().into()/>
            </div>
        </form>
    }
}
