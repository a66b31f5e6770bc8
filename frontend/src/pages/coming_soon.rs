use leptos::prelude::*;

use crate::components::page::Page;
use crate::i18n::use_i18n;

/// The page of an area whose screens are not built yet.
#[component]
pub fn ComingSoon(key: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=key>
            <p>{i18n.text("area.coming")}</p>
        </Page>
    }
}
