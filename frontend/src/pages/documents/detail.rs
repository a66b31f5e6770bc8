use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use mamori_shared::api::documents::{AcknowledgeBody, DocumentView, VersionEntry};
use mamori_shared::api::timeline::HistoryEntry;
use mamori_shared::documents::Visibility;
use uuid::Uuid;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::dates::format_instant;
use crate::components::department_select::load_departments;
use crate::components::feedback::Message;
use crate::components::guard::allows;
use crate::components::page::{Page, Title};
use crate::components::section::Section;
use crate::components::status::{Loaded, LoadedList};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::audience::audience_text;
use crate::pages::documents::history::DocumentHistory;
use crate::pages::documents::{
    diff_href, fetch, kind_key, read, revision_href, status_badge, version_name, ContentHash,
    DOCUMENTS,
};

/// One document: its text in force (第N版, 施行日, the content hash), its versions, a comparison
/// of any two, the acknowledgement due from me, drafting its next revision, the revision open
/// on it and its history; printable.
#[component]
pub fn DocumentPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let as_of = use_as_of();
    let document = fetch(move || as_of.path(&format!("/documents/{}", id.get())));
    let updated = Callback::new(move |_: DocumentView| document.refetch());
    let title = Title::text(move || match read::<DocumentView>(document) {
        Some(Ok(document)) => document.title,
        _ => i18n.t("documents.heading"),
    });
    let beside = move || {
        read::<DocumentView>(document)
            .and_then(Result::ok)
            .map(|d| {
                let key = kind_key(d.kind);
                view! { <span class="badge">{move || i18n.t(&key)}</span> }
            })
    };
    let actions = move || view! { <PrintButton/> };
    view! {
        <Page title breadcrumbs=&[(DOCUMENTS, "documents.heading")] beside actions wide=true as_of=true>
            <Loaded value={move || read::<DocumentView>(document)} let:document>
                <DocumentRecord document updated/>
            </Loaded>
        </Page>
    }
}

/// Prints the screen as it is (the stylesheet's print rules leave out the menu and buttons).
#[component]
pub fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button no-print" data-testid="print" on:click=move |_| {
            let _ = window().print();
        }>
            {i18n.text("documents.print")}
        </button>
    }
}

#[component]
fn DocumentRecord(document: DocumentView, updated: Callback<DocumentView>) -> impl IntoView {
    let i18n = use_i18n();
    let allowed = document.allowed.clone();
    let drafts = allows(allowed.as_deref(), "document.draft");
    let reviews = allows(allowed.as_deref(), "document.review");
    let acknowledges = allows(allowed.as_deref(), "document.acknowledge");
    let d = StoredValue::new(document);
    let doc = d.get_value();
    let departments = LocalResource::new(load_departments);
    let audience = doc.audience.clone();
    let audience_shown = move || {
        let names = departments.get().and_then(Result::ok).unwrap_or_default();
        audience_text(i18n, &audience, &names)
    };
    let visibility_key = match doc.visibility {
        Visibility::Public => "visibility.public",
        Visibility::Internal => "visibility.internal",
    };
    let in_force = doc.in_force.clone();
    let due = doc.my_acknowledgement.as_ref().is_some_and(|a| a.due) && acknowledges;
    let acknowledged = doc
        .my_acknowledgement
        .clone()
        .filter(|a| !a.due && a.version.is_some());
    let open = doc.open_revision.clone();

    view! {
        {due.then(|| view! { <AcknowledgementBanner document=d.get_value() updated/> })}
        {acknowledged.map(|a| {
            let version = a.version.unwrap_or_default();
            let at = a.at.as_deref().map(format_instant).unwrap_or_default();
            view! {
                <p class="success" data-testid="acknowledged">
                    {move || i18n.t("acknowledge.done_on")
                        .replace("{version}", &version_name(i18n, version))
                        .replace("{at}", &at)}
                </p>
            }
        })}
        <dl class="facts card" data-testid="document-facts">
            <dt>{i18n.text("document.owner")}</dt>
            <dd>{doc.owner_department_name.clone().unwrap_or_else(|| "—".to_owned())}</dd>
            <dt>{i18n.text("document.visibility")}</dt>
            <dd>{i18n.text(visibility_key)}</dd>
            <dt>{i18n.text("audience.label")}</dt>
            <dd data-testid="document-audience">{audience_shown}</dd>
            {doc.implements_clause.clone().map(|clause| view! {
                <dt>{i18n.text("document.implements_clause")}</dt>
                <dd>{clause}</dd>
            })}
            {doc.title_en.clone().map(|title| view! {
                <dt>{i18n.text("document.title_en")}</dt>
                <dd lang="en">{title}</dd>
            })}
            <dt>{i18n.text("document.version")}</dt>
            <dd data-testid="document-version">
                {in_force.as_ref().map(|v| v.version).map_or_else(
                    || i18n.t("document.not_in_force"),
                    |v| version_name(i18n, v),
                )}
            </dd>
            {in_force.clone().map(|v| view! {
                <dt>{i18n.text("document.effective_date")}</dt>
                <dd data-testid="document-effective-date">{v.effective_date.clone()}</dd>
                <dt>{i18n.text("document.content_hash")}</dt>
                <dd><ContentHash hash=v.content_hash.clone()/></dd>
            })}
        </dl>
        <div class="actions no-print">
            {(drafts && open.is_none()).then(|| view! {
                <A href=format!("{}/revise", crate::pages::documents::document_href(doc.id)) attr:class="button button-primary" attr:data-testid="draft-revision">
                    {i18n.text("documents.draft")}
                </A>
            })}
            {open.clone().map(|r| view! {
                <span class="open-revision" data-testid="open-revision">
                    {i18n.text("documents.open_revision")} " " {status_badge(&r.status)} " "
                    <A href=revision_href(r.revision_id) attr:data-testid="open-revision-link">{i18n.text("documents.open.link")}</A>
                </span>
            })}
        </div>
        <Section id="text-heading" title="document.text">
            {match doc.html.clone() {
                Some(html) => view! { <article class="document-text" data-testid="document-text" inner_html=html></article> }.into_any(),
                None => view! { <p class="empty">{i18n.text("document.no_text")}</p> }.into_any(),
            }}
        </Section>
        {doc.translation_html.clone().map(|html| view! {
            <section class="section" aria-labelledby="translation-heading">
                <details class="panel translation">
                    <summary id="translation-heading">{i18n.text("document.translation")}</summary>
                    <article class="document-text" lang="en" data-testid="document-translation" inner_html=html></article>
                </details>
            </section>
        })}
        <Section id="versions-heading" title="document.versions">
            <Versions document=d.get_value() reviews/>
        </Section>
        // Its history is its reviewers' (Cedar: document.review).
        {reviews.then(|| {
            let history = fetch(move || format!("/documents/{}/history", d.with_value(|d| d.id)));
            view! {
                <Section id="history-heading" title="history.heading" class="section no-print">
                    <LoadedList value={move || read::<Vec<HistoryEntry>>(history)} empty="history.none" let:entries>
                        <DocumentHistory entries/>
                    </LoadedList>
                </Section>
            }
        })}
    }
}

/// The version in force awaits my acknowledgement (周知・確認, §5): the button names its hash.
#[component]
fn AcknowledgementBanner(document: DocumentView, updated: Callback<DocumentView>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(version) = document.in_force.clone() else {
        return ().into_any();
    };
    let id = document.id;
    let hash = version.content_hash.clone();
    let acknowledge = use_submission(move |document: DocumentView| updated.run(document))
        .says(|document| Message::new("acknowledge.done").with("{title}", &document.title));
    let busy = acknowledge.pending();
    let failure = acknowledge.failure();
    let send = move |_| {
        let body = AcknowledgeBody {
            content_hash: hash.clone(),
        };
        let path = format!("/documents/{id}/acknowledge");
        acknowledge.send(async move { api::post::<DocumentView>(&path, &body).await });
    };
    let n = version.version;
    view! {
        <div class="warning acknowledgement no-print" role="region" aria-labelledby="acknowledge-heading" data-testid="acknowledgement-banner">
            <h2 id="acknowledge-heading">{i18n.text("acknowledge.heading")}</h2>
            <p>
                {move || i18n.t("acknowledge.lead")
                    .replace("{version}", &version_name(i18n, n))
                    .replace("{date}", &version.effective_date)}
            </p>
            {move || failure.server().map(|f| view! { <p class="failure" role="alert">{f.message(i18n.lang())}</p> })}
            <button type="button" class="button button-primary" disabled=busy on:click=send data-testid="acknowledge">
                {i18n.text("acknowledge.button")}
            </button>
        </div>
    }
    .into_any()
}

/// Every version that has been in force (newest first) with its state, and a comparison of any
/// two of them (or of the revision open, to its reviewers).
#[component]
fn Versions(document: DocumentView, reviews: bool) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = document.id;
    // (revision, 第N版 or the revision's state) of everything that can be compared: the versions,
    // and to reviewers the revision open and those closed.
    let mut sides: Vec<(Uuid, Result<u32, String>)> = document
        .versions
        .iter()
        .map(|v| (v.revision_id, Ok(v.version)))
        .collect();
    if reviews {
        for r in document
            .open_revision
            .iter()
            .chain(&document.closed_revisions)
        {
            sides.push((r.revision_id, Err(r.status.clone())));
        }
    }
    let from = RwSignal::new(
        document
            .versions
            .get(1)
            .or(document.versions.first())
            .map(|v| v.revision_id.to_string())
            .unwrap_or_default(),
    );
    let to = RwSignal::new(
        document
            .open_revision
            .as_ref()
            .filter(|_| reviews)
            .map(|r| r.revision_id)
            .or(document.versions.first().map(|v| v.revision_id))
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let compare = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let side = |s: RwSignal<String>| Uuid::parse_str(&s.get_untracked()).ok();
        navigate(&diff_href(id, side(from), side(to)), Default::default());
    };
    let sides = StoredValue::new(sides);
    let select = move |select_id: &'static str, label: &'static str, value: RwSignal<String>| {
        let current = value.get_untracked();
        view! {
            <div class="field">
                <label for=select_id>{i18n.text(label)}</label>
                <select id=select_id bind:value=value data-testid=select_id>
                    {sides.get_value().into_iter().map(|(id, side)| {
                        let id = id.to_string();
                        let selected = id == current;
                        let label = move || match &side {
                            Ok(version) => version_name(i18n, *version),
                            Err(status) => format!(
                                "{}（{}）",
                                i18n.t("revision.short"),
                                i18n.t(&crate::pages::documents::status_key(status))
                            ),
                        };
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let comparable = sides.with_value(|s| s.len() >= 2);
    let rows = document.versions.clone();
    view! {
        {if rows.is_empty() {
            view! { <p class="empty">{i18n.text("document.no_versions")}</p> }.into_any()
        } else {
            view! { <VersionTable versions=rows reviews/> }.into_any()
        }}
        {comparable.then(|| view! {
            <form class="filters compare no-print" novalidate on:submit=compare data-testid="compare">
                {select("compare-from", "diff.from", from)}
                {select("compare-to", "diff.to", to)}
                <button type="submit" class="button">{i18n.text("diff.compare")}</button>
            </form>
        })}
    }
}

#[component]
fn VersionTable(versions: Vec<VersionEntry>, reviews: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="versions">
                <thead>
                    <tr>
                        <th scope="col">{i18n.text("document.version")}</th>
                        <th scope="col">{i18n.text("document.effective_date")}</th>
                        <th scope="col">{i18n.text("revision.status")}</th>
                        <th scope="col">{i18n.text("document.content_hash")}</th>
                    </tr>
                </thead>
                <tbody>
                    {versions.into_iter().map(|v| {
                        let n = v.version;
                        let name = move || version_name(i18n, n);
                        let short: String = v.content_hash.chars().take(12).collect();
                        view! {
                            <tr data-testid="version-row">
                                <th scope="row">
                                    {if reviews {
                                        view! { <A href=revision_href(v.revision_id)>{name}</A> }.into_any()
                                    } else {
                                        name.into_any()
                                    }}
                                </th>
                                <td class="nowrap">{v.effective_date.clone()}</td>
                                <td>{status_badge(&v.status)}</td>
                                <td><code title=v.content_hash.clone()>{short}</code></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
