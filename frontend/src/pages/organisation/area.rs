use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

use crate::components::guard::RequirePermission;
use crate::i18n::use_i18n;
use crate::session::ORGANISATION_VIEW;

/// The frame of the organisation's screens: for those who may see it, its two lists as tabs.
#[component]
pub fn OrganisationArea() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RequirePermission permission=ORGANISATION_VIEW>
            <nav class="tabs" aria-label=i18n.text("nav.organisation")>
                <A href="/organisation/people">{i18n.text("organisation.people")}</A>
                <A href="/organisation/departments">{i18n.text("organisation.departments")}</A>
            </nav>
            <Outlet/>
        </RequirePermission>
    }
}
