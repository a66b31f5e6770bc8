use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || i18n.t("notfound.heading")}</h1>
            <p><A href="/">{move || i18n.t("notfound.back")}</A></p>
        </section>
    }
}
