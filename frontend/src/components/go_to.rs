use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Goes to `path` instead of the current address (which stays out of the history). Navigates once
/// rendered: `<Redirect>` navigates while the router is still matching, inside a `<Routes>`
/// fallback, and the router's own lock then aborts the app.
#[component]
pub fn GoTo(path: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move |_| {
        navigate(
            path,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    });
}
