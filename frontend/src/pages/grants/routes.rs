//! The grants' addresses. Their screens are one chunk, fetched when the first of them shows.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, MatchNestedRoutes};

use crate::components::go_to::GoTo;
use crate::lazy_area::lazy_area;

lazy_area!(grants {
    Request => super::request::AccessRequestPage,
    Mine => super::mine::MyRequests,
    Inbox => super::inbox::ApprovalsInbox,
});

#[component]
pub fn GrantRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/grants/request") view={Lazy::<Request>::new()}/>
        <Route path=path!("/grants/mine") view={Lazy::<Mine>::new()}/>
        <Route path=path!("/grants/inbox") view={Lazy::<Inbox>::new()}/>
        <Route path=path!("/access") view=|| view! { <GoTo path="/grants/mine"/> }/>
    }
    .into_inner()
}
