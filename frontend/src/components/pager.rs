use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Where a paginated list is, and the way to the previous and next pages.
#[component]
pub fn Pager(total: u64, offset: RwSignal<u64>, limit: u64) -> impl IntoView {
    let i18n = use_i18n();
    let range = move || {
        let from = offset.get();
        if total == 0 {
            return i18n.t("pager.none");
        }
        i18n.t("pager.range")
            .replace("{from}", &(from + 1).to_string())
            .replace("{to}", &(from + limit).min(total).to_string())
            .replace("{total}", &total.to_string())
    };
    view! {
        <nav class="pager" aria-label=i18n.text("pager.label")>
            <span role="status" data-testid="pager-range">{range}</span>
            <button
                type="button"
                class="button"
                disabled=move || offset.get() == 0
                on:click=move |_| offset.update(|o| *o = o.saturating_sub(limit))
            >
                {i18n.text("pager.previous")}
            </button>
            <button
                type="button"
                class="button"
                disabled=move || { offset.get() + limit >= total }
                on:click=move |_| offset.update(|o| *o += limit)
            >
                {i18n.text("pager.next")}
            </button>
        </nav>
    }
}
