use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::api::page::Page as Listing;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::guard::allows;
use crate::components::page::{Page, Title};
use crate::components::section::{Panel, Section};
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::organisation::department_href;
use crate::pages::organisation::department_rename::DepartmentRename;
use crate::pages::organisation::people_table::PeopleTable;

/// One department: the unit above it, its people, and (for administrators) renaming it.
#[component]
pub fn DepartmentDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let as_of = use_as_of();
    let department = LocalResource::new(move || {
        let path = as_of.path(&format!("/departments/{}", id()));
        async move { api::get::<DepartmentView>(&path).await }
    });
    let updated = Callback::new(move |changed: DepartmentView| department.set(Some(Ok(changed))));
    let title = Title::text(move || match department.get() {
        Some(Ok(department)) => department.name,
        _ => i18n.t("organisation.departments"),
    });
    view! {
        <Page title as_of=true>
            <Loaded value=move || department.get() let:department>
                <DepartmentRecord department updated/>
            </Loaded>
        </Page>
    }
}

#[component]
fn DepartmentRecord(
    department: DepartmentView,
    updated: Callback<DepartmentView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = department.id;
    let as_of = use_as_of();
    let parent = department.parent_id.map(|parent_id| {
        LocalResource::new(move || {
            let path = as_of.path(&format!("/departments/{parent_id}"));
            async move { api::get::<DepartmentView>(&path).await }
        })
    });
    let people = LocalResource::new(move || {
        let path = as_of.path(&format!("/people?department_id={id}&limit=500&active=true"));
        async move { api::get::<Listing<PersonView>>(&path).await }
    });
    let department = StoredValue::new(department);
    let rename = move || {
        allows(
            department.with_value(|d| d.allowed.clone()).as_deref(),
            "department.manage",
        )
        .then(|| {
            view! {
                <Panel summary="department.rename">
                    <DepartmentRename department=department.get_value() updated/>
                </Panel>
            }
        })
    };
    view! {
        <dl class="facts card">
            <dt>{i18n.text("department.reading")}</dt>
            <dd data-testid="department-reading">{department.get_value().reading.unwrap_or_default()}</dd>
            <dt>{i18n.text("department.parent")}</dt>
            <dd data-testid="department-parent">
                {match parent {
                    None => view! { "—" }.into_any(),
                    Some(parent) => {
                        view! {
                            <Loaded value=move || parent.get() let:parent>
                                <A href=department_href(parent.id)>{parent.name}</A>
                            </Loaded>
                        }
                            .into_any()
                    }
                }}
            </dd>
        </dl>
        {rename}
        <Section id="department-people-heading" title="department.people">
            <Loaded value=move || people.get() let:page>
                <PeopleTable people=page.items/>
            </Loaded>
        </Section>
    }
}
