use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::labels::role_in_scope;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Who is signed in, the roles they hold today, and signing out.
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sign_out = use_submission(|()| ());
    let signing_out = sign_out.pending();
    let name = move || session.me().map(|me| me.name).unwrap_or_default();
    let roles = move || {
        session
            .me()
            .map(|me| me.roles)
            .unwrap_or_default()
            .into_iter()
            .map(|role| view! { <li class="role-chip">{move || role_in_scope(i18n, role.role, role.in_department(), role.department_name.as_deref())}</li> })
            .collect_view()
    };
    view! {
        <div class="user" data-testid="user">
            <A href="/me/profile" attr:class="user-name" attr:data-testid="user-name">
                {name}
            </A>
            <ul class="roles" aria-label=i18n.text("header.roles") data-testid="user-roles">
                {roles}
            </ul>
            <button
                class="sign-out"
                type="button"
                data-testid="sign-out"
                disabled=signing_out
                on:click=move |_| {
                    sign_out.send(async move {
                        let result = api::post_empty::<()>("/auth/sign-out").await;
                        // Whatever the server answered, this browser is signed out now (the app
                        // then shows the sign-in page, which says so).
                        session.signed_out_saying("sign_out.done");
                        result
                    })
                }
            >
                {i18n.text("header.sign_out")}
            </button>
        </div>
    }
}
