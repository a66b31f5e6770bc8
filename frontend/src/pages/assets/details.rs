//! The register's particulars of an asset (読み仮名, 保存期間, 個人情報, 委託先, 外部サービス): their
//! fields in the registration form and in the change form, and how the asset's page shows them.
//! The rules on them (特定個人情報 only on the マイナンバー利用事務系, personal information never public)
//! are the server's; its answer says which field broke one.

use leptos::prelude::*;
use mamori_shared::api::assets::{AssetView, DetailsChange};
use mamori_shared::assets::{PersonalInformation, Retention};

use crate::components::feedback::Message;
use crate::components::form::{
    described_by, invalid, Field, FormFailure, FormProblem, ReasonField, Submit, TextField,
};
use crate::components::submission::use_submission;
use crate::i18n::{use_i18n, I18n};

/// The fields of the particulars, as the forms hold them.
#[derive(Clone, Copy)]
pub struct Details {
    pub reading: RwSignal<String>,
    /// `""`, `under_one_year`, `years`, `permanent`
    pub retention: RwSignal<String>,
    pub years: RwSignal<String>,
    /// `""` (not recorded) or a [`PersonalInformation`] code
    pub personal: RwSignal<String>,
    pub contractor: RwSignal<String>,
    pub external_service: RwSignal<String>,
}

impl Details {
    pub fn new(asset: Option<&AssetView>) -> Self {
        let (retention, years) = match asset.and_then(|a| a.retention) {
            None => ("", String::new()),
            Some(Retention::UnderOneYear) => ("under_one_year", String::new()),
            Some(Retention::Years(n)) => ("years", n.to_string()),
            Some(Retention::Permanent) => ("permanent", String::new()),
        };
        let text = |value: Option<&Option<String>>| {
            RwSignal::new(value.and_then(Clone::clone).unwrap_or_default())
        };
        Self {
            reading: text(asset.map(|a| &a.reading)),
            retention: RwSignal::new(retention.to_owned()),
            years: RwSignal::new(years),
            personal: RwSignal::new(
                asset
                    .and_then(|a| a.personal_information)
                    .map(|p| p.code().to_owned())
                    .unwrap_or_default(),
            ),
            contractor: text(asset.map(|a| &a.contractor)),
            external_service: text(asset.map(|a| &a.external_service)),
        }
    }

    fn optional(value: RwSignal<String>) -> Option<String> {
        Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
    }

    pub fn reading(self) -> Option<String> {
        Self::optional(self.reading)
    }

    /// The retention chosen; years that are not a number are sent as 0, which the server refuses
    /// with its reason.
    pub fn retention(self) -> Option<Retention> {
        match self.retention.get_untracked().as_str() {
            "under_one_year" => Some(Retention::UnderOneYear),
            "permanent" => Some(Retention::Permanent),
            "years" => Some(Retention::Years(
                self.years.get_untracked().trim().parse().unwrap_or(0),
            )),
            _ => None,
        }
    }

    pub fn personal_information(self) -> Option<PersonalInformation> {
        let code = self.personal.get_untracked();
        PersonalInformation::ALL
            .into_iter()
            .find(|p| p.code() == code)
    }

    pub fn contractor(self) -> Option<String> {
        Self::optional(self.contractor)
    }

    pub fn external_service(self) -> Option<String> {
        Self::optional(self.external_service)
    }
}

/// A retention period in the user's language.
pub fn retention_name(i18n: I18n, retention: Option<Retention>) -> String {
    match retention {
        None => "—".to_owned(),
        Some(Retention::UnderOneYear) => i18n.t("retention.under_one_year"),
        Some(Retention::Years(n)) => i18n.t("retention.years_n").replace("{n}", &n.to_string()),
        Some(Retention::Permanent) => i18n.t("retention.permanent"),
    }
}

pub fn personal_name(i18n: I18n, personal: Option<PersonalInformation>) -> String {
    match personal {
        None => "—".to_owned(),
        Some(p) => i18n.t(&format!("personal.{}", p.code())),
    }
}

/// The particulars' controls, inside a form whose submission is `failure`'s.
#[component]
pub fn DetailsFields(
    /// Prefix of the controls' ids (one page may hold two forms).
    prefix: &'static str,
    details: Details,
    failure: FormFailure,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = |name: &str| format!("{prefix}-{name}");
    let retention_id = id("retention");
    let personal_id = id("personal");
    let years_id = id("years");
    let retention = details.retention;
    let choices = move |codes: &'static [(&'static str, &'static str)], current: String| {
        codes
            .iter()
            .map(move |(code, key)| {
                let selected = current == *code;
                view! { <option value=*code selected=selected>{i18n.text(key)}</option> }
            })
            .collect_view()
    };
    view! {
        <TextField
            id=id("reading")
            label="asset.reading"
            value=details.reading
            field="reading"
            failure
            max_chars=100
            hint=Some("asset.reading.hint")
        />
        <Field id=retention_id.clone() label="asset.retention" field="retention" failure>
            <div class="inline-fields">
                <select
                    id=retention_id.clone()
                    name="retention"
                    aria-invalid=invalid(failure, "retention")
                    aria-describedby=described_by(&retention_id, failure, "retention", false)
                    bind:value=details.retention
                >
                    {choices(
                        &[
                            ("", "retention.none"),
                            ("under_one_year", "retention.under_one_year"),
                            ("years", "retention.years"),
                            ("permanent", "retention.permanent"),
                        ],
                        details.retention.get_untracked(),
                    )}
                </select>
                {move || (retention.get() == "years").then(|| view! {
                    <label class="visually-hidden" for=years_id.clone()>{i18n.text("retention.years.count")}</label>
                    <input
                        id=years_id.clone()
                        name="retention_years"
                        type="number"
                        min="1"
                        max="100"
                        inputmode="numeric"
                        class="input-short"
                        bind:value=details.years
                    />
                    <span>{i18n.text("retention.years.unit")}</span>
                })}
            </div>
        </Field>
        <Field id=personal_id.clone() label="asset.personal" field="personal_information" failure hint=Some("asset.personal.hint")>
            <select
                id=personal_id.clone()
                name="personal_information"
                aria-invalid=invalid(failure, "personal_information")
                aria-describedby=described_by(&personal_id, failure, "personal_information", true)
                bind:value=details.personal
            >
                {choices(
                    &[
                        ("", "personal.unrecorded"),
                        ("none", "personal.none"),
                        ("personal", "personal.personal"),
                        ("specific_personal", "personal.specific_personal"),
                    ],
                    details.personal.get_untracked(),
                )}
            </select>
        </Field>
        <TextField id=id("contractor") label="asset.contractor" value=details.contractor field="contractor" failure max_chars=200/>
        <TextField
            id=id("external-service")
            label="asset.external_service"
            value=details.external_service
            field="external_service"
            failure
            max_chars=200
        />
    }
}

/// The particulars in the asset's record (inside its `<dl>`).
#[component]
pub fn DetailsFacts(asset: AssetView) -> impl IntoView {
    let i18n = use_i18n();
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
    let (retention, personal) = (asset.retention, asset.personal_information);
    view! {
        <dt>{i18n.text("asset.reading")}</dt>
        <dd data-testid="asset-reading">{text(&asset.reading)}</dd>
        <dt>{i18n.text("asset.retention")}</dt>
        <dd data-testid="asset-retention">{move || retention_name(i18n, retention)}</dd>
        <dt>{i18n.text("asset.personal")}</dt>
        <dd data-testid="asset-personal">{move || personal_name(i18n, personal)}</dd>
        <dt>{i18n.text("asset.contractor")}</dt>
        <dd data-testid="asset-contractor">{text(&asset.contractor)}</dd>
        <dt>{i18n.text("asset.external_service")}</dt>
        <dd data-testid="asset-external-service">{text(&asset.external_service)}</dd>
    }
}

/// Changing the particulars, all at once, with a reason (`POST /assets/{id}/details`, If-Match).
#[component]
pub fn DetailsChangeForm(asset: AssetView, updated: Callback<AssetView>) -> impl IntoView {
    let details = Details::new(Some(&asset));
    let reason = RwSignal::new(String::new());
    let command = use_submission(move |asset: AssetView| updated.run(asset))
        .says(|asset| Message::new("details.changed").with("{name}", &asset.name));
    let failure = command.failure();
    let (id, version) = (asset.id, asset.version);
    let on_submit =
        command.on_submit(move || {
            let body = DetailsChange {
                reading: details.reading(),
                retention: details.retention(),
                personal_information: details.personal_information(),
                contractor: details.contractor(),
                external_service: details.external_service(),
                reason: reason.get_untracked(),
            };
            Some(async move {
                crate::api::post_at(&format!("/assets/{id}/details"), version, &body).await
            })
        });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="details-change">
            <FormProblem failure shown=&["reading", "retention", "personal_information", "contractor", "external_service", "reason"]/>
            <DetailsFields prefix="details-change" details failure/>
            <ReasonField id="details-change-reason" value=reason failure/>
            <div class="actions">
                <Submit label="details.change.submit" pending=command.pending()/>
            </div>
        </form>
    }
}
