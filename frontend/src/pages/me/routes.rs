//! The addresses of the signed-in person's own things. Their screens are one chunk, fetched when the
//! first of them shows.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, Lazy};

use crate::lazy_area::lazy_area;

lazy_area!(me texts [me, people] {
    Profile => super::profile::MyProfile,
    Sessions => super::sessions::MySessions,
});

#[component]
pub fn MeRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/me") view=Outlet>
            <Route path=path!("profile") view={Lazy::<Profile>::new()}/>
            <Route path=path!("sessions") view={Lazy::<Sessions>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}
