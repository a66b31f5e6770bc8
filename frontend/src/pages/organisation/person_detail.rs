use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::organisation::PersonView;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::guard::allows;
use crate::components::labels::employment_name;
use crate::components::page::{Page, Title};
use crate::components::section::{Panel, Section};
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::organisation::department_href;
use crate::pages::organisation::person_deactivate::PersonDeactivate;
use crate::pages::organisation::person_edit::PersonEdit;
use crate::pages::organisation::role_assign::RoleAssign;
use crate::pages::organisation::role_history::RoleHistory;

/// One person's record and role history; administrators also change it here.
#[component]
pub fn PersonDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let as_of = use_as_of();
    let person = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        let path = as_of.path(&format!("/people/{id}"));
        async move { api::get::<PersonView>(&path).await }
    });
    // Every change answers with the new record: show it (and close the forms).
    let updated = Callback::new(move |changed: PersonView| person.set(Some(Ok(changed))));
    let title = Title::text(move || match person.get() {
        Some(Ok(person)) => person.name,
        _ => i18n.t("organisation.people"),
    });
    let beside = move || {
        let active = person.get()?.ok()?.active;
        Some(view! {
            <span
                class=if active { "badge badge-active" } else { "badge badge-inactive" }
                data-testid="person-state"
            >
                {move || if active { i18n.t("person.active") } else { i18n.t("person.inactive") }}
            </span>
        })
    };
    view! {
        <Page title beside as_of=true>
            <Loaded value=move || person.get() let:person>
                <PersonRecord person updated/>
            </Loaded>
        </Page>
    }
}

#[component]
fn PersonRecord(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let i18n = use_i18n();
    // As Cedar decides on this person (nobody administers their own record, for one).
    let administers = allows(person.allowed.as_deref(), "person.manage");
    let active = person.active;
    let employment = person.employment;
    let department_href = department_href(person.department_id);
    let admin = {
        let person = person.clone();
        move || {
            administers.then(|| {
                view! { <PersonAdministration person=person.clone() updated/> }
            })
        }
    };
    let history = person.clone();
    view! {
        <dl class="facts card">
            <dt>{i18n.text("person.reading")}</dt>
            <dd data-testid="person-reading">{person.reading.clone().unwrap_or_default()}</dd>
            <dt>{i18n.text("person.staff_number")}</dt>
            <dd data-testid="person-staff-number">{person.staff_number.clone().unwrap_or_default()}</dd>
            <dt>{i18n.text("person.login")}</dt>
            <dd>{person.login.clone()}</dd>
            <dt>{i18n.text("person.email")}</dt>
            <dd>{person.email.clone().unwrap_or_default()}</dd>
            <dt>{i18n.text("person.department")}</dt>
            <dd><A href=department_href>{person.department_name.clone()}</A></dd>
            <dt>{i18n.text("person.employment")}</dt>
            <dd>{move || employment_name(i18n, employment)}</dd>
        </dl>
        {admin}
        <Section id="role-history-heading" title="role.history">
            {move || {
                let updated = (administers && active).then_some(updated);
                view! { <RoleHistory person=history.clone() updated=updated/> }
            }}
        </Section>
    }
}

/// What an administrator may do to someone else's record: edit, assign a role, deactivate.
#[component]
fn PersonAdministration(person: PersonView, updated: Callback<PersonView>) -> impl IntoView {
    let i18n = use_i18n();
    if !person.active {
        return view! { <p class="notice">{i18n.text("person.inactive.notice")}</p> }.into_any();
    }
    let person = StoredValue::new(person);
    view! {
        <Section id="admin-heading" title="person.admin" class="section admin">
            <Panel summary="person.edit">
                <PersonEdit person=person.get_value() updated/>
            </Panel>
            <Panel summary="role.assign">
                <RoleAssign person=person.get_value() updated/>
            </Panel>
            <Panel summary="deactivate.heading" danger=true>
                <PersonDeactivate person=person.get_value() updated/>
            </Panel>
        </Section>
    }
    .into_any()
}
