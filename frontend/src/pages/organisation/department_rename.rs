use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use mamori_shared::api::organisation::{DepartmentChanges, DepartmentView};

use crate::api;
use crate::components::form::{FormProblem, Submit, TextField};

/// Renaming a department (at the version shown).
#[component]
pub fn DepartmentRename(
    department: DepartmentView,
    updated: Callback<DepartmentView>,
) -> impl IntoView {
    let (id, version) = (department.id, department.version);
    let name = RwSignal::new(department.name);
    let rename = Action::new_local(move |changes: &DepartmentChanges| {
        let changes = changes.clone();
        async move {
            api::put_at::<DepartmentView>(&format!("/departments/{id}"), version, &changes).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(department)) = rename.value().get() {
            updated.run(department);
        }
    });
    let failure = Signal::derive(move || rename.value().get().and_then(Result::err));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        rename.dispatch(DepartmentChanges {
            name: name.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=on_submit>
            <FormProblem failure shown=&["name"]/>
            <TextField id="rename-name" label="department.name" value=name field="name" failure required=true/>
            <div class="actions">
                <Submit label="form.save" pending=rename.pending().into()/>
            </div>
        </form>
    }
}
