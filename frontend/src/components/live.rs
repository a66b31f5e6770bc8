//! Live changes of the register: the server's event stream (`GET /api/v1/assets/events`, SSE) tells
//! which asset changed; screens that show the register reload what changed. The stream carries no
//! asset data, only positions, event types and ids, and only of assets the person may see.

use leptos::prelude::*;
use mamori_shared::api::assets::RegisterChange;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};

use crate::i18n::use_i18n;

const STREAM: &str = "/api/v1/assets/events";

/// What the stream said while the screen was open.
#[derive(Clone, Copy)]
pub struct RegisterChanges {
    /// Counts every reason to reload: a change, or a reconnection (changes may have been missed).
    pub reloads: ReadSignal<u64>,
    /// The latest change.
    pub last: ReadSignal<Option<RegisterChange>>,
    /// Whether the stream is open.
    pub connected: ReadSignal<bool>,
}

impl RegisterChanges {
    /// Whether the latest change concerns `asset_id` (reactive).
    pub fn concerns(&self, asset_id: uuid::Uuid) -> bool {
        self.last
            .with(|last| last.as_ref().is_some_and(|c| c.asset_id == Some(asset_id)))
    }
}

/// Opens the stream for as long as the calling component lives (the browser reconnects by itself
/// when the server restarts; the stream is closed when the screen goes, as browsers allow only a
/// few connections to one server).
pub fn use_register_changes() -> RegisterChanges {
    let (reloads, set_reloads) = signal(0u64);
    let (last, set_last) = signal(None::<RegisterChange>);
    let (connected, set_connected) = signal(false);
    let Ok(source) = EventSource::new(STREAM) else {
        return RegisterChanges {
            reloads,
            last,
            connected,
        };
    };
    let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let change = event
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<RegisterChange>(&data).ok());
        if let Some(change) = change {
            set_last.set(Some(change));
            set_reloads.update(|n| *n += 1);
        }
    });
    let mut opened_before = false;
    let on_open = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        set_connected.set(true);
        if opened_before {
            set_reloads.update(|n| *n += 1);
        }
        opened_before = true;
    });
    let on_error = Closure::<dyn FnMut(Event)>::new(move |_: Event| set_connected.set(false));
    let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The listeners live as long as the stream; both go with the screen.
    let held = StoredValue::new_local((source, on_change, on_open, on_error));
    on_cleanup(move || {
        held.try_with_value(|(source, ..)| {
            source.set_onopen(None);
            source.set_onerror(None);
            source.close();
        });
    });
    RegisterChanges {
        reloads,
        last,
        connected,
    }
}

/// Says whether the screen follows changes live.
#[component]
pub fn LiveStatus(changes: RegisterChanges) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span
            class=move || if changes.connected.get() { "live live-on" } else { "live" }
            data-testid="live-status"
            data-connected=move || changes.connected.get().to_string()
            role="status"
        >
            {move || {
                if changes.connected.get() { i18n.t("live.on") } else { i18n.t("live.off") }
            }}
        </span>
    }
}
