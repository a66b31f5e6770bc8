//! The shell: header, navigation and the routes of every area. Who is signed in decides which
//! routes exist: signed out, every address leads to the sign-in page.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, NavigateOptions};

use crate::api::ApiFailure;
use crate::components::header::Header;
use crate::components::navigation::Navigation;
use crate::components::status::{Failure, Loading};
use crate::i18n::{use_i18n, I18n};
use crate::pages::assets::{detail::AssetDetail, new::NewAssetPage, register::AssetRegister};
use crate::pages::coming_soon::ComingSoon;
use crate::pages::dashboard::Dashboard;
use crate::pages::grants::{inbox::ApprovalsInbox, mine::MyRequests, request::AccessRequestPage};
use crate::pages::me::{profile::MyProfile, sessions::MySessions};
use crate::pages::not_found::NotFound;
use crate::pages::organisation::{
    area::OrganisationArea, department_detail::DepartmentDetail, department_list::DepartmentList,
    department_new::NewDepartment, people_list::PeopleList, person_detail::PersonDetail,
    person_new::NewPerson,
};
use crate::pages::sign_in::SignIn;
use crate::session::{Session, SessionState};

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
    I18n::provide();
    let session = Session::provide();
    let shell = Memo::new(move |_| match session.state() {
        SessionState::Checking => Shell::Checking,
        SessionState::SignedOut => Shell::SignedOut,
        SessionState::SignedIn(_) => Shell::SignedIn,
        SessionState::Unknown(failure) => Shell::Unknown(failure),
    });
    view! {
        <Router>
            <Header/>
            {move || match shell.get() {
                Shell::Checking => view! { <main id="main"><Loading/></main> }.into_any(),
                Shell::Unknown(failure) => view! { <Unreachable failure session/> }.into_any(),
                Shell::SignedOut => view! { <main id="main"><SignedOutRoutes/></main> }.into_any(),
                Shell::SignedIn => {
                    view! {
                        <div class="layout">
                            <Navigation/>
                            <main id="main"><SignedInRoutes/></main>
                        </div>
                    }
                        .into_any()
                }
            }}
        </Router>
    }
}

/// Goes to `path` instead of the current address (which stays out of the history). Navigates once
/// rendered: `<Redirect>` navigates while the router is still matching, inside a `<Routes>`
/// fallback, and the router's own lock then aborts the app.
#[component]
fn GoTo(path: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move |_| {
        navigate(
            path,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    });
}

#[component]
fn SignedOutRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <GoTo path="/sign-in"/> }>
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
            <Route path=path!("/register") view=AssetRegister/>
            <Route path=path!("/register/new") view=NewAssetPage/>
            <Route path=path!("/register/:id") view=AssetDetail/>
            <Route path=path!("/assets") view=|| view! { <GoTo path="/register"/> }/>
            <Route path=path!("/grants/request") view=AccessRequestPage/>
            <Route path=path!("/grants/mine") view=MyRequests/>
            <Route path=path!("/grants/inbox") view=ApprovalsInbox/>
            <Route path=path!("/access") view=|| view! { <GoTo path="/grants/mine"/> }/>
            <Route path=path!("/incidents") view=|| view! { <ComingSoon key="nav.incidents"/> }/>
            <Route path=path!("/audits") view=|| view! { <ComingSoon key="nav.audits"/> }/>
            <Route path=path!("/policies") view=|| view! { <ComingSoon key="nav.policies"/> }/>
            <ParentRoute path=path!("/organisation") view=OrganisationArea>
                <Route path=path!("") view=|| view! { <GoTo path="/organisation/people"/> }/>
                <Route path=path!("people") view=PeopleList/>
                <Route path=path!("people/new") view=NewPerson/>
                <Route path=path!("people/:id") view=PersonDetail/>
                <Route path=path!("departments") view=DepartmentList/>
                <Route path=path!("departments/new") view=NewDepartment/>
                <Route path=path!("departments/:id") view=DepartmentDetail/>
            </ParentRoute>
            <Route path=path!("/me/profile") view=MyProfile/>
            <Route path=path!("/me/sessions") view=MySessions/>
        </Routes>
    }
}

/// The server could not say who is signed in (down, or unreadable): say so, and offer to retry.
#[component]
fn Unreachable(failure: ApiFailure, session: Session) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main">
            <section class="page">
                <Failure failure/>
                <button type="button" class="button" on:click=move |_| session.check()>
                    {i18n.text("status.retry")}
                </button>
            </section>
        </main>
    }
}
