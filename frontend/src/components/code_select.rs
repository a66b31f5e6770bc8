//! Selects of the organisation's fixed codes: employment kinds and roles.

use leptos::prelude::*;
use mamori_shared::organisation::{EmploymentKind, Role};

use crate::components::form::{has_error, FieldError, FormFailure};
use crate::i18n::use_i18n;

/// A labelled select of the employment kinds; `value` holds the code.
#[component]
pub fn EmploymentSelect(
    id: &'static str,
    value: RwSignal<String>,
    failure: FormFailure,
) -> impl IntoView {
    let codes = EmploymentKind::ALL.iter().map(|kind| kind.code()).collect();
    view! {
        <CodeSelect id label="person.employment" field="employment" prefix="employment" codes value failure/>
    }
}

/// A labelled select of the guideline's roles; `value` holds the code.
#[component]
pub fn RoleSelect(
    id: &'static str,
    value: RwSignal<String>,
    failure: FormFailure,
) -> impl IntoView {
    let codes = Role::ALL.iter().map(|role| role.code()).collect();
    view! { <CodeSelect id label="role.role" field="role" prefix="role" codes value failure/> }
}

/// A select of `codes`, each named by the message `<prefix>.<code>`.
#[component]
fn CodeSelect(
    id: &'static str,
    /// The message key of the label.
    label: &'static str,
    field: &'static str,
    prefix: &'static str,
    codes: Vec<&'static str>,
    value: RwSignal<String>,
    failure: FormFailure,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let initial = value.get_untracked();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select
                id=id
                name=field
                required=true
                aria-invalid=move || has_error(failure, field).then_some("true")
                aria-describedby=move || has_error(failure, field).then(|| described.clone())
                bind:value=value
            >
                <option value="" disabled=true selected=initial.is_empty()>
                    {move || i18n.t("form.choose")}
                </option>
                {codes
                    .into_iter()
                    .map(|code| {
                        let key = format!("{prefix}.{code}");
                        view! { <option value=code selected=initial == code>{move || i18n.t(&key)}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError id=error_id field failure/>
        </div>
    }
}
