use leptos::prelude::*;
use mamori_shared::api::organisation::{NewRoleAssignment, PersonView};
use mamori_shared::organisation::{Role, RoleScope};
use uuid::Uuid;

use crate::api;
use crate::components::code_select::{CodeSelect, Codes};
use crate::components::department_select::DepartmentSelect;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;

/// Assigning a role to a person, for the whole organisation or one department, from a date
/// (today when left empty) until an optional last day.
#[component]
pub fn RoleAssign(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (person.id, person.version);
    let role = RwSignal::new(String::new());
    let whole_organisation = RwSignal::new(false);
    let department = RwSignal::new(person.department_id.to_string());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let assign = use_submission(move |person: PersonView| updated.run(person))
        .says(|person| Message::new("role.assigned").with("{name}", &person.name));
    let failure = assign.failure();
    let on_submit = assign.on_submit(move || {
        let scope = if whole_organisation.get_untracked() {
            RoleScope::Organisation
        } else {
            let department_id = Uuid::parse_str(&department.get_untracked()).ok()?;
            RoleScope::Department { department_id }
        };
        let optional = |text: String| Some(text).filter(|t| !t.is_empty());
        let assignment = NewRoleAssignment {
            role: Role::from_code(&role.get_untracked())?,
            scope,
            from: optional(from.get_untracked()),
            until: optional(until.get_untracked()),
        };
        let path = format!("/people/{id}/roles");
        Some(async move { api::post_at(&path, version, &assignment).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="role-assign">
            <FormProblem failure shown=&["role", "scope.department_id", "from", "until"]/>
            <CodeSelect id="assign-role" codes=Codes::Role value=role failure/>
            <fieldset class="field">
                <legend>{i18n.text("role.scope")}</legend>
                <div class="field-check">
                    <input
                        id="assign-scope-department"
                        type="radio"
                        name="scope"
                        value="department"
                        prop:checked=move || !whole_organisation.get()
                        on:change=move |_| whole_organisation.set(false)
                    />
                    <label for="assign-scope-department">{i18n.text("scope.department")}</label>
                </div>
                <div class="field-check">
                    <input
                        id="assign-scope-organisation"
                        type="radio"
                        name="scope"
                        value="organisation"
                        prop:checked=move || whole_organisation.get()
                        on:change=move |_| whole_organisation.set(true)
                    />
                    <label for="assign-scope-organisation">{i18n.text("scope.organisation")}</label>
                </div>
            </fieldset>
            <Show when=move || !whole_organisation.get()>
                <DepartmentSelect
                    id="assign-department"
                    label="role.department"
                    value=department
                    field="scope.department_id"
                    failure
                />
            </Show>
            <TextField id="assign-from" label="role.from" value=from field="from" failure kind="date" hint="role.from.hint"/>
            <TextField id="assign-until" label="role.until" value=until field="until" failure kind="date" hint="role.until.hint"/>
            <div class="actions">
                <Submit label="role.assign.submit" pending=assign.pending()/>
            </div>
        </form>
    }
}
