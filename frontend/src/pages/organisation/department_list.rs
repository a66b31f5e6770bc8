use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::organisation::DepartmentView;
use mamori_shared::api::page::Page;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;
use crate::session::{use_session, ORGANISATION_MANAGE};

/// The departments (部署), each with the unit above it.
#[component]
pub fn DepartmentList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let departments = LocalResource::new(load);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || i18n.t("organisation.departments")}</h1>
                <Show when=move || session.can(ORGANISATION_MANAGE)>
                    <A href="/organisation/departments/new" attr:class="button button-primary">
                        {move || i18n.t("departments.new")}
                    </A>
                </Show>
            </div>
            {move || match departments.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                Some(Ok(list)) => view! { <DepartmentTable departments=list/> }.into_any(),
            }}
        </section>
    }
}

/// All of them: an organisation has tens of departments, not thousands.
async fn load() -> Result<Vec<DepartmentView>, ApiFailure> {
    api::get::<Page<DepartmentView>>("/departments?limit=500&sort=name")
        .await
        .map(|page| page.items)
}

#[component]
fn DepartmentTable(departments: Vec<DepartmentView>) -> impl IntoView {
    let i18n = use_i18n();
    if departments.is_empty() {
        return view! { <p class="empty">{move || i18n.t("departments.none")}</p> }.into_any();
    }
    let names: HashMap<Uuid, String> = departments.iter().map(|d| (d.id, d.name.clone())).collect();
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="departments-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("department.name")}</th>
                        <th scope="col">{move || i18n.t("department.parent")}</th>
                    </tr>
                </thead>
                <tbody>
                    {departments
                        .into_iter()
                        .map(|department| {
                            let parent = department
                                .parent_id
                                .and_then(|id| names.get(&id).cloned())
                                .unwrap_or_else(|| "—".to_owned());
                            let href = format!("/organisation/departments/{}", department.id);
                            view! {
                                <tr>
                                    <th scope="row"><A href=href>{department.name}</A></th>
                                    <td>{parent}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
