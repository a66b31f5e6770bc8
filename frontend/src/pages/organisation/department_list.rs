use std::collections::HashMap;

use leptos::prelude::*;
use mamori_shared::api::organisation::DepartmentView;
use mamori_shared::api::page::Page as Listing;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::components::as_of::use_as_of;
use crate::components::data_table::{link, Column, DataTable};
use crate::components::page::{ActionLink, Page};
use crate::components::status::Loaded;
use crate::pages::organisation::department_href;
use crate::session::{use_session, ORGANISATION_MANAGE};

/// The departments (部署), each with the unit above it.
#[component]
pub fn DepartmentList() -> impl IntoView {
    let session = use_session();
    let as_of = use_as_of();
    let departments =
        LocalResource::new(move || load(as_of.path("/departments?limit=500&sort=name")));
    let manages = Signal::derive(move || session.can(ORGANISATION_MANAGE));
    let actions = move || {
        view! { <ActionLink href="/organisation/departments/new" label="departments.new" when=manages/> }
    };
    view! {
        <Page title="organisation.departments" actions as_of=true>
            <Loaded value=move || departments.get() let:list>
                <DepartmentTable departments=list/>
            </Loaded>
        </Page>
    }
}

/// All of them: an organisation has tens of departments, not thousands.
async fn load(path: String) -> Result<Vec<DepartmentView>, ApiFailure> {
    api::get::<Listing<DepartmentView>>(&path)
        .await
        .map(|page| page.items)
}

#[component]
fn DepartmentTable(departments: Vec<DepartmentView>) -> impl IntoView {
    let names: HashMap<Uuid, String> = departments.iter().map(|d| (d.id, d.name.clone())).collect();
    let columns = vec![
        Column::new("department.name", |d: &DepartmentView| {
            link(department_href(d.id), d.name.clone())
        })
        .csv(|d| d.name.clone()),
        Column::text("department.parent", move |d: &DepartmentView| {
            d.parent_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "—".to_owned())
        }),
    ];
    view! {
        <DataTable rows=departments columns testid="departments-table" empty="departments.none"/>
    }
}
