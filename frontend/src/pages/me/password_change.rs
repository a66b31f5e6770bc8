use leptos::prelude::*;
use mamori_shared::api::auth::PasswordChange as Change;

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, PasswordField, Submit};
use crate::components::submission::use_submission;

/// Changing my password: the current one, the new one twice. The server then ends my other
/// sessions (ASVS 5.0 V7.4.3).
#[component]
pub fn PasswordChange() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let change = use_submission(move |()| {
        current.set(String::new());
        new.set(String::new());
        repeated.set(String::new());
    })
    .says(|_| Message::new("password.changed"));
    let failure = change.failure();
    let on_submit = change.on_submit(move || {
        let change = Change {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        Some(async move { api::put::<()>("/me/password", &change).await })
    });
    let form = view! {
        <form class="card form" novalidate on:submit=on_submit>
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
            <div class="actions">
                <Submit label="password.submit" pending=change.pending()/>
            </div>
        </form>
    };
    // After the fields' own checks (a missing password is said as missing).
    failure.insist(
        "new_password_repeated",
        "password-repeated",
        "password.mismatch",
        move || new.with(|new| repeated.with(|repeated| new == repeated)),
    );
    form
}
