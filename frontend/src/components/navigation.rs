use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::session::{
    use_session, CLIENTS_VIEW, DOCUMENTS_LIST, DOCUMENTS_REVIEW, LOG_READ, ORGANISATION_VIEW,
    TRAININGS_LIST,
};

/// The asset register and access grants, in menu order: (path, message key). The approvals
/// inbox comes after the register, for those who decide requests.
pub const REGISTER_AREAS: [(&str, &str); 2] = [
    ("/register", "nav.assets"),
    ("/grants/mine", "nav.my_requests"),
];
pub const INBOX: (&str, &str) = ("/grants/inbox", "nav.inbox");

/// The policy documents, the committee's review and training, in menu order: (path, message key,
/// the permission that shows it).
pub const DOCUMENT_AREAS: [(&str, &str, &str); 3] = [
    ("/documents", "nav.documents", DOCUMENTS_LIST),
    ("/revisions/review", "nav.review", DOCUMENTS_REVIEW),
    ("/trainings", "nav.trainings", TRAININGS_LIST),
];

/// The areas of the ISMS whose screens are still to come, in menu order: (path, message key).
pub const COMING_AREAS: [(&str, &str); 2] =
    [("/incidents", "nav.incidents"), ("/audits", "nav.audits")];

/// The main menu: the areas, the organisation for those who may see it, and my own account.
#[component]
pub fn Navigation() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sees_organisation = Memo::new(move |_| session.can(ORGANISATION_VIEW));
    let reads_log = Memo::new(move |_| session.can(LOG_READ));
    let sees_clients = Memo::new(move |_| session.can(CLIENTS_VIEW));
    // Those Cedar lets register assets somewhere decide its requests.
    let decides = Memo::new(move |_| {
        session
            .me()
            .is_some_and(|me| !me.asset_departments.is_empty())
    });
    let link = move |(href, key): (&'static str, &'static str)| {
        view! { <li><A href=href>{i18n.text(key)}</A></li> }
    };
    view! {
        <nav class="navigation" aria-label=i18n.text("nav.label")>
            <ul>
                <li><A href="/" exact=true>{i18n.text("nav.dashboard")}</A></li>
                {link(REGISTER_AREAS[0])}
                <Show when=move || decides.get()>{link(INBOX)}</Show>
                {link(REGISTER_AREAS[1])}
                {DOCUMENT_AREAS
                    .into_iter()
                    .map(|(href, key, permission)| view! {
                        <Show when=move || session.can(permission)>{link((href, key))}</Show>
                    })
                    .collect_view()}
                // Areas still to come are marked, not hidden: what Mamori will hold.
                {COMING_AREAS
                    .into_iter()
                    .map(|(href, key)| view! {
                        <li>
                            <A href=href attr:class="coming">
                                {i18n.text(key)}
                                <span class="soon">{i18n.text("nav.coming_soon")}</span>
                            </A>
                        </li>
                    })
                    .collect_view()}
                <Show when=move || sees_organisation.get()>
                    <li><A href="/organisation">{i18n.text("nav.organisation")}</A></li>
                </Show>
                <Show when=move || reads_log.get()>
                    <li><A href="/log">{i18n.text("nav.log")}</A></li>
                </Show>
                <Show when=move || sees_clients.get()>
                    <li><A href="/integrations">{i18n.text("nav.integrations")}</A></li>
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
