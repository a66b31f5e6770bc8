use leptos::prelude::*;
use mamori_shared::api::organisation::PersonView;

use crate::components::data_table::{link, Column, Columns, DataTable, Paging};
use crate::components::labels::{employment_key, role_with_scope};
use crate::i18n::use_i18n;
use crate::pages::organisation::person_href;

/// People as a table: name (to their record), 読み仮名, 職員番号, login, department, employment, current roles, state.
#[component]
pub fn PeopleTable(
    people: Vec<PersonView>,
    #[prop(default = None)] paging: Option<Paging>,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = Columns::from(vec![
        Column::new("person.name", |p: &PersonView| link(person_href(p.id), p.name.clone()))
        .csv(|p| p.name.clone()),
        Column::text("person.reading", |p: &PersonView| p.reading.clone().unwrap_or_default()),
        Column::text("person.staff_number", |p: &PersonView| {
            p.staff_number.clone().unwrap_or_default()
        }),
        Column::text("person.login", |p: &PersonView| p.login.clone()),
        Column::text("person.department", |p: &PersonView| p.department_name.clone()),
        Column::message("person.employment", |p: &PersonView| employment_key(p.employment)),
        Column::new("person.current_roles", move |p: &PersonView| {
            let roles = p
                .roles
                .iter()
                .filter(|role| role.current)
                .cloned()
                .map(|role| view! { <li class="role-chip">{move || role_with_scope(i18n, &role)}</li> })
                .collect_view();
            view! { <ul class="roles">{roles}</ul> }.into_any()
        }),
        Column::message("person.state", |p: &PersonView| {
            if p.active { "person.active" } else { "person.inactive" }.to_owned()
        }),
    ])
    .row_class(|p| (!p.active).then_some("inactive"));
    view! {
        <DataTable rows=people columns testid="people-table" empty="people.none" paging=paging/>
    }
}
