use leptos::prelude::*;
use mamori_shared::api::auth::{SignIn as Credentials, SsoStatus, MAX_LOGIN_CHARS};

use crate::api;
use crate::components::form::{FormProblem, PasswordField, Submit, TextField};
use crate::components::page::Page;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::session::{use_session, Me};

/// The sign-in form. Once signed in, the app shows the dashboard.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sign_in = use_submission(move |me: Me| {
        password.set(String::new());
        session.signed_in(me);
    });
    let failure = sign_in.failure();
    let on_submit = sign_in.on_submit(move || {
        let credentials = Credentials {
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        Some(async move { api::post::<Me>("/auth/sign-in", &credentials).await })
    });
    // Single sign-on is offered when the server has an identity provider; it leaves the app for
    // the provider (a full navigation, not the router's), and comes back with a session.
    // The shell's one text resource type (a resource of a type of its own costs the first screen).
    let sso = api::text_resource(Box::new(|| "/auth/oidc".to_owned()));
    let sso_failed = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("sso=failed"));
    let sso_view = move || {
        let configured = sso.get().is_some_and(|text| {
            text.is_ok_and(|t| api::decode::<SsoStatus>(&t).is_ok_and(|s| s.configured))
        });
        configured.then(|| {
            view! {
                <p class="sso">
                    <a class="button" rel="external" href="/api/v1/auth/oidc/start" data-testid="sso">
                        {i18n.text("sign_in.sso")}
                    </a>
                </p>
            }
        })
    };
    view! {
        <Page title="sign_in.heading" class="sign-in">
            {sso_failed.then(|| view! { <p class="problem" role="alert">{i18n.text("sign_in.sso_failed")}</p> })}
            <form class="card form" novalidate on:submit=on_submit>
                <p class="lead">{i18n.text("sign_in.lead")}</p>
                <FormProblem failure shown=&["login", "password"]/>
                <TextField
                    id="sign-in-login"
                    label="sign_in.login"
                    value=login
                    field="login"
                    failure
                    autocomplete="username"
                    required=true
                    max_chars=MAX_LOGIN_CHARS
                />
                <PasswordField id="sign-in-password" label="sign_in.password" value=password field="password" failure/>
                <Submit label="sign_in.submit" pending=sign_in.pending()/>
            </form>
            {sso_view}
        </Page>
    }
}
