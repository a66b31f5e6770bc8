use leptos::prelude::*;
use mamori_shared::api::organisation::PersonView;

use crate::api;
use crate::components::labels::employment_name;
use crate::components::page::Page;
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::me::password_change::PasswordChange;
use crate::pages::organisation::role_history::RoleHistory;

/// My own record, my role history, and changing my password.
#[component]
pub fn MyProfile() -> impl IntoView {
    let profile = LocalResource::new(|| api::get::<PersonView>("/me/profile"));
    view! {
        <Page title="profile.heading">
            <Loaded value=move || profile.get() let:person>
                <ProfileFacts person/>
            </Loaded>
            <Section id="password-heading" title="password.heading">
                <PasswordChange/>
            </Section>
        </Page>
    }
}

#[component]
fn ProfileFacts(person: PersonView) -> impl IntoView {
    let i18n = use_i18n();
    let employment = person.employment;
    view! {
        <dl class="facts card" data-testid="profile">
            <dt>{i18n.text("person.name")}</dt>
            <dd>{person.name.clone()}</dd>
            <dt>{i18n.text("person.login")}</dt>
            <dd>{person.login.clone()}</dd>
            <dt>{i18n.text("person.department")}</dt>
            <dd>{person.department_name.clone()}</dd>
            <dt>{i18n.text("person.employment")}</dt>
            <dd>{move || employment_name(i18n, employment)}</dd>
        </dl>
        <Section id="my-roles-heading" title="role.history">
            <RoleHistory person/>
        </Section>
    }
}
