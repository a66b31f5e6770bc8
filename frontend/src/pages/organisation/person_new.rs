use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::organisation::{NewPerson as Registration, PersonView};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormProblem, PasswordField, Submit, TextField};
use crate::components::guard::RequirePermission;
use crate::components::page::Page;
use crate::components::submission::use_submission;
use crate::pages::organisation::person_edit::{parse_employment, PlacementFields};
use crate::pages::organisation::person_href;
use crate::session::ORGANISATION_MANAGE;

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
    let login = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let employment = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let register = use_submission(move |person: PersonView| {
        navigate(&person_href(person.id), Default::default())
    });
    let failure = register.failure();
    let on_submit = register.on_submit(move || {
        // The selects are required, so the browser has already refused an empty choice.
        let registration = Registration {
            name: name.get_untracked(),
            login: login.get_untracked(),
            department_id: Uuid::parse_str(&department.get_untracked()).ok()?,
            employment: parse_employment(&employment.get_untracked())?,
            password: password.get_untracked(),
        };
        Some(async move { api::post::<PersonView>("/people", &registration).await })
    });
    view! {
        <Page title="people.new">
            <form class="card form" on:submit=on_submit>
                <FormProblem
                    failure
                    shown=&["name", "login", "department_id", "employment", "password"]
                />
                <TextField id="person-name" label="person.name" value=name field="name" failure required=true/>
                <TextField
                    id="person-login"
                    label="person.login"
                    value=login
                    field="login"
                    failure
                    autocomplete="off"
                    required=true
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
