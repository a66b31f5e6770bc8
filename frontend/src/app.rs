//! The shell: header, navigation and the routes of every area.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::{use_i18n, I18n};
use crate::pages::coming_soon::ComingSoon;
use crate::pages::dashboard::Dashboard;
use crate::pages::not_found::NotFound;

/// The areas of the ISMS, in menu order: (path, message key).
pub const AREAS: [(&str, &str); 6] = [
    ("/assets", "nav.assets"),
    ("/access", "nav.access"),
    ("/incidents", "nav.incidents"),
    ("/audits", "nav.audits"),
    ("/policies", "nav.policies"),
    ("/organisation", "nav.organisation"),
];

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <Router>
            <Header/>
            <div class="layout">
                <Navigation/>
                <main id="main">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Dashboard/>
                        <Route path=path!("/assets") view=|| view! { <ComingSoon key="nav.assets"/> }/>
                        <Route path=path!("/access") view=|| view! { <ComingSoon key="nav.access"/> }/>
                        <Route path=path!("/incidents") view=|| view! { <ComingSoon key="nav.incidents"/> }/>
                        <Route path=path!("/audits") view=|| view! { <ComingSoon key="nav.audits"/> }/>
                        <Route path=path!("/policies") view=|| view! { <ComingSoon key="nav.policies"/> }/>
                        <Route path=path!("/organisation") view=|| view! { <ComingSoon key="nav.organisation"/> }/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

#[component]
fn Navigation() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="navigation" aria-label=move || i18n.t("nav.label")>
            <ul>
                <li><A href="/" exact=true>{move || i18n.t("nav.dashboard")}</A></li>
                {AREAS
                    .into_iter()
                    .map(|(href, key)| view! { <li><A href=href>{move || i18n.t(key)}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}
