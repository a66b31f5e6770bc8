use leptos::prelude::*;
use mamori_shared::api::documents::{CommitteeView, KindRule};
use mamori_shared::documents::{DecisionRule, Threshold};

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::FormProblem;
use crate::components::guard::allows;
use crate::components::page::Page;
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::{
    fetch, kind_key, read, rule_text, threshold_code, threshold_key, DOCUMENTS, THRESHOLDS,
};

/// 情報セキュリティ委員会: its members in office today (the chair, the CISO, first) and how it
/// decides on each kind of document; the chair sets the rules.
#[component]
pub fn CommitteePage() -> impl IntoView {
    let committee = fetch(|| "/committee".to_owned());
    let updated = Callback::new(move |_: CommitteeView| committee.refetch());
    view! {
        <Page title="committee.heading" breadcrumbs=&[(DOCUMENTS, "documents.heading")] lead="committee.lead">
            <Loaded value={move || read::<CommitteeView>(committee)} let:committee>
                <Committee committee updated/>
            </Loaded>
        </Page>
    }
}

#[component]
fn Committee(committee: CommitteeView, updated: Callback<CommitteeView>) -> impl IntoView {
    let i18n = use_i18n();
    let manages = allows(committee.allowed.as_deref(), "committee.manage");
    let version = committee.version;
    view! {
        <Section id="members-heading" title="committee.members">
            {if committee.members.is_empty() {
                view! { <p class="empty">{i18n.text("committee.no_members")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" data-testid="committee-members">
                        {committee.members.into_iter().map(|m| view! {
                            <li data-testid="committee-member">
                                {m.name}
                                {m.chair.then(|| view! { " " <span class="badge">{i18n.text("review.chair")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Section>
        <Section id="rules-heading" title="committee.rules">
            <div class="table-scroll">
                <table class="table" data-testid="committee-rules">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text("document.kind")}</th>
                            <th scope="col">{i18n.text("review.rule")}</th>
                            {manages.then(|| view! { <th scope="col">{i18n.text("form.actions")}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {committee.rules.into_iter().map(|rule| view! { <RuleRow rule manages version updated/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Section>
    }
}

#[component]
fn RuleRow(
    rule: KindRule,
    manages: bool,
    version: u64,
    updated: Callback<CommitteeView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = rule.kind;
    let current = rule.rule;
    let key = kind_key(kind);
    let row_key = key.clone();
    view! {
        <tr data-testid="committee-rule" data-kind=kind.code()>
            <th scope="row">{move || i18n.t(&row_key)}</th>
            <td data-testid="committee-rule-text">{move || rule_text(i18n, current)}</td>
            {manages.then(|| view! { <td><RuleForm kind=key.clone() code=kind.code() current version updated/></td> })}
        </tr>
    }
}

/// The rule of one kind as the chair sets it (If-Match: the committee's version).
#[component]
fn RuleForm(
    kind: String,
    code: &'static str,
    current: DecisionRule,
    version: u64,
    updated: Callback<CommitteeView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let threshold = RwSignal::new(threshold_code(current.threshold).to_owned());
    let chair = RwSignal::new(current.chair_required);
    let kind_name = kind.clone();
    let set = use_submission(move |committee: CommitteeView| updated.run(committee))
        .says(move |_| Message::new("committee.rule_set").with("{kind}", i18n.t(&kind_name)));
    let failure = set.failure();
    let on_submit = set.on_submit(move || {
        let body = DecisionRule {
            threshold: match threshold.get_untracked().as_str() {
                "two_thirds" => Threshold::TwoThirds,
                "unanimous" => Threshold::Unanimous,
                _ => Threshold::Majority,
            },
            chair_required: chair.get_untracked(),
        };
        let path = format!("/committee/rules/{code}");
        Some(async move { api::put_at::<CommitteeView>(&path, version, &body).await })
    });
    let select_id = format!("rule-{code}-threshold");
    let chair_id = format!("rule-{code}-chair");
    let label = move || {
        i18n.t("committee.threshold.label")
            .replace("{kind}", &i18n.t(&kind))
    };
    view! {
        <form class="inline-fields" novalidate on:submit=on_submit data-testid=format!("rule-form-{code}")>
            <FormProblem failure/>
            <label class="visually-hidden" for=select_id.clone()>{label}</label>
            <select id=select_id bind:value=threshold>
                {THRESHOLDS.into_iter().map(|t| {
                    let key = threshold_key(t);
                    let code = threshold_code(t);
                    view! { <option value=code selected=t == current.threshold>{move || i18n.t(&key)}</option> }
                }).collect_view()}
            </select>
            <span class="field-check">
                <input id=chair_id.clone() type="checkbox" bind:checked=chair/>
                <label for=chair_id>{i18n.text("committee.chair_required")}</label>
            </span>
            <button type="submit" formnovalidate=true class="button button-small" disabled=set.pending()>
                {i18n.text("committee.save")}
            </button>
        </form>
    }
}
