use leptos::prelude::*;
use mamori_shared::api::organisation::PersonView;
use mamori_shared::api::tasks::NotificationSettings;

use crate::api;
use crate::components::feedback::Message;
use crate::components::labels::employment_name;
use crate::components::page::Page;
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::components::submission::use_submission;
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
            <Section id="notices-heading" title="notices.heading">
                <MailNotices/>
            </Section>
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
            <dt>{i18n.text("person.email")}</dt>
            <dd data-testid="profile-email">{person.email.clone().unwrap_or_else(|| "—".into())}</dd>
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

/// Whether I am told of my tasks by e-mail too (in Mamori, always).
#[component]
fn MailNotices() -> impl IntoView {
    let i18n = use_i18n();
    let settings = LocalResource::new(|| api::get::<NotificationSettings>("/me/notifications"));
    let save = use_submission(move |_: NotificationSettings| settings.refetch()).says(|saved| {
        Message::new(if saved.email {
            "notices.on"
        } else {
            "notices.off"
        })
    });
    let busy = save.pending();
    view! {
        <Loaded value=move || settings.get() let:current>
            {if current.email_available {
                let email = current.email;
                let toggle = move |_| {
                    let body = NotificationSettings { email: !email, email_available: true };
                    save.attempt(|| Some(async move { api::put("/me/notifications", &body).await }));
                };
                view! {
                    <div class="field-check">
                        <input id="notices-email" type="checkbox" prop:checked=email disabled=busy on:change=toggle data-testid="notices-email"/>
                        <label for="notices-email">{i18n.text("notices.email")}</label>
                    </div>
                }.into_any()
            } else {
                view! { <p class="empty">{i18n.text("notices.unavailable")}</p> }.into_any()
            }}
        </Loaded>
    }
}
