use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::organisation::{NewPerson as Registration, PersonView};
use uuid::Uuid;

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, PasswordField, Rule, Submit, TextField};
use crate::components::guard::RequirePermission;
use crate::components::page::Page;
use crate::components::submission::use_submission;
use crate::pages::organisation::person_edit::{parse_employment, PlacementFields};
use crate::pages::organisation::{
    person_href, EMAIL_CHARS, NAME_CHARS, READING_CHARS, STAFF_NUMBER_CHARS,
};
use crate::session::ORGANISATION_MANAGE;

/// A login, as the server takes it: 3 to 64 of a-z (A-Z is made lower case), 0-9, '.', '_', '-'.
const LOGIN: Rule = Rule {
    format: Some((valid_login, "person.login.invalid")),
    ..Rule::text(0)
};

fn valid_login(login: &str) -> bool {
    (3..=64).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
}

/// Registering a person, with their initial password (administrators only).
#[component]
pub fn NewPerson() -> impl IntoView {
    view! {
        <RequirePermission permission=ORGANISATION_MANAGE>
            <NewPersonForm/>
        </RequirePermission>
    }
}

#[component]
fn NewPersonForm() -> impl IntoView {
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let reading = RwSignal::new(String::new());
    let staff_number = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let employment = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let register = use_submission(move |person: PersonView| {
        navigate(&person_href(person.id), Default::default())
    })
    .says(|person| Message::new("people.registered").with("{name}", &person.name));
    let failure = register.failure();
    let on_submit = register.on_submit(move || {
        // The selects are checked before: one is chosen.
        let registration = Registration {
            name: name.get_untracked(),
            login: login.get_untracked(),
            department_id: Uuid::parse_str(&department.get_untracked()).ok()?,
            employment: parse_employment(&employment.get_untracked())?,
            password: password.get_untracked(),
            reading: Some(reading.get_untracked()),
            staff_number: Some(staff_number.get_untracked()),
            email: Some(email.get_untracked()),
        };
        Some(async move { api::post::<PersonView>("/people", &registration).await })
    });
    view! {
        <Page title="people.new">
            <form class="card form" novalidate on:submit=on_submit>
                <FormProblem
                    failure
                    shown=&["name", "reading", "staff_number", "email", "login", "department_id", "employment", "password"]
                />
                <TextField id="person-name" label="person.name" value=name field="name" failure required=true max_chars=NAME_CHARS/>
                <TextField id="person-reading" label="person.reading" value=reading field="reading" failure max_chars=READING_CHARS hint="reading.hint"/>
                <TextField id="person-staff-number" label="person.staff_number" value=staff_number field="staff_number" failure max_chars=STAFF_NUMBER_CHARS/>
                <TextField id="person-email" label="person.email" value=email field="email" failure kind="email" max_chars=EMAIL_CHARS hint="person.email.hint"/>
                <TextField
                    id="person-login"
                    label="person.login"
                    value=login
                    field="login"
                    failure
                    autocomplete="off"
                    rule=LOGIN
                    hint="person.login.hint"
                />
                <PlacementFields ids=("person-department", "person-employment") department employment failure/>
                <PasswordField
                    id="person-password"
                    label="person.initial_password"
                    value=password
                    field="password"
                    failure
                    new=true
                    hint="password.policy"
                />
                <div class="actions">
                    <Submit label="people.register" pending=register.pending()/>
                </div>
            </form>
        </Page>
    }
}
