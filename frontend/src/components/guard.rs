use leptos::prelude::*;

use crate::components::status::NotPermitted;
use crate::session::use_session;

/// Whether a view's `allowed` (the actions Cedar permits the caller on it, as the server says)
/// holds `action`: for showing or hiding its buttons, never decided here.
pub fn allows(allowed: Option<&[String]>, action: &str) -> bool {
    allowed.is_some_and(|allowed| allowed.iter().any(|a| a == action))
}

/// Shows its children only to those whose `Me.permissions` include `permission`; others see "not
/// permitted" (the server refuses them anyway: this spares them a form they cannot send).
#[component]
pub fn RequirePermission(permission: &'static str, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let allowed = Memo::new(move |_| session.can(permission));
    move || {
        if allowed.get() {
            children().into_any()
        } else {
            view! { <NotPermitted/> }.into_any()
        }
    }
}
