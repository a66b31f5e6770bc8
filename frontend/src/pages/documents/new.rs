use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::documents::{DocumentView, NewDocument};
use mamori_shared::documents::{DocumentKind, Visibility};
use uuid::Uuid;

use crate::api;
use crate::components::department_select::DepartmentSelect;
use crate::components::feedback::Message;
use crate::components::form::{
    aria_required, described_by, invalid, Field, FormFailure, FormProblem, Submit, TextField,
};
use crate::components::form::{FieldError, Rule};
use crate::components::guard::RequirePermission;
use crate::components::page::Page;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::audience::{AudienceChoice, AudienceField};
use crate::pages::documents::{document_href, kind_key, DOCUMENTS};

const TITLE_CHARS: usize = 200;

/// Creating a document (新規作成): its kind, titles, owning department, who may read it and whom
/// it is for, and for a 実施手順 the clause of the standards it implements. Its text comes with
/// its first draft, on the document's page.
#[component]
pub fn NewDocumentPage() -> impl IntoView {
    view! {
        <Page title="documents.new" breadcrumbs=&[(DOCUMENTS, "documents.heading")] lead="documents.new.lead">
            <RequirePermission permission="documents.create">
                <NewDocumentForm/>
            </RequirePermission>
        </Page>
    }
}

#[component]
fn NewDocumentForm() -> impl IntoView {
    let navigate = use_navigate();
    let kind = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let title_en = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Internal);
    let audience = AudienceChoice::new("staff");
    let clause = RwSignal::new(String::new());
    // The basic policy is public (§11(1)); the standards and procedures are not.
    Effect::watch(
        move || kind.get(),
        move |kind, _, _| {
            visibility.set(if kind == "basic_policy" {
                Visibility::Public
            } else {
                Visibility::Internal
            })
        },
        false,
    );
    let create = use_submission(move |document: DocumentView| {
        navigate(&document_href(document.id), Default::default())
    })
    .says(|document| Message::new("documents.created").with("{title}", &document.title));
    let failure = create.failure();
    let on_submit = create.on_submit(move || {
        let optional = |text: String| {
            let text = text.trim().to_owned();
            (!text.is_empty()).then_some(text)
        };
        let body = NewDocument {
            kind: DocumentKind::from_code(&kind.get_untracked())?,
            title: title.get_untracked().trim().to_owned(),
            title_en: optional(title_en.get_untracked()),
            owner_department_id: Uuid::parse_str(&department.get_untracked()).ok()?,
            audience: audience.audience(),
            visibility: visibility.get_untracked(),
            implements_clause: optional(clause.get_untracked()),
            implements_assets: Vec::new(),
        };
        Some(async move { api::post::<DocumentView>("/documents", &body).await })
    });
    let procedure = move || matches!(kind.get().as_str(), "procedure" | "other_procedure");
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="new-document">
            <FormProblem failure shown=&["kind", "title", "title_en", "owner_department_id", "visibility", "audience", "implements_clause"]/>
            <KindSelect id="document-kind" value=kind failure/>
            <TextField id="document-title" label="document.title" value=title field="title" failure required=true max_chars=TITLE_CHARS/>
            <TextField id="document-title-en" label="document.title_en" value=title_en field="title_en" failure max_chars=TITLE_CHARS/>
            <DepartmentSelect id="document-department" label="document.owner" value=department field="owner_department_id" failure/>
            <VisibilityChoice visibility failure/>
            <AudienceField prefix="document" choice=audience failure/>
            <Show when=procedure>
                <TextField
                    id="document-clause"
                    label="document.implements_clause"
                    value=clause
                    field="implements_clause"
                    failure
                    max_chars=TITLE_CHARS
                    hint="document.implements_clause.hint"
                />
            </Show>
            <div class="actions">
                <Submit label="documents.new.submit" pending=create.pending()/>
            </div>
        </form>
    }
}

/// A select of the kinds of document; `value` holds the chosen code.
#[component]
fn KindSelect(id: &'static str, value: RwSignal<String>, failure: FormFailure) -> impl IntoView {
    let i18n = use_i18n();
    let rule = Rule::choice();
    view! {
        <Field id label="document.kind" field="kind" failure rule value=value>
            <select
                id=id
                name="kind"
                aria-required=aria_required(rule)
                aria-invalid=invalid(failure, "kind")
                aria-describedby=described_by(id, failure, "kind", false)
                bind:value=value
            >
                <option value="" disabled=true selected=true>{i18n.text("form.choose")}</option>
                {DocumentKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let key = kind_key(kind);
                        view! { <option value=kind.code()>{move || i18n.t(&key)}</option> }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// Public (on the website, readable signed out) or internal.
#[component]
fn VisibilityChoice(visibility: RwSignal<Visibility>, failure: FormFailure) -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |value: Visibility, code: &'static str, key: &'static str| {
        let input_id = format!("document-visibility-{code}");
        view! {
            <div class="field-check">
                <input
                    id=input_id.clone()
                    type="radio"
                    name="visibility"
                    value=code
                    prop:checked=move || visibility.get() == value
                    on:change=move |_| visibility.set(value)
                />
                <label for=input_id>{i18n.text(key)}</label>
            </div>
        }
    };
    view! {
        <fieldset class="field">
            <legend>{i18n.text("document.visibility")}</legend>
            {choice(Visibility::Internal, "internal", "visibility.internal")}
            {choice(Visibility::Public, "public", "visibility.public")}
            <FieldError id="document-visibility-error".to_owned() field="visibility" failure/>
        </fieldset>
    }
}
