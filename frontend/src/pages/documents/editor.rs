use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use mamori_shared::api::documents::{DocumentView, DraftBody, Preview, PreviewBody, RevisionView};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::components::dates::today;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Rule, Submit, TextField};
use crate::components::guard::allows;
use crate::components::page::{Page, Title};
use crate::components::status::{Loaded, NotPermitted};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::{fetch, read, revision_href, ContentHash, DOCUMENTS};

/// The longest text the server takes, and its other limits.
const TEXT_CHARS: usize = 200_000;
const SUMMARY_CHARS: usize = 1_000;
const REASON_CHARS: usize = 2_000;
const PROMPTS: usize = 20;
/// How long the editor waits after the last keystroke before it asks for the preview.
const PREVIEW_DELAY: Duration = Duration::from_millis(400);

/// `/documents/<id>/revise`: a new draft revision (改定案), starting from the text in force.
#[component]
pub fn NewRevisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let document = fetch(move || format!("/documents/{}", id.get()));
    let title = Title::text(move || match read::<DocumentView>(document) {
        Some(Ok(document)) => i18n
            .t("editor.new.heading")
            .replace("{title}", &document.title),
        _ => i18n.t("documents.draft"),
    });
    view! {
        <Page title breadcrumbs=&[(DOCUMENTS, "documents.heading")] lead="editor.lead" wide=true>
            <Loaded value={move || read::<DocumentView>(document)} let:document>
                {if !allows(document.allowed.as_deref(), "document.draft") {
                    view! { <NotPermitted/> }.into_any()
                } else if let Some(open) = document.open_revision.clone() {
                    view! { <OpenAlready revision=open.revision_id/> }.into_any()
                } else {
                    let initial = DraftBody {
                        text: document.text.clone().unwrap_or_default(),
                        translation: None,
                        summary: String::new(),
                        reason: String::new(),
                        prompted_by: Vec::new(),
                        effective_from: None,
                    };
                    let target = Target::Document(document.id, document.version);
                    view! { <DraftForm initial target votes=0/> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn OpenAlready(revision: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice" data-testid="revision-open-already">
            {i18n.text("editor.open_already")} " "
            <a href=revision_href(revision)>{i18n.text("documents.open.link")}</a>
        </p>
    }
}

/// `/revisions/<id>/edit`: the draft as it is to be. Votes cast on its present text are then
/// withdrawn (the form says so before it is sent).
#[component]
pub fn EditRevisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let revision = fetch(move || format!("/revisions/{}", id.get()));
    let title = Title::text(move || match read::<RevisionView>(revision) {
        Some(Ok(revision)) => i18n
            .t("editor.edit.heading")
            .replace("{title}", &revision.document_title),
        _ => i18n.t("revision.edit"),
    });
    view! {
        <Page title breadcrumbs=&[(DOCUMENTS, "documents.heading")] lead="editor.lead" wide=true>
            <Loaded value={move || read::<RevisionView>(revision)} let:revision>
                {if allows(revision.allowed.as_deref(), "edit") {
                    let votes = revision.votes.len();
                    let target = Target::Revision(revision.id, revision.version);
                    let initial = DraftBody {
                        text: revision.text,
                        translation: revision.translation,
                        summary: revision.summary,
                        reason: revision.reason,
                        prompted_by: revision.prompted_by,
                        effective_from: revision.effective_from,
                    };
                    view! { <DraftForm initial target votes/> }.into_any()
                } else {
                    view! { <NotPermitted/> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

/// What the draft is sent to, at the version shown (`If-Match`).
#[derive(Clone, Copy)]
pub enum Target {
    /// A new revision of the document.
    Document(Uuid, u64),
    /// The revision's draft, edited.
    Revision(Uuid, u64),
}

fn optional(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The draft: its full text in Markdown (typed, or read from a `.md`/`.txt` file) with its preview
/// as it will show beside it, the summary and reason of the change, what prompted it, the day it
/// is to take effect, and the English reference translation.
#[component]
fn DraftForm(initial: DraftBody, target: Target, votes: usize) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let text = RwSignal::new(initial.text);
    let translation = RwSignal::new(initial.translation.unwrap_or_default());
    let summary = RwSignal::new(initial.summary);
    let reason = RwSignal::new(initial.reason);
    let prompted_by = RwSignal::new(initial.prompted_by.join("\n"));
    let effective_from = RwSignal::new(initial.effective_from.unwrap_or_default());
    let editing = matches!(target, Target::Revision(..));
    let save = use_submission(move |revision: RevisionView| {
        navigate(&revision_href(revision.id), Default::default())
    })
    .says(move |revision| {
        let key = if editing {
            "editor.edited"
        } else {
            "editor.drafted"
        };
        Message::new(key).with("{title}", &revision.document_title)
    });
    let failure = save.failure();
    failure.insist(
        "prompted_by",
        "draft-prompted-by",
        "editor.prompted_by.too_many",
        move || prompted_by.with(|p| p.lines().filter(|l| !l.trim().is_empty()).count() <= PROMPTS),
    );
    let on_submit = save.on_submit(move || {
        let body = DraftBody {
            text: text.get_untracked(),
            translation: optional(translation.get_untracked()),
            summary: summary.get_untracked().trim().to_owned(),
            reason: reason.get_untracked().trim().to_owned(),
            prompted_by: prompted_by
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            effective_from: optional(effective_from.get_untracked()),
        };
        Some(async move {
            match target {
                Target::Document(id, version) => {
                    api::post_at::<RevisionView>(
                        &format!("/documents/{id}/revisions"),
                        version,
                        &body,
                    )
                    .await
                }
                Target::Revision(id, version) => {
                    api::post_at::<RevisionView>(&format!("/revisions/{id}/edit"), version, &body)
                        .await
                }
            }
        })
    });
    view! {
        <form class="form form-wide draft" novalidate on:submit=on_submit data-testid="draft-form">
            <FormProblem failure shown=&["text", "translation", "summary", "reason", "prompted_by", "effective_from"]/>
            {(votes > 0).then(|| view! {
                <p class="warning" data-testid="edit-withdraws-votes">
                    {move || i18n.t("editor.withdraws_votes").replace("{n}", &votes.to_string())}
                </p>
            })}
            <FileImport text/>
            <div class="editor">
                <div class="editor-source">
                    <TextField
                        id="draft-text"
                        label="editor.text"
                        value=text
                        field="text"
                        failure
                        rule=Rule::text(TEXT_CHARS)
                        rows="24"
                        hint="editor.text.hint"
                    />
                </div>
                <LivePreview text/>
            </div>
            <TextField id="draft-summary" label="revision.summary" value=summary field="summary" failure required=true max_chars=SUMMARY_CHARS rows="2"/>
            <TextField id="draft-reason" label="revision.reason" value=reason field="reason" failure required=true max_chars=REASON_CHARS rows="3"/>
            <TextField
                id="draft-prompted-by"
                label="revision.prompted_by"
                value=prompted_by
                field="prompted_by"
                failure
                rows="3"
                hint="editor.prompted_by.hint"
            />
            <TextField
                id="draft-effective-from"
                label="revision.effective_from"
                value=effective_from
                field="effective_from"
                failure
                kind="date"
                min=today()
                hint="editor.effective_from.hint"
            />
            <TextField
                id="draft-translation"
                label="editor.translation"
                value=translation
                field="translation"
                failure
                max_chars=TEXT_CHARS
                rows="10"
                hint="editor.translation.hint"
            />
            <div class="actions">
                <Submit label=if editing { "editor.save" } else { "editor.create" } pending=save.pending()/>
            </div>
        </form>
    }
}

/// Reads a Markdown or text file chosen on this computer into the text (the UI's import).
#[component]
fn FileImport(text: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let read = RwSignal::new(None::<Result<String, ()>>);
    let on_file = move |event: leptos::ev::Event| {
        let Some(file) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            // UTF-8, as the browser's FileReader reads text by default.
            let content = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|value| value.as_string());
            match content {
                Some(content) => {
                    text.set(content);
                    read.set(Some(Ok(file.name())));
                }
                None => read.set(Some(Err(()))),
            }
        });
    };
    view! {
        <div class="field">
            <label for="draft-file">{i18n.text("editor.file")}</label>
            <input
                id="draft-file"
                type="file"
                accept=".md,.markdown,.txt,text/markdown,text/plain"
                aria-describedby="draft-file-hint"
                on:change=on_file
                data-testid="draft-file"
            />
            <p class="hint" id="draft-file-hint">{i18n.text("editor.file.hint")}</p>
            {move || read.get().map(|result| match result {
                Ok(name) => view! {
                    <p class="success" role="status" data-testid="draft-file-read">
                        {move || i18n.t("editor.file.read").replace("{name}", &name)}
                    </p>
                }.into_any(),
                Err(()) => view! { <p class="field-error" role="alert">{i18n.text("editor.file.unreadable")}</p> }.into_any(),
            })}
        </div>
    }
}

/// The text as it will show, asked of the server a moment after the last keystroke, with the
/// content hash of what is previewed (the hash a vote on it will name).
#[component]
fn LivePreview(text: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(None::<Result<Preview, ApiFailure>>);
    // Only the answer to the latest request is shown.
    let asked = StoredValue::new(0u64);
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let ask = move |text: String| {
        let number = asked.with_value(|n| n + 1);
        asked.set_value(number);
        spawn_local(async move {
            let answer = api::post::<Preview>("/documents/preview", &PreviewBody { text }).await;
            if asked.try_get_value() == Some(number) {
                preview.try_set(Some(answer));
            }
        });
    };
    Effect::new(move |_| {
        let text = text.get();
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if let Ok(handle) = set_timeout_with_handle(move || ask(text), PREVIEW_DELAY) {
            timer.try_set_value(Some(handle));
        }
    });
    on_cleanup(move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });
    view! {
        <section class="editor-preview" aria-labelledby="preview-heading" data-testid="preview">
            <h2 id="preview-heading">{i18n.text("editor.preview")}</h2>
            {move || match preview.get() {
                None => view! { <p class="loading">{i18n.text("status.loading")}</p> }.into_any(),
                Some(Err(failure)) => view! { <p class="failure">{failure.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(preview)) => view! {
                    <p class="hint">
                        {i18n.text("editor.preview.hash")} " "
                        <ContentHash hash=preview.content_hash testid="preview-hash"/>
                    </p>
                    <article class="document-text" data-testid="preview-html" inner_html=preview.html></article>
                }.into_any(),
            }}
        </section>
    }
}
