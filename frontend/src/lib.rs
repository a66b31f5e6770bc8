//! Mamori's browser app: a Leptos app rendered in the browser (client-side), compiled to WebAssembly
//! and served by the backend. Japanese first; every text comes from `locales/*.json` through [`i18n`].

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod lazy_area;
pub mod pages;
pub mod session;
mod stale_build;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point, called by the generated JavaScript once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    stale_build::install_panic_hook();
    leptos::mount::mount_to_body(app::App);
}
