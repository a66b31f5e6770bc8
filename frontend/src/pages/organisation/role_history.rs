use leptos::prelude::*;
use mamori_shared::api::organisation::{PersonView, RoleAssignmentView};

use crate::components::data_table::{Column, Columns, DataTable};
use crate::components::dates::{has_ended, today};
use crate::components::labels::{role_key, scope_name};
use crate::i18n::use_i18n;
use crate::pages::organisation::role_end::RoleEnd;

/// Every role the person has held, holds or will hold, newest first. With `updated` (administrators
/// looking at someone else), each assignment not yet over can be ended.
#[component]
pub fn RoleHistory(
    person: PersonView,
    #[prop(default = None)] updated: Option<Callback<PersonView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut roles = person.roles;
    roles.sort_by(|a, b| b.from.cmp(&a.from));
    let today = StoredValue::new(today());
    let (person_id, version) = (person.id, person.version);
    let state =
        move |assignment: &RoleAssignmentView| today.with_value(|today| state(assignment, today));
    let mut columns = vec![
        Column::message("role.role", |a: &RoleAssignmentView| role_key(a.role)),
        Column::new("role.scope", move |a: &RoleAssignmentView| {
            let a = a.clone();
            (move || scope_name(i18n, &a)).into_any()
        })
        .csv(move |a| scope_name(i18n, a)),
        Column::text("role.from", |a: &RoleAssignmentView| a.from.clone()),
        Column::text("role.until", |a: &RoleAssignmentView| {
            a.until.clone().unwrap_or_else(|| "—".to_owned())
        }),
        Column::new("role.state", move |a: &RoleAssignmentView| {
            let (key, badge) = state(a);
            view! { <span class=badge>{i18n.text(key)}</span> }.into_any()
        })
        .csv(move |a| i18n.t(state(a).0)),
    ];
    if let Some(updated) = updated {
        columns.push(Column::new(
            "form.actions",
            move |a: &RoleAssignmentView| {
                let ended = state(a).0 == "role.ended";
                let assignment_id = a.id;
                (!ended)
                    .then(|| view! { <RoleEnd person_id version assignment_id updated/> })
                    .into_any()
            },
        ));
    }
    let columns = Columns::from(columns).row_class(|a| a.current.then_some("current"));
    view! { <DataTable rows=roles columns testid="role-history" empty="role.none"/> }
}

/// Where an assignment stands: (message key, badge class).
fn state(assignment: &RoleAssignmentView, today: &str) -> (&'static str, &'static str) {
    if assignment.current {
        ("role.current", "badge badge-current")
    } else if has_ended(assignment.until.as_deref(), today) {
        ("role.ended", "badge badge-ended")
    } else {
        ("role.upcoming", "badge badge-upcoming")
    }
}
