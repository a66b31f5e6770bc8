use leptos::prelude::*;
use mamori_shared::api::auth::{SignIn as Credentials, MAX_LOGIN_CHARS};

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
    view! {
        <Page title="sign_in.heading" class="sign-in">
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
        </Page>
    }
}
