//! The addresses of the signed-in person's own things. Their screens are one chunk, fetched when the
//! first of them shows.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, MatchNestedRoutes};

use crate::lazy_area::lazy_area;

lazy_area!(me {
    Profile => super::profile::MyProfile,
    Sessions => super::sessions::MySessions,
});

#[component]
pub fn MeRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/me/profile") view={Lazy::<Profile>::new()}/>
        <Route path=path!("/me/sessions") view={Lazy::<Sessions>::new()}/>
    }
    .into_inner()
}
