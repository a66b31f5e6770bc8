use leptos::prelude::*;
use mamori_shared::api::organisation::{PersonView, RoleAssignmentView};

use crate::components::dates::{has_ended, today};
use crate::components::labels::{role_name, scope_name};
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
    if roles.is_empty() {
        return view! { <p class="empty">{move || i18n.t("role.none")}</p> }.into_any();
    }
    roles.sort_by(|a, b| b.from.cmp(&a.from));
    let today = today();
    let (person_id, version) = (person.id, person.version);
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="role-history">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("role.role")}</th>
                        <th scope="col">{move || i18n.t("role.scope")}</th>
                        <th scope="col">{move || i18n.t("role.from")}</th>
                        <th scope="col">{move || i18n.t("role.until")}</th>
                        <th scope="col">{move || i18n.t("role.state")}</th>
                        {updated.map(|_| view! { <th scope="col">{move || i18n.t("form.actions")}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {roles
                        .into_iter()
                        .map(|assignment| {
                            let ended = has_ended(assignment.until.as_deref(), &today);
                            let action = updated.map(|updated| {
                                let form = (!ended).then(|| {
                                    view! { <RoleEnd person_id version assignment_id=assignment.id updated/> }
                                });
                                view! { <td>{form}</td> }
                            });
                            view! { <RoleRow assignment ended action/> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RoleRow<A: IntoView + 'static>(
    assignment: RoleAssignmentView,
    ended: bool,
    action: Option<A>,
) -> impl IntoView {
    let i18n = use_i18n();
    // (message key, badge class)
    let (state, badge) = if assignment.current {
        ("role.current", "badge badge-current")
    } else if ended {
        ("role.ended", "badge badge-ended")
    } else {
        ("role.upcoming", "badge badge-upcoming")
    };
    let role = assignment.role;
    let current = assignment.current;
    let from = assignment.from.clone();
    let until = assignment.until.clone().unwrap_or_else(|| "—".to_owned());
    view! {
        <tr class:current=current>
            <th scope="row">{move || role_name(i18n, role)}</th>
            <td>{move || scope_name(i18n, &assignment)}</td>
            <td>{from}</td>
            <td>{until}</td>
            <td><span class=badge>{move || i18n.t(state)}</span></td>
            {action}
        </tr>
    }
}
