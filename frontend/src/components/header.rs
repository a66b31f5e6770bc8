use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::tasks::TasksBadge;
use crate::components::user_menu::UserMenu;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// The top bar: the product, the organisation, who is signed in, and the language toggle.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = Memo::new(move |_| session.me().is_some());
    view! {
        <header class="header">
            <A href="/" attr:class="brand">
                <span class="brand-mark">"守"</span>
                <span class="brand-name">{i18n.text("app.brand")}</span>
            </A>
            <span class="organisation">{i18n.text("app.organisation")}</span>
            <Show when=move || signed_in.get()>
                <TasksBadge/>
                <UserMenu/>
            </Show>
            <button
                class="lang-toggle"
                type="button"
                data-testid="lang-toggle"
                lang=move || i18n.lang().other().code()
                aria-label=i18n.text("lang.switch.label")
                on:click=move |_| i18n.toggle()
            >
                {i18n.text("lang.switch")}
            </button>
        </header>
    }
}
