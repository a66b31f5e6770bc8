//! A page still running an earlier version after a new one is deployed finds its areas' chunks gone
//! (every build has its own address: docs/frontend-size.md). Loading one then fails and the app
//! cannot go on, so the page reloads instead, getting the new version — at most once in a while, so
//! that a chunk which fails for another reason cannot make it reload without end.

/// What wasm-split's loader panics with when a chunk cannot be fetched or instantiated.
const LOAD_FAILED: &str = "load callback should succeed";
/// When the page last reloaded for that (milliseconds since the epoch), in the tab's session storage.
const RELOADED_AT: &str = "mamori.reloaded-for-a-chunk";
const AT_MOST_EVERY_MS: u64 = 30_000;

/// Panics are written to the console; one of a chunk that did not load also reloads the page.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if info.to_string().contains(LOAD_FAILED) {
            reload_once();
        }
    }));
}

fn reload_once() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Whole milliseconds: formatting and parsing floats would add kilobytes to the shell.
    let now = js_sys::Date::now() as u64;
    let storage = window.session_storage().ok().flatten();
    let last = storage
        .as_ref()
        .and_then(|storage| storage.get_item(RELOADED_AT).ok().flatten())
        .and_then(|at| at.parse::<u64>().ok());
    if last.is_some_and(|at| now.saturating_sub(at) < AT_MOST_EVERY_MS) {
        return;
    }
    if let Some(storage) = &storage {
        let _ = storage.set_item(RELOADED_AT, &now.to_string());
    }
    let _ = window.location().reload();
}
