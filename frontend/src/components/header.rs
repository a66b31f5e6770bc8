use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The top bar: the product, the organisation, and the language toggle.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="header">
            <a class="brand" href="/">
                <span class="brand-mark">"守"</span>
                <span class="brand-name">{move || i18n.t("app.brand")}</span>
            </a>
            <span class="organisation">{move || i18n.t("app.organisation")}</span>
            <button
                class="lang-toggle"
                type="button"
                data-testid="lang-toggle"
                lang=move || i18n.lang().other().code()
                aria-label=move || i18n.t("lang.switch.label")
                on:click=move |_| i18n.toggle()
            >
                {move || i18n.t("lang.switch")}
            </button>
        </header>
    }
}
