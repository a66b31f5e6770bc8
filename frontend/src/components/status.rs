use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::use_i18n;

/// Shown while data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.t("status.loading")}</p> }
}

/// Shown when data could not be had: what happened, in the user's language.
#[component]
pub fn Failure(failure: ApiFailure) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="failure" role="alert">
            <p>{move || i18n.t("status.error")}</p>
            <p class="failure-detail">{move || failure.message(i18n.lang())}</p>
        </div>
    }
}

/// Shown instead of a screen the signed-in person may not use.
#[component]
pub fn NotPermitted() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || i18n.t("forbidden.heading")}</h1>
            <p class="notice" role="alert" data-testid="not-permitted">
                {move || i18n.t("forbidden.text")}
            </p>
        </section>
    }
}
