use leptos::html;
use leptos::prelude::*;
use mamori_shared::api::assets::{AssetView, Classify};
use mamori_shared::assets::Classification;
use mamori_shared::classification::{Axis, Scheme};

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{
    described_by, invalid, required_mark, FieldError, FormProblem, ReasonField, Rule, Submit,
};
use crate::components::scheme::{
    axis_code, code_of, scheme_level_class, text, LevelDescription, AXES,
};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;

/// Classifying an asset on all three axes (seed §6(2)), with a reason kept in its history: a dialog
/// that lists each axis's levels with their definitions while choosing, and the handling rules of
/// the confidentiality chosen.
#[component]
pub fn ClassifyDialog(
    asset: AssetView,
    scheme: Scheme,
    updated: Callback<AssetView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<html::Dialog>::new();
    let (id, version) = (asset.id, asset.version);
    let current = asset.classification.clone();
    let reclassifying = current.is_some();
    let chosen = |axis| {
        RwSignal::new(
            current
                .as_ref()
                .map(|c| code_of(c, axis).to_owned())
                .unwrap_or_default(),
        )
    };
    let confidentiality = chosen(Axis::Confidentiality);
    let integrity = chosen(Axis::Integrity);
    let availability = chosen(Axis::Availability);
    let reason = RwSignal::new(String::new());
    let classify = use_submission(move |asset: AssetView| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
        updated.run(asset);
    })
    .says(|asset| Message::new("classify.done").with("{name}", &asset.name));
    let failure = classify.failure();
    // The server's refusal shows beside the buttons, at the end of a long dialog: bring it into
    // view (a field found wrong before sending has the focus already).
    Effect::new(move |_| {
        if failure.server().is_some() {
            if let Some(dialog) = dialog.get_untracked() {
                dialog.set_scroll_top(dialog.scroll_height());
            }
        }
    });
    let on_submit = classify.on_submit(move || {
        let body = Classify {
            classification: Classification {
                confidentiality: confidentiality.get_untracked(),
                integrity: integrity.get_untracked(),
                availability: availability.get_untracked(),
            },
            reason: reason.get_untracked(),
        };
        let path = format!("/assets/{id}/classification");
        Some(async move { api::post_at(&path, version, &body).await })
    });
    let open = move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    };
    let close = move |_| {
        if let Some(dialog) = dialog.get() {
            dialog.close();
        }
    };
    let scheme = StoredValue::new(scheme);
    let signal_of = move |axis| match axis {
        Axis::Confidentiality => confidentiality,
        Axis::Integrity => integrity,
        Axis::Availability => availability,
    };
    let chosen_handling = move || {
        let code = confidentiality.get();
        scheme.with_value(|s| s.level(Axis::Confidentiality, &code).cloned())
    };
    let label = if reclassifying {
        "classify.open.again"
    } else {
        "classify.open"
    };
    view! {
        <button type="button" class="button button-primary" on:click=open data-testid="classify-open">
            {i18n.text(label)}
        </button>
        <dialog node_ref=dialog class="dialog" aria-labelledby="classify-title">
            <form class="form form-wide" novalidate on:submit=on_submit>
                <h2 id="classify-title">{i18n.text("classify.heading")}</h2>
                <p class="lead">{i18n.text("classify.lead")}</p>
                {AXES
                    .into_iter()
                    .map(|(axis, label)| {
                        let levels = scheme.with_value(|s| s.levels(axis).to_vec());
                        let value = signal_of(axis);
                        let code = axis_code(axis);
                        let field: &'static str = match axis {
                            Axis::Confidentiality => "classification.confidentiality",
                            Axis::Integrity => "classification.integrity",
                            Axis::Availability => "classification.availability",
                        };
                        // The first choice is where the focus goes when none is chosen.
                        let first = levels.first().map(|l| format!("classify-{code}-{}", l.code)).unwrap_or_default();
                        failure.check(field, &first, Rule::choice(), value.into());
                        view! {
                            <fieldset
                                class="field level-choices"
                                role="radiogroup"
                                aria-required="true"
                                aria-invalid=invalid(failure, field)
                                aria-describedby=described_by(&format!("classify-{code}"), failure, field, false)
                                data-testid=format!("classify-{code}")
                            >
                                <legend>{i18n.text(label)} {required_mark()}</legend>
                                {levels
                                    .into_iter()
                                    .map(|level| {
                                        let input_id = format!("classify-{code}-{}", level.code);
                                        let definition_id = format!("{input_id}-definition");
                                        let level_code = level.code.clone();
                                        let checked_code = level.code.clone();
                                        let class = scheme.with_value(|s| scheme_level_class(s, axis, &level));
                                        let name = level.name.clone();
                                        let definition = level.definition.clone();
                                        view! {
                                            <div class="level-choice">
                                                <input
                                                    id=input_id.clone()
                                                    type="radio"
                                                    name=format!("classify-{code}")
                                                    value=level.code.clone()
                                                    aria-describedby=definition_id.clone()
                                                    prop:checked=move || value.get() == checked_code
                                                    on:change=move |_| value.set(level_code.clone())
                                                />
                                                <label for=input_id>
                                                    <span class=class>{level.code.clone()}</span>
                                                    " "
                                                    {move || text(&name, i18n.lang())}
                                                </label>
                                                <p class="level-choice-definition" id=definition_id>
                                                    {move || text(&definition, i18n.lang())}
                                                </p>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                                <FieldError id=format!("classify-{code}-error") field failure/>
                            </fieldset>
                        }
                    })
                    .collect_view()}
                {move || {
                    chosen_handling()
                        .map(|level| {
                            view! {
                                <section class="chosen-handling" aria-live="polite" data-testid="classify-handling">
                                    <h3>
                                        {i18n.text("classify.handling")} " "
                                        <span>{level.code.clone()}</span>
                                    </h3>
                                    <LevelDescription level=level.clone()/>
                                </section>
                            }
                        })
                }}
                <ReasonField id="classify-reason" value=reason failure/>
                <FormProblem
                    failure
                    shown=&[
                        "reason",
                        "tier",
                        "classification.confidentiality",
                        "classification.integrity",
                        "classification.availability",
                    ]
                />
                <FieldError id="classify-tier-error".to_owned() field="tier" failure/>
                <div class="actions">
                    <Submit label="classify.submit" pending=classify.pending()/>
                    <button type="button" class="button" on:click=close>
                        {i18n.text("form.cancel")}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
