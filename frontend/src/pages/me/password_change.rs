use leptos::prelude::*;
use mamori_shared::api::auth::PasswordChange as Change;

use crate::api;
use crate::components::form::{FormProblem, PasswordField, Submit};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;

/// Changing my password: the current one, the new one twice. The server then ends my other
/// sessions (ASVS 5.0 V7.4.3).
#[component]
pub fn PasswordChange() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let change = use_submission(move |()| {
        current.set(String::new());
        new.set(String::new());
        repeated.set(String::new());
    });
    let failure = change.failure();
    let done = change.done();
    let on_submit = change.on_submit(move || {
        let differs = new.get_untracked() != repeated.get_untracked();
        mismatch.set(differs);
        let change = Change {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        (!differs).then_some(async move { api::put::<()>("/me/password", &change).await })
    });
    view! {
        <form class="card form" on:submit=on_submit>
            <Show when=move || done.with(Option::is_some)>
                <p class="success" role="status">{i18n.text("password.changed")}</p>
            </Show>
            <FormProblem failure shown=&["current_password", "new_password"]/>
            <PasswordField id="password-current" label="password.current" value=current field="current_password" failure/>
            <PasswordField
                id="password-new"
                label="password.new"
                value=new
                field="new_password"
                failure
                new=true
                hint="password.policy"
            />
            <PasswordField
                id="password-repeated"
                label="password.repeat"
                value=repeated
                field="new_password_repeated"
                failure
                new=true
            />
            <Show when=move || mismatch.get()>
                <p class="field-error" role="alert">{i18n.text("password.mismatch")}</p>
            </Show>
            <div class="actions">
                <Submit label="password.submit" pending=change.pending()/>
            </div>
        </form>
    }
}
