use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::organisation::PersonView;

use crate::components::labels::{employment_name, role_with_scope};
use crate::i18n::use_i18n;

/// People as a table: name (to their record), login, department, employment, current roles, state.
#[component]
pub fn PeopleTable(people: Vec<PersonView>) -> impl IntoView {
    let i18n = use_i18n();
    if people.is_empty() {
        return view! { <p class="empty">{move || i18n.t("people.none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="people-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("person.name")}</th>
                        <th scope="col">{move || i18n.t("person.login")}</th>
                        <th scope="col">{move || i18n.t("person.department")}</th>
                        <th scope="col">{move || i18n.t("person.employment")}</th>
                        <th scope="col">{move || i18n.t("person.current_roles")}</th>
                        <th scope="col">{move || i18n.t("person.state")}</th>
                    </tr>
                </thead>
                <tbody>
                    {people.into_iter().map(|person| view! { <PersonRow person/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn PersonRow(person: PersonView) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/organisation/people/{}", person.id);
    let employment = person.employment;
    let active = person.active;
    let roles = person
        .roles
        .into_iter()
        .filter(|role| role.current)
        .map(|role| view! { <li class="role-chip">{move || role_with_scope(i18n, &role)}</li> })
        .collect_view();
    view! {
        <tr class:inactive=!active>
            <th scope="row"><A href=href>{person.name}</A></th>
            <td>{person.login}</td>
            <td>{person.department_name}</td>
            <td>{move || employment_name(i18n, employment)}</td>
            <td><ul class="roles">{roles}</ul></td>
            <td>
                {move || if active { i18n.t("person.active") } else { i18n.t("person.inactive") }}
            </td>
        </tr>
    }
}
