use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::api::page::Page;

use crate::api;
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;
use crate::pages::organisation::department_rename::DepartmentRename;
use crate::pages::organisation::people_table::PeopleTable;
use crate::session::{use_session, ORGANISATION_MANAGE};

/// One department: the unit above it, its people, and (for administrators) renaming it.
#[component]
pub fn DepartmentDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let department = LocalResource::new(move || {
        let id = id();
        async move { api::get::<DepartmentView>(&format!("/departments/{id}")).await }
    });
    let updated = Callback::new(move |changed: DepartmentView| department.set(Some(Ok(changed))));
    view! {
        <section class="page">
            {move || match department.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => {
                    view! {
                        <h1>{move || i18n.t("organisation.departments")}</h1>
                        <Failure failure/>
                    }
                        .into_any()
                }
                Some(Ok(department)) => view! { <DepartmentRecord department updated/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DepartmentRecord(
    department: DepartmentView,
    updated: Callback<DepartmentView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = department.id;
    let parent = department.parent_id.map(|parent_id| {
        LocalResource::new(move || async move {
            api::get::<DepartmentView>(&format!("/departments/{parent_id}")).await
        })
    });
    let people = LocalResource::new(move || async move {
        api::get::<Page<PersonView>>(&format!("/people?department_id={id}&limit=500&active=true"))
            .await
    });
    let rename = {
        let department = department.clone();
        move || {
            session.can(ORGANISATION_MANAGE).then(|| {
                view! {
                    <details class="panel">
                        <summary>{move || i18n.t("department.rename")}</summary>
                        <DepartmentRename department=department.clone() updated/>
                    </details>
                }
            })
        }
    };
    view! {
        <h1>{department.name.clone()}</h1>
        <dl class="facts card">
            <dt>{move || i18n.t("department.parent")}</dt>
            <dd>
                {match parent {
                    None => view! { "—" }.into_any(),
                    Some(parent) => {
                        view! {
                            {move || match parent.get() {
                                None => view! { <Loading/> }.into_any(),
                                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                                Some(Ok(parent)) => {
                                    let href = format!("/organisation/departments/{}", parent.id);
                                    view! { <A href=href>{parent.name}</A> }.into_any()
                                }
                            }}
                        }
                            .into_any()
                    }
                }}
            </dd>
        </dl>
        {rename}
        <section class="section" aria-labelledby="department-people-heading">
            <h2 id="department-people-heading">{move || i18n.t("department.people")}</h2>
            {move || match people.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                Some(Ok(page)) => view! { <PeopleTable people=page.items/> }.into_any(),
            }}
        </section>
    }
}
