use leptos::prelude::*;
use mamori_shared::api::organisation::{DepartmentChanges, DepartmentView};

use crate::api;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::submission::use_submission;

/// Renaming a department (at the version shown).
#[component]
pub fn DepartmentRename(
    department: DepartmentView,
    updated: Callback<DepartmentView>,
) -> impl IntoView {
    let (id, version) = (department.id, department.version);
    let name = RwSignal::new(department.name);
    let rename = use_submission(move |department: DepartmentView| updated.run(department));
    let failure = rename.failure();
    let on_submit = rename.on_submit(move || {
        let changes = DepartmentChanges {
            name: name.get_untracked(),
        };
        Some(async move { api::put_at(&format!("/departments/{id}"), version, &changes).await })
    });
    view! {
        <form class="form" on:submit=on_submit>
            <FormProblem failure shown=&["name"]/>
            <TextField id="rename-name" label="department.name" value=name field="name" failure required=true/>
            <div class="actions">
                <Submit label="form.save" pending=rename.pending()/>
            </div>
        </form>
    }
}
