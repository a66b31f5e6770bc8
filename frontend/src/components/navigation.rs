use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::session::{use_session, LOG_READ, ORGANISATION_VIEW};

/// The asset register and access grants, in menu order: (path, message key).
pub const REGISTER_AREAS: [(&str, &str); 3] = [
    ("/register", "nav.assets"),
    ("/grants/inbox", "nav.inbox"),
    ("/grants/mine", "nav.my_requests"),
];

/// The areas of the ISMS whose screens are still to come, in menu order: (path, message key).
pub const COMING_AREAS: [(&str, &str); 3] = [
    ("/incidents", "nav.incidents"),
    ("/audits", "nav.audits"),
    ("/policies", "nav.policies"),
];

/// The main menu: the areas, the organisation for those who may see it, and my own account.
#[component]
pub fn Navigation() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sees_organisation = Memo::new(move |_| session.can(ORGANISATION_VIEW));
    let reads_log = Memo::new(move |_| session.can(LOG_READ));
    view! {
        <nav class="navigation" aria-label=i18n.text("nav.label")>
            <ul>
                <li><A href="/" exact=true>{i18n.text("nav.dashboard")}</A></li>
                {REGISTER_AREAS
                    .into_iter()
                    .chain(COMING_AREAS)
                    .map(|(href, key)| view! { <li><A href=href>{i18n.text(key)}</A></li> })
                    .collect_view()}
                <Show when=move || sees_organisation.get()>
                    <li><A href="/organisation">{i18n.text("nav.organisation")}</A></li>
                </Show>
                <Show when=move || reads_log.get()>
                    <li><A href="/log">{i18n.text("nav.log")}</A></li>
                </Show>
            </ul>
            <h2 class="navigation-heading" id="nav-account">{i18n.text("nav.account")}</h2>
            <ul aria-labelledby="nav-account">
                <li><A href="/me/profile">{i18n.text("nav.profile")}</A></li>
                <li><A href="/me/sessions">{i18n.text("nav.sessions")}</A></li>
            </ul>
        </nav>
    }
}
