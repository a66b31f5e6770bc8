//! The register's addresses. Its screens are one chunk, fetched when the first of them shows.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, MatchNestedRoutes};

use crate::components::go_to::GoTo;
use crate::lazy_area::lazy_area;

lazy_area!(register {
    Register => super::register::AssetRegister,
    NewAsset => super::new::NewAssetPage,
    Asset => super::detail::AssetDetail,
});

#[component]
pub fn RegisterRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/register") view={Lazy::<Register>::new()}/>
        <Route path=path!("/register/new") view={Lazy::<NewAsset>::new()}/>
        <Route path=path!("/register/:id") view={Lazy::<Asset>::new()}/>
        <Route path=path!("/assets") view=|| view! { <GoTo path="/register"/> }/>
    }
    .into_inner()
}
