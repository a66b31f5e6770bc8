use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use mamori_shared::api::documents::{AcknowledgementStatus, DocumentAcknowledgements};

use crate::api;
use crate::components::dates::format_instant;
use crate::components::department_select::load_departments;
use crate::components::page::Page;
use crate::components::status::{nothing, Loaded};
use crate::i18n::use_i18n;
use crate::pages::documents::{document_href, fetch, read, version_name, DOCUMENTS};
use crate::session::use_session;

/// 周知・確認状況: for one of the departments whose compliance I may read, who has not yet
/// acknowledged each version in force that is for them (and who has, with when); as CSV too.
#[component]
pub fn AcknowledgementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let mine = Memo::new(move |_| {
        session
            .me()
            .map(|me| me.compliance_departments)
            .unwrap_or_default()
    });
    let names = LocalResource::new(load_departments);
    // The department chosen (in the address), else the first of mine.
    let chosen = Memo::new(move |_| {
        query
            .with(|q| q.get("department"))
            .filter(|d| mine.with(|m| m.iter().any(|id| id.to_string() == *d)))
            .or_else(|| mine.with(|m| m.first().map(|id| id.to_string())))
            .unwrap_or_default()
    });
    let status = fetch(move || format!("/departments/{}/acknowledgements", chosen.get()));
    let choose = Callback::new(move |event: leptos::ev::Event| {
        let department = event_target_value(&event);
        navigate(
            &format!(
                "/documents/acknowledgements{}",
                api::query(&[("department", &department)])
            ),
            Default::default(),
        );
    });
    // My departments by their paths (the server names them in its order), else by id.
    let options = move || {
        let current = chosen.get();
        let known = names.get().and_then(Result::ok).unwrap_or_default();
        let mut list: Vec<(String, String)> = known
            .into_iter()
            .filter(|(id, _)| mine.with(|m| m.contains(id)))
            .map(|(id, path)| (id.to_string(), path))
            .collect();
        for id in mine.get() {
            let id = id.to_string();
            if !list.iter().any(|(known, _)| *known == id) {
                list.push((id.clone(), id));
            }
        }
        list.into_iter()
            .map(|(id, path)| {
                let selected = id == current;
                view! { <option value=id selected=selected>{path}</option> }
            })
            .collect_view()
    };
    view! {
        <Page title="acknowledgements.heading" breadcrumbs=&[(DOCUMENTS, "documents.heading")] lead="acknowledgements.lead" wide=true>
            {move || if mine.with(Vec::is_empty) {
                nothing("acknowledgements.no_departments", Some("acknowledgements-none"))
            } else {
                view! {
                    <div class="filters">
                        <div class="field">
                            <label for="acknowledgements-department">{i18n.text("acknowledgements.department")}</label>
                            <select id="acknowledgements-department" on:change=move |e| choose.run(e) data-testid="acknowledgements-department">
                                {options}
                            </select>
                        </div>
                        <a
                            class="button"
                            href=move || format!("/api/v1/departments/{}/acknowledgements.csv", chosen.get())
                            download="acknowledgements.csv"
                            rel="external"
                            data-testid="acknowledgements-csv"
                        >
                            {i18n.text("table.csv")}
                        </a>
                    </div>
                    <Loaded value={move || read::<AcknowledgementStatus>(status)} let:status>
                        <StatusOf status/>
                    </Loaded>
                }
                .into_any()
            }}
        </Page>
    }
}

#[component]
fn StatusOf(status: AcknowledgementStatus) -> impl IntoView {
    if status.documents.is_empty() {
        return nothing("acknowledgements.no_documents", None);
    }
    status
        .documents
        .into_iter()
        .map(|document| view! { <DocumentStatus document/> })
        .collect_view()
        .into_any()
}

#[component]
fn DocumentStatus(document: DocumentAcknowledgements) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("ack-{}", document.document_id);
    let total = document.people.len();
    let acknowledged = document.acknowledged;
    let (done, pending): (Vec<_>, Vec<_>) = document
        .people
        .into_iter()
        .partition(|p| p.acknowledged_at.is_some());
    let version = document.version;
    let summary = move || {
        i18n.t("acknowledgements.count")
            .replace("{acknowledged}", &acknowledged.to_string())
            .replace("{total}", &total.to_string())
    };
    let pending_count = pending.len();
    view! {
        <section class="section" aria-labelledby=heading_id.clone() data-testid="acknowledgement-document">
            <h2 id=heading_id.clone()>
                <a href=document_href(document.document_id)>{document.title.clone()}</a>
                " "
                <span class="muted">{move || version_name(i18n, version)} " · " {document.effective_date.clone()}</span>
            </h2>
            <p data-testid="acknowledgement-count">{summary}</p>
            <h3>{move || i18n.t("acknowledgements.pending").replace("{n}", &pending_count.to_string())}</h3>
            {if pending.is_empty() {
                nothing("acknowledgements.all_done", Some("acknowledgements-all-done"))
            } else {
                view! {
                    <ul class="plain-list" data-testid="acknowledgements-pending">
                        {pending.into_iter().map(|p| view! {
                            <li data-testid="pending-person">
                                {p.name.clone()}
                                {p.staff_number.clone().map(|n| view! { " " <span class="muted">"（" {n} "）"</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {(!done.is_empty()).then(|| view! {
                <details class="panel">
                    <summary>{move || i18n.t("acknowledgements.done").replace("{n}", &acknowledged.to_string())}</summary>
                    <ul class="plain-list" data-testid="acknowledgements-done">
                        {done.into_iter().map(|p| view! {
                            <li data-testid="acknowledged-person">
                                {p.name.clone()} " — "
                                {p.acknowledged_at.as_deref().map(format_instant).unwrap_or_default()}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}
