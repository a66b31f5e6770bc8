use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::organisation::{DepartmentView, NewDepartment as Creation};
use uuid::Uuid;

use crate::api;
use crate::components::department_select::DepartmentSelect;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::guard::RequirePermission;
use crate::components::page::Page;
use crate::components::submission::use_submission;
use crate::pages::organisation::{department_href, NAME_CHARS, READING_CHARS};
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
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let reading = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let create = use_submission(move |department: DepartmentView| {
        navigate(&department_href(department.id), Default::default())
    })
    .says(|department| Message::new("departments.created").with("{name}", &department.name));
    let failure = create.failure();
    let on_submit = create.on_submit(move || {
        let creation = Creation {
            name: name.get_untracked(),
            parent_id: Uuid::parse_str(&parent.get_untracked()).ok(),
            reading: Some(reading.get_untracked()),
        };
        Some(async move { api::post::<DepartmentView>("/departments", &creation).await })
    });
    view! {
        <Page title="departments.new">
            <form class="card form" novalidate on:submit=on_submit>
                <FormProblem failure shown=&["name", "reading", "parent_id"]/>
                <TextField id="department-name" label="department.name" value=name field="name" failure required=true max_chars=NAME_CHARS/>
                <TextField id="department-reading" label="department.reading" value=reading field="reading" failure max_chars=READING_CHARS hint="reading.hint"/>
                <DepartmentSelect
                    id="department-parent"
                    label="department.parent"
                    value=parent
                    empty="department.no_parent"
                    field="parent_id"
                    failure
                />
                <div class="actions">
                    <Submit label="departments.create" pending=create.pending()/>
                </div>
            </form>
        </Page>
    }
}
