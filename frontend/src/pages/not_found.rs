use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page::Page;
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title="notfound.heading">
            <p><A href="/">{i18n.text("notfound.back")}</A></p>
        </Page>
    }
}
