//! The addresses of the client systems (連携システム). Their screens are one chunk, fetched when
//! the first of them shows.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, Lazy};

use crate::lazy_area::lazy_area;

lazy_area!(integration texts [integration] {
    List => super::list::ClientList,
    NewClient => super::new::NewClientPage,
    Client => super::detail::ClientPage,
});

#[component]
pub fn IntegrationRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("integrations") view=Outlet>
            <Route path=path!("") view={Lazy::<List>::new()}/>
            <Route path=path!("new") view={Lazy::<NewClient>::new()}/>
            <Route path=path!(":id") view={Lazy::<Client>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}
