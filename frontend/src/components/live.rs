//! Live changes of any area: a server's event stream (SSE) tells what changed as `change` events;
//! screens that show it reload. A stream carries no data of the records, only what changed (each
//! area reads its messages as its own type, e.g. the register's `RegisterChange`).

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};

use crate::api::{self, ApiFailure};
use crate::components::as_of::use_as_of;
use crate::i18n::use_i18n;

/// What the stream said while the screen was open.
#[derive(Clone, Copy)]
pub struct LiveChanges {
    /// Counts every reason to reload: a change, or a reconnection (changes may have been missed).
    pub reloads: ReadSignal<u64>,
    /// The latest change, as sent (JSON).
    last: ReadSignal<Option<String>>,
    /// Whether the stream is open.
    pub connected: ReadSignal<bool>,
}

impl LiveChanges {
    /// The API's `path` (a list or detail with as-of views: as of the moment looked at), loaded
    /// again whenever the stream gives a reason to.
    pub fn resource<T>(self, path: &'static str) -> LocalResource<Result<T, ApiFailure>>
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        let as_of = use_as_of();
        LocalResource::new(move || {
            self.reloads.track();
            let path = as_of.path(path);
            async move { api::get::<T>(&path).await }
        })
    }

    /// The latest change, if any and readable as `C` (not reactive: read it when `reloads` moves).
    pub fn last<C: DeserializeOwned>(&self) -> Option<C> {
        self.last.with_untracked(|last| {
            last.as_deref()
                .and_then(|data| serde_json::from_str(data).ok())
        })
    }
}

/// Opens the stream at `url` for as long as the calling component lives (the browser reconnects
/// by itself when the server restarts; the stream is closed when the screen goes, as browsers
/// allow only a few connections to one server).
pub fn use_live(url: &str) -> LiveChanges {
    let (reloads, set_reloads) = signal(0u64);
    let (last, set_last) = signal(None::<String>);
    let (connected, set_connected) = signal(false);
    let changes = LiveChanges {
        reloads,
        last,
        connected,
    };
    let Ok(source) = EventSource::new(url) else {
        return changes;
    };
    let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(data) = event.data().as_string() {
            set_last.set(Some(data));
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
    changes
}

/// Says whether the screen follows changes live.
#[component]
pub fn LiveStatus(changes: LiveChanges) -> impl IntoView {
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
