//! A secret shown once (a token's value, a webhook's signing secret): in a highlighted box, with a
//! button that copies it and the warning that it is shown only now. It is held in memory by the
//! screen alone — never stored — and is gone when the screen is left.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;

/// A secret just received: what it is (the message key of its heading) and its value.
#[derive(Clone, PartialEq)]
pub struct Revealed {
    pub heading: &'static str,
    /// The message key of the warning that it is shown only now.
    pub warning: &'static str,
    pub value: String,
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`); whether it could be asked.
fn copy(text: &str) -> bool {
    let get = |target: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(target, &key.into())
            .ok()
            .filter(|v| !v.is_undefined())
    };
    let Some(clipboard) = get(&window().into(), "navigator").and_then(|n| get(&n, "clipboard"))
    else {
        return false;
    };
    let Some(write) =
        get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    write.call1(&clipboard, &text.into()).is_ok()
}

/// The box of a secret shown once; `shown` is cleared by its close button.
#[component]
pub fn OnceSecret(shown: RwSignal<Option<Revealed>>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    // Shown after a form at the foot of the screen: the focus (and the view) goes to it.
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            let _ = element.focus();
        }
    });
    move || {
        shown.get().map(|revealed| {
            let value = revealed.value.clone();
            view! {
                <div node_ref=node tabindex="-1" class="warning once-secret" role="region" aria-labelledby="once-secret-heading" data-testid="once-secret">
                    <h2 id="once-secret-heading">{i18n.text(revealed.heading)}</h2>
                    <p><strong>{i18n.text(revealed.warning)}</strong></p>
                    <p>
                        <code class="hash" data-testid="once-secret-value">{revealed.value.clone()}</code>
                    </p>
                    <div class="actions">
                        <button type="button" class="button button-primary" data-testid="once-secret-copy" on:click=move |_| copied.set(copy(&value))>
                            {i18n.text("secret.copy")}
                        </button>
                        <button type="button" class="button" data-testid="once-secret-close" on:click=move |_| {
                            copied.set(false);
                            shown.set(None);
                        }>
                            {i18n.text("secret.close")}
                        </button>
                        <span role="status">{move || copied.get().then(|| i18n.t("secret.copied"))}</span>
                    </div>
                </div>
            }
        })
    }
}
