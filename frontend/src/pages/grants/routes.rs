//! The grants' addresses. Their screens are one chunk, fetched when the first of them shows.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, Lazy};

use crate::lazy_area::lazy_area;

lazy_area!(grants texts [grants, grant_fields] {
    Request => super::request::AccessRequestPage,
    Mine => super::mine::MyRequests,
    Inbox => super::inbox::ApprovalsInbox,
});

#[component]
pub fn GrantRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/grants") view=Outlet>
            <Route path=path!("request") view={Lazy::<Request>::new()}/>
            <Route path=path!("mine") view={Lazy::<Mine>::new()}/>
            <Route path=path!("inbox") view={Lazy::<Inbox>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}
