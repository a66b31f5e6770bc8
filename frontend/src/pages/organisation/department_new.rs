use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::organisation::{DepartmentView, NewDepartment as Creation};
use uuid::Uuid;

use crate::api;
use crate::components::department_select::DepartmentSelect;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::guard::RequirePermission;
use crate::i18n::use_i18n;
use crate::session::ORGANISATION_MANAGE;

/// Creating a department, optionally under another (administrators only).
#[component]
pub fn NewDepartment() -> impl IntoView {
    view! {
        <RequirePermission permission=ORGANISATION_MANAGE>
            <NewDepartmentForm/>
        </RequirePermission>
    }
}

#[component]
fn NewDepartmentForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let create = Action::new_local(|creation: &Creation| {
        let creation = creation.clone();
        async move { api::post::<DepartmentView>("/departments", &creation).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(department)) = create.value().get() {
            navigate(
                &format!("/organisation/departments/{}", department.id),
                Default::default(),
            );
        }
    });
    let failure = Signal::derive(move || create.value().get().and_then(Result::err));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        create.dispatch(Creation {
            name: name.get_untracked(),
            parent_id: Uuid::parse_str(&parent.get_untracked()).ok(),
        });
    };
    view! {
        <section class="page">
            <h1>{move || i18n.t("departments.new")}</h1>
            <form class="card form" on:submit=on_submit>
                <FormProblem failure shown=&["name", "parent_id"]/>
                <TextField id="department-name" label="department.name" value=name field="name" failure required=true/>
                <DepartmentSelect
                    id="department-parent"
                    label="department.parent"
                    value=parent
                    empty="department.no_parent"
                    field="parent_id"
                    failure
                />
                <div class="actions">
                    <Submit label="departments.create" pending=create.pending().into()/>
                </div>
            </form>
        </section>
    }
}
