//! The register's addresses. Its screens are one chunk, fetched when the first of them shows.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, Lazy};

use crate::lazy_area::lazy_area;

lazy_area!(register texts [register, history, grant_fields] {
    Register => super::register::AssetRegister,
    NewAsset => super::new::NewAssetPage,
    Import => super::import::ImportPage,
    Asset => super::detail::AssetDetail,
});

#[component]
pub fn RegisterRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/register") view=Outlet>
            <Route path=path!("") view={Lazy::<Register>::new()}/>
            <Route path=path!("new") view={Lazy::<NewAsset>::new()}/>
            <Route path=path!("import") view={Lazy::<Import>::new()}/>
            <Route path=path!(":id") view={Lazy::<Asset>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}
