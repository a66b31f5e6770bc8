use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mamori_shared::api::organisation::PersonView;
use mamori_shared::api::page::Page as Listing;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::data_table::Paging;
use crate::components::department_select::DepartmentSelect;
use crate::components::page::{ActionLink, Page};
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::organisation::people_table::PeopleTable;
use crate::session::{use_session, ORGANISATION_MANAGE};

const PAGE_SIZE: u64 = 20;

/// The people of the organisation: searched by name or login, filtered by department, paged.
#[component]
pub fn PeopleList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let text = RwSignal::new(String::new());
    let department =
        RwSignal::new(query.with_untracked(|q| q.get("department_id").unwrap_or_default()));
    let include_inactive = RwSignal::new(false);
    let offset = RwSignal::new(0u64);
    // A new search starts on the first page.
    Effect::watch(
        move || (text.get(), department.get(), include_inactive.get()),
        move |_, _, _| offset.set(0),
        false,
    );
    let as_of = use_as_of();
    let people = LocalResource::new(move || {
        let offset = offset.get().to_string();
        let limit = PAGE_SIZE.to_string();
        let path = format!(
            "/people{}",
            api::query(&[
                ("q", text.get().trim()),
                ("department_id", &department.get()),
                ("active", if include_inactive.get() { "" } else { "true" }),
                ("offset", &offset),
                ("limit", &limit),
                ("sort", "name"),
            ])
        );
        let path = as_of.path(&path);
        async move { api::get::<Listing<PersonView>>(&path).await }
    });
    let manages = Signal::derive(move || session.can(ORGANISATION_MANAGE));
    let actions = move || view! { <ActionLink href="/organisation/people/new" label="people.new" when=manages/> };
    view! {
        <Page title="organisation.people" actions as_of=true>
            <form class="filters" role="search" on:submit=|event| event.prevent_default()>
                <div class="field">
                    <label for="people-search">{i18n.text("people.search")}</label>
                    <input id="people-search" type="search" bind:value=text/>
                </div>
                <DepartmentSelect
                    id="people-department"
                    label="person.department"
                    value=department
                    empty="people.all_departments"
                />
                <div class="field field-check">
                    <input id="people-inactive" type="checkbox" bind:checked=include_inactive/>
                    <label for="people-inactive">{i18n.text("people.include_inactive")}</label>
                </div>
            </form>
            <Loaded value=move || people.get() let:page>
                <PeopleTable
                    people=page.items
                    paging=Some(Paging { total: page.total, offset, limit: PAGE_SIZE })
                />
            </Loaded>
        </Page>
    }
}
