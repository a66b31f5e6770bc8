use leptos::prelude::*;
use mamori_shared::api::organisation::{PersonChanges, PersonView};
use mamori_shared::organisation::EmploymentKind;
use uuid::Uuid;

use crate::api;
use crate::components::code_select::{CodeSelect, Codes};
use crate::components::department_select::DepartmentSelect;
use crate::components::feedback::Message;
use crate::components::form::{FormFailure, FormProblem, Submit, TextField};
use crate::components::submission::use_submission;
use crate::pages::organisation::{EMAIL_CHARS, NAME_CHARS, READING_CHARS, STAFF_NUMBER_CHARS};

pub fn parse_employment(code: &str) -> Option<EmploymentKind> {
    EmploymentKind::ALL
        .into_iter()
        .find(|kind| kind.code() == code)
}

/// Where a person works: their department and kind of employment (`ids` of the two selects).
#[component]
pub fn PlacementFields(
    ids: (&'static str, &'static str),
    department: RwSignal<String>,
    employment: RwSignal<String>,
    failure: FormFailure,
) -> impl IntoView {
    view! {
        <DepartmentSelect id=ids.0 label="person.department" value=department field="department_id" failure/>
        <CodeSelect id=ids.1 codes=Codes::Employment value=employment failure/>
    }
}

/// Changing a person's name, department and employment (at the version shown).
#[component]
pub fn PersonEdit(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let (id, version) = (person.id, person.version);
    let name = RwSignal::new(person.name);
    let reading = RwSignal::new(person.reading.unwrap_or_default());
    let staff_number = RwSignal::new(person.staff_number.unwrap_or_default());
    let email = RwSignal::new(person.email.unwrap_or_default());
    let department = RwSignal::new(person.department_id.to_string());
    let employment = RwSignal::new(person.employment.code().to_owned());
    let save = use_submission(move |person: PersonView| updated.run(person))
        .says(|person| Message::new("person.saved").with("{name}", &person.name));
    let failure = save.failure();
    let on_submit = save.on_submit(move || {
        let changes = PersonChanges {
            name: name.get_untracked(),
            department_id: Uuid::parse_str(&department.get_untracked()).ok()?,
            employment: parse_employment(&employment.get_untracked())?,
            reading: Some(reading.get_untracked()),
            staff_number: Some(staff_number.get_untracked()),
            email: Some(email.get_untracked()),
        };
        Some(async move { api::put_at(&format!("/people/{id}"), version, &changes).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormProblem failure shown=&["name", "reading", "staff_number", "email", "department_id", "employment"]/>
            <TextField id="edit-name" label="person.name" value=name field="name" failure required=true max_chars=NAME_CHARS/>
            <TextField id="edit-reading" label="person.reading" value=reading field="reading" failure max_chars=READING_CHARS/>
            <TextField id="edit-staff-number" label="person.staff_number" value=staff_number field="staff_number" failure max_chars=STAFF_NUMBER_CHARS/>
            <TextField id="edit-email" label="person.email" value=email field="email" failure kind="email" max_chars=EMAIL_CHARS/>
            <PlacementFields ids=("edit-department", "edit-employment") department employment failure/>
            <div class="actions">
                <Submit label="form.save" pending=save.pending()/>
            </div>
        </form>
    }
}
