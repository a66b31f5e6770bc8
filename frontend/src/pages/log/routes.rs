//! The address of the record's integrity. Its screen is one chunk, fetched when it first shows.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, Lazy};

use crate::lazy_area::lazy_area;

lazy_area!(log texts [log, history] {
    Integrity => super::integrity::Integrity,
});

#[component]
pub fn LogRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("/log") view={Lazy::<Integrity>::new()}/> }.into_inner()
}
