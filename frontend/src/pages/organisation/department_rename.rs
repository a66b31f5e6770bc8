use leptos::prelude::*;
use mamori_shared::api::organisation::{DepartmentChanges, DepartmentView};

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::submission::use_submission;
use crate::pages::organisation::{NAME_CHARS, READING_CHARS};

/// Renaming a department (at the version shown).
#[component]
pub fn DepartmentRename(
    department: DepartmentView,
    updated: Callback<DepartmentView>,
) -> impl IntoView {
    let (id, version) = (department.id, department.version);
    let name = RwSignal::new(department.name);
    let reading = RwSignal::new(department.reading.unwrap_or_default());
    let rename = use_submission(move |department: DepartmentView| updated.run(department))
        .says(|department| Message::new("department.renamed").with("{name}", &department.name));
    let failure = rename.failure();
    let on_submit = rename.on_submit(move || {
        let changes = DepartmentChanges {
            name: name.get_untracked(),
            reading: Some(reading.get_untracked()),
        };
        Some(async move { api::put_at(&format!("/departments/{id}"), version, &changes).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormProblem failure shown=&["name", "reading"]/>
            <TextField id="rename-name" label="department.name" value=name field="name" failure required=true max_chars=NAME_CHARS/>
            <TextField id="rename-reading" label="department.reading" value=reading field="reading" failure max_chars=READING_CHARS/>
            <div class="actions">
                <Submit label="form.save" pending=rename.pending()/>
            </div>
        </form>
    }
}
