use super::asset_label;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use mamori_shared::api::assets::{GrantRequest, GrantView};
use mamori_shared::assets::AccessLevel;
use uuid::Uuid;

use crate::api;
use crate::components::dates::{days_from_today, today};
use crate::components::feedback::Message;
use crate::components::form::{
    described_by, invalid, Field, FieldError, FormFailure, FormProblem, ReasonField, Rule, Submit,
    TextField,
};
use crate::components::labels::{access_code, access_key, ACCESS_LEVELS};
use crate::components::page::Page;
use crate::components::section::Section;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::grants::inquiry::InquiryForm;

/// How long a grant lasts unless the requester says otherwise: well beyond the days before its
/// end in which the server reminds its holder, so that a new grant is not "ending soon".
const DEFAULT_DAYS: i32 = 90;

/// `/grants/request?asset=<id>`: asking for access to an asset by its id, for someone who cannot see
/// it (the register does not show it to them; its owner gives them the id). Once sent, my requests.
#[component]
pub fn AccessRequestPage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let i18n = use_i18n();
    let asset = query.with_untracked(|q| q.get("asset").unwrap_or_default());
    let requested = Callback::new(move |_: GrantView| navigate("/grants/mine", Default::default()));
    view! {
        <Page title="grant.request.heading" lead="grant.request.lead">
            <Section id="inquiry-heading" title="inquiry.heading" class="card">
                <p class="lead">{i18n.text("inquiry.lead")}</p>
                <InquiryForm/>
            </Section>
            <Section id="by-id-heading" title="grant.request.by_id" class="card">
                <p class="lead">{i18n.text("grant.request.by_id.lead")}</p>
                <AccessRequestForm asset_id=None initial_id=asset requested/>
            </Section>
        </Page>
    }
}

/// Which access is asked for: one radio button a level, each with what it allows.
#[component]
pub fn AccessChoice(
    /// Names the inputs (`{prefix}-access-view`, ...).
    prefix: &'static str,
    access: RwSignal<AccessLevel>,
    failure: FormFailure,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
            <fieldset class="field">
                <legend>{i18n.text("grant.access")}</legend>
                {ACCESS_LEVELS
                    .into_iter()
                    .map(|level| {
                        let code = access_code(level);
                        let input_id = format!("{prefix}-access-{code}");
                        let hint = format!("{}.hint", access_key(level));
                        view! {
                            <div class="field-check">
                                <input
                                    id=input_id.clone()
                                    type="radio"
                                    name="access"
                                    value=code
                                    prop:checked=move || access.get() == level
                                    on:change=move |_| access.set(level)
                                />
                                <label for=input_id>
                                    {move || i18n.t(&access_key(level))}
                                    <span class="hint">" — " {move || i18n.t(&hint)}</span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
                <FieldError id=format!("{prefix}-access-error") field="access" failure/>
            </fieldset>
    }
}

/// An asset's id (管理番号) as its owner gives it.
const ASSET_ID: Rule = Rule {
    format: Some((valid_id, "grant.asset_id.invalid")),
    ..Rule::text(0)
};

fn valid_id(text: &str) -> bool {
    Uuid::parse_str(text).is_ok()
}

/// The access request (申請): which asset (unless known), what access, why, until when. Once it
/// is recorded, the app says so, with the way to my requests (unless it goes there).
#[component]
pub fn AccessRequestForm(
    /// The asset, when the form sits on its page; otherwise the form asks for its id.
    asset_id: Option<Uuid>,
    /// The id to start with, when the form asks for it.
    #[prop(optional)]
    initial_id: String,
    /// What to do once the request is recorded (besides saying so).
    #[prop(optional)]
    requested: Option<Callback<GrantView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asset_text = RwSignal::new(initial_id);
    let access = RwSignal::new(AccessLevel::View);
    let reason = RwSignal::new(String::new());
    let until = RwSignal::new(days_from_today(DEFAULT_DAYS));
    let request = use_submission(move |grant: GrantView| {
        reason.set(String::new());
        if let Some(requested) = requested {
            requested.run(grant);
        }
    })
    .says(move |grant| {
        let message = Message::new("grant.request.done").with("{asset}", asset_label(i18n, grant));
        match requested {
            Some(_) => message,
            None => message.link("/grants/mine", "nav.my_requests"),
        }
    });
    let failure = request.failure();
    let on_submit = request.on_submit(move || {
        let asset = asset_id.or_else(|| Uuid::parse_str(asset_text.get_untracked().trim()).ok());
        let body = GrantRequest {
            access: access.get_untracked(),
            reason: reason.get_untracked(),
            until: until.get_untracked(),
        };
        let path = format!("/assets/{}/grants", asset?);
        Some(async move { api::post(&path, &body).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="access-request">
            <FormProblem failure shown=&["reason", "until", "access"]/>
            {asset_id.is_none().then(|| view! {
                <Field id="grant-asset" label="grant.asset_id" field="asset_id" failure hint=Some("grant.asset_id.hint") rule=ASSET_ID value=asset_text>
                    <input
                        id="grant-asset"
                        name="asset_id"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-required="true"
                        aria-invalid=invalid(failure, "asset_id")
                        aria-describedby=described_by("grant-asset", failure, "asset_id", true)
                        bind:value=asset_text
                    />
                </Field>
            })}
            <AccessChoice prefix="grant" access failure/>
            <ReasonField id="grant-reason" value=reason failure/>
            <TextField
                id="grant-until"
                label="grant.until"
                value=until
                field="until"
                failure
                kind="date"
                required=true
                min=today()
                hint="grant.until.hint"
            />
            <div class="actions">
                <Submit label="grant.request.submit" pending=request.pending()/>
            </div>
        </form>
    }
}
