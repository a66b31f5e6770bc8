//! Selects of fixed codes, each named by its message (`<prefix>.<code>`): employment kinds, roles,
//! asset kinds, network tiers.

use leptos::prelude::*;
use mamori_shared::assets::{AssetKind, NetworkTier};
use mamori_shared::organisation::{EmploymentKind, Role};

use crate::components::form::{aria_required, described_by, invalid, Field, FormFailure, Rule};
use crate::i18n::{use_i18n, I18n};

/// The sets of codes a form chooses from.
#[derive(Clone, Copy)]
pub enum Codes {
    Employment,
    Role,
    AssetKind,
    /// A network tier, or none.
    Tier,
}

impl Codes {
    /// (label's message key, field in the API, prefix of the codes' messages, "none" message key)
    fn describe(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    ) {
        match self {
            Self::Employment => ("person.employment", "employment", "employment", None),
            Self::Role => ("role.role", "role", "role", None),
            Self::AssetKind => ("asset.kind", "kind", "kind", None),
            Self::Tier => ("asset.tier", "tier", "tier", Some("tier.none")),
        }
    }

    /// The message key of the set's label.
    pub fn label(self) -> &'static str {
        self.describe().0
    }

    /// The name of the set's field in the API (and of the register's filter).
    pub fn field(self) -> &'static str {
        self.describe().1
    }

    /// Every code with its name in the user's language (reactive).
    pub fn choices(self, i18n: I18n) -> Vec<(String, String)> {
        let prefix = self.describe().2;
        self.codes()
            .into_iter()
            .map(|code| (code.to_owned(), i18n.t(&format!("{prefix}.{code}"))))
            .collect()
    }

    fn codes(self) -> Vec<&'static str> {
        match self {
            Self::Employment => EmploymentKind::ALL.iter().map(|k| k.code()).collect(),
            Self::Role => Role::ALL.iter().map(|r| r.code()).collect(),
            Self::AssetKind => AssetKind::ALL.iter().map(|k| k.code()).collect(),
            Self::Tier => NetworkTier::ALL.iter().map(|t| t.code()).collect(),
        }
    }
}

/// A labelled select of `codes`; `value` holds the chosen code. One must be chosen, unless the set
/// has a choice of none ("" then).
#[component]
pub fn CodeSelect(
    id: &'static str,
    codes: Codes,
    value: RwSignal<String>,
    failure: FormFailure,
    /// The message key of a hint shown beneath the select.
    #[prop(into, default = None)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (label, field, prefix, none) = codes.describe();
    let initial = value.get_untracked();
    let unset = initial.is_empty();
    // Without a choice of none, one must be chosen.
    let rule = if none.is_none() {
        Rule::choice()
    } else {
        Rule::default()
    };
    view! {
        <Field id label field failure hint rule value=value>
            <select
                id=id
                name=field
                aria-required=aria_required(rule)
                aria-invalid=invalid(failure, field)
                aria-describedby=described_by(id, failure, field, hint.is_some())
                bind:value=value
            >
                <option value="" disabled=none.is_none() selected=unset>
                    {move || i18n.t(none.unwrap_or("form.choose"))}
                </option>
                {codes
                    .codes()
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
