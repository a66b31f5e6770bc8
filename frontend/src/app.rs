//! The shell: the skip link, header, navigation, the regions of the app's feedback and the routes
//! of every area. Who is signed in decides which routes exist: signed out, every address leads to
//! the sign-in page. The shell, the sign-in page
//! and the dashboard are in the first download; each area declares its own routes
//! (`pages/<area>/routes.rs`), whose screens load with the area's chunk.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiFailure;
use crate::components::as_of::AsOf;
use crate::components::feedback::{Feedback, FeedbackRegions};
use crate::components::go_to::GoTo;
use crate::components::header::Header;
use crate::components::navigation::Navigation;
use crate::components::page::Page;
use crate::components::status::Loading;
use crate::i18n::{use_i18n, I18n};
use crate::pages::assets::routes::RegisterRoutes;
use crate::pages::coming_soon::ComingSoon;
use crate::pages::dashboard::Dashboard;
use crate::pages::documents::routes::DocumentRoutes;
use crate::pages::grants::routes::GrantRoutes;
use crate::pages::integration::routes::IntegrationRoutes;
use crate::pages::log::routes::LogRoutes;
use crate::pages::me::routes::MeRoutes;
use crate::pages::not_found::NotFound;
use crate::pages::organisation::routes::OrganisationRoutes;
use crate::pages::sign_in::SignIn;
use crate::session::{Session, SessionState, SIGN_IN};

/// What the shell shows: it changes only when the session starts, ends or cannot be checked.
#[derive(Debug, Clone, PartialEq)]
enum Shell {
    Checking,
    SignedOut,
    SignedIn,
    Unknown(ApiFailure),
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    AsOf::provide();
    Feedback::provide();
    let session = Session::provide();
    let shell = Memo::new(move |_| match session.state() {
        SessionState::Checking => Shell::Checking,
        SessionState::SignedOut => Shell::SignedOut,
        SessionState::SignedIn(_) => Shell::SignedIn,
        SessionState::Unknown(failure) => Shell::Unknown(failure),
    });
    // One `main` for every state of the session, holding the regions of the app's feedback: what
    // appears in them is announced, and a message said on signing out shows on the sign-in page.
    // The skip link is the keyboard's first stop; the browser moves the focus to `main` (not the
    // router: `rel="external"`).
    view! {
        <Router>
            <a class="skip-link" href="#main" rel="external" data-testid="skip-link">
                {i18n.text("app.skip")}
            </a>
            <Header/>
            <div class="layout">
                {move || (shell.get() == Shell::SignedIn).then(|| view! { <Navigation/> })}
                <main id="main" tabindex="-1">
                    <FeedbackRegions/>
                    {move || match shell.get() {
                        Shell::Checking => view! { <Loading/> }.into_any(),
                        Shell::Unknown(failure) => view! { <Unreachable failure session/> }.into_any(),
                        Shell::SignedOut => view! { <SignedOutRoutes/> }.into_any(),
                        Shell::SignedIn => view! { <SignedInRoutes/> }.into_any(),
                    }}
                </main>
            </div>
        </Router>
    }
}

#[component]
fn SignedOutRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <GoTo path=SIGN_IN/> }>
            <Route path=path!("/sign-in") view=SignIn/>
        </Routes>
    }
}

#[component]
fn SignedInRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/") view=Dashboard/>
            <Route path=path!("/sign-in") view=|| view! { <GoTo path="/"/> }/>
            <RegisterRoutes/>
            <GrantRoutes/>
            <LogRoutes/>
            <DocumentRoutes/>
            <IntegrationRoutes/>
            // The addresses of earlier versions.
            <Route path=path!("/assets") view=|| view! { <GoTo path="/register"/> }/>
            <Route path=path!("/access") view=|| view! { <GoTo path="/grants/mine"/> }/>
            <Route path=path!("/incidents") view=|| view! { <ComingSoon key="nav.incidents"/> }/>
            <Route path=path!("/audits") view=|| view! { <ComingSoon key="nav.audits"/> }/>
            <Route path=path!("/policies") view=|| view! { <GoTo path="/documents"/> }/>
            <OrganisationRoutes/>
            <MeRoutes/>
        </Routes>
    }
}

/// The server could not say who is signed in (down, or unreadable): say so, and offer to retry.
#[component]
fn Unreachable(failure: ApiFailure, session: Session) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title="status.error">
            <p class="failure" role="alert">{move || failure.message(i18n.lang())}</p>
            <button type="button" class="button" on:click=move |_| session.check()>
                {i18n.text("status.retry")}
            </button>
        </Page>
    }
}
