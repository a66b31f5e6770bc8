//! Selects of fixed codes, each named by its message: employment kinds, roles, asset kinds,
//! network tiers.

use leptos::prelude::*;
use mamori_shared::assets::{AssetKind, NetworkTier};
use mamori_shared::organisation::{EmploymentKind, Role};

use crate::components::form::{described_by, invalid, Field, FormFailure};
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

/// A labelled select of the kinds of asset; `value` holds the code.
#[component]
pub fn KindSelect(
    id: &'static str,
    value: RwSignal<String>,
    failure: FormFailure,
) -> impl IntoView {
    let codes = AssetKind::ALL.iter().map(|kind| kind.code()).collect();
    view! { <CodeSelect id label="asset.kind" field="kind" prefix="kind" codes value failure/> }
}

/// A labelled select of the network tiers, or none; `value` holds the code ("" for none).
#[component]
pub fn TierSelect(
    id: &'static str,
    value: RwSignal<String>,
    failure: FormFailure,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let codes = NetworkTier::ALL.iter().map(|tier| tier.code()).collect();
    view! {
        <CodeSelect id label="asset.tier" field="tier" prefix="tier" codes value failure none="tier.none" hint/>
    }
}

/// A select of `codes`, each named by the message `<prefix>.<code>`: one must be chosen, unless
/// `none` names the choice of none.
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
    #[prop(optional)] none: Option<&'static str>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = value.get_untracked();
    let unset = initial.is_empty();
    view! {
        <Field id label field failure hint>
            <select
                id=id
                name=field
                required=none.is_none()
                aria-invalid=invalid(failure, field)
                aria-describedby=described_by(id, failure, field, hint.is_some())
                bind:value=value
            >
                <option value="" disabled=none.is_none() selected=unset>
                    {move || i18n.t(none.unwrap_or("form.choose"))}
                </option>
                {codes
                    .into_iter()
                    .map(|code| {
                        let key = format!("{prefix}.{code}");
                        view! { <option value=code selected=initial == code>{move || i18n.t(&key)}</option> }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}
