use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::documents::DocumentSummary;
use mamori_shared::api::page::Page as Listing;

use crate::components::as_of::use_as_of;
use crate::components::data_table::{link, Column, DataTable};
use crate::components::page::{ActionLink, Page};
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::documents::{
    document_href, fetch, kind_key, read, revision_href, status_badge, version_name, BASIC_POLICY,
};
use crate::session::{use_session, COMMITTEE_VIEW};

/// The policy documents I may read (文書): those in force, with their version and effective
/// date; the revisions under review or in draft (to those who review them); the ones I must
/// acknowledge; and the documents not in force yet. The public basic policy, as the website
/// shows it.
#[component]
pub fn DocumentList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let as_of = use_as_of();
    let documents = fetch(move || as_of.path("/documents"));
    let creates = Signal::derive(move || {
        read::<Listing<DocumentSummary>>(documents)
            .and_then(Result::ok)
            .is_some_and(|page| page.allowed.iter().any(|a| a == "documents.create"))
    });
    let follows_compliance = Signal::derive(move || {
        session
            .me()
            .is_some_and(|me| !me.compliance_departments.is_empty())
    });
    let sees_committee = Signal::derive(move || session.can(COMMITTEE_VIEW));
    let actions = move || {
        view! {
            <ActionLink href="/documents/acknowledgements" label="acknowledgements.heading" when=follows_compliance/>
            <ActionLink href="/committee" label="committee.heading" when=sees_committee/>
            <ActionLink href="/documents/new" label="documents.new" when=creates/>
        }
    };
    view! {
        <Page title="documents.heading" lead="documents.lead" actions wide=true as_of=true>
            <p>
                // The server's own page, not the app's: a visitor reads it without signing in.
                <a href=BASIC_POLICY rel="external" target="_blank" data-testid="public-basic-policy">
                    {i18n.text("documents.public_basic_policy")}
                </a>
            </p>
            <Loaded value={move || read::<Listing<DocumentSummary>>(documents)} let:page>
                <DocumentSections documents=page.items/>
            </Loaded>
        </Page>
    }
}

#[component]
fn DocumentSections(documents: Vec<DocumentSummary>) -> impl IntoView {
    let due: Vec<DocumentSummary> = documents
        .iter()
        .filter(|d| d.acknowledgement_due)
        .cloned()
        .collect();
    let open: Vec<DocumentSummary> = documents
        .iter()
        .filter(|d| d.open_revision.is_some())
        .cloned()
        .collect();
    let (in_force, not_yet): (Vec<DocumentSummary>, Vec<DocumentSummary>) =
        documents.into_iter().partition(|d| d.in_force.is_some());
    // Not in force and no revision shown: only a document's page tells more.
    let not_yet: Vec<DocumentSummary> = not_yet
        .into_iter()
        .filter(|d| d.open_revision.is_none())
        .collect();
    view! {
        {(!due.is_empty()).then(|| view! {
            <Section id="due-heading" title="documents.due" class="section due">
                <p class="warning">{use_i18n().text("documents.due.lead")}</p>
                <DataTable rows=due columns=in_force_columns() testid="documents-due" empty="documents.none"/>
            </Section>
        })}
        <Section id="in-force-heading" title="documents.in_force">
            <DataTable rows=in_force columns=in_force_columns() testid="documents-in-force" row_testid="document-row" empty="documents.none" csv="documents.csv"/>
        </Section>
        {(!open.is_empty()).then(|| view! {
            <Section id="open-heading" title="documents.open">
                <DataTable rows=open columns=open_columns() testid="documents-open" row_testid="open-revision-row" empty="documents.none"/>
            </Section>
        })}
        {(!not_yet.is_empty()).then(|| view! {
            <Section id="not-yet-heading" title="documents.not_yet">
                <DataTable rows=not_yet columns=title_columns() testid="documents-not-yet" empty="documents.none"/>
            </Section>
        })}
    }
}

/// The kind and the title, leading to the document's page.
fn title_columns() -> Vec<Column<DocumentSummary>> {
    vec![
        Column::message("document.kind", |d: &DocumentSummary| kind_key(d.kind)).class("nowrap"),
        Column::new("document.title", |d: &DocumentSummary| {
            link(document_href(d.id), d.title.clone())
        })
        .csv(|d| d.title.clone())
        .testid("document-title"),
    ]
}

fn in_force_columns() -> Vec<Column<DocumentSummary>> {
    let i18n = use_i18n();
    let mut columns = title_columns();
    columns.push(
        Column::new("document.version", move |d: &DocumentSummary| {
            let version = d.in_force.as_ref().map(|v| v.version);
            (move || version.map(|v| version_name(i18n, v)).unwrap_or_default()).into_any()
        })
        .csv(move |d| {
            d.in_force
                .as_ref()
                .map(|v| version_name(i18n, v.version))
                .unwrap_or_default()
        })
        .class("nowrap"),
    );
    columns.push(
        Column::text("document.effective_date", |d: &DocumentSummary| {
            d.in_force
                .as_ref()
                .map(|v| v.effective_date.clone())
                .unwrap_or_default()
        })
        .class("nowrap"),
    );
    columns.push(Column::new("documents.acknowledgement", move |d: &DocumentSummary| {
        d.acknowledgement_due
            .then(|| {
                view! { <span class="badge badge-upcoming" data-testid="acknowledgement-due">{i18n.text("documents.due.badge")}</span> }
            })
            .into_any()
    }));
    columns
}

fn open_columns() -> Vec<Column<DocumentSummary>> {
    let mut columns = title_columns();
    columns.push(Column::new("revision.status", |d: &DocumentSummary| {
        let revision = d.open_revision.clone();
        revision
            .map(|r| {
                view! {
                    {status_badge(&r.status)}
                    " "
                    <A href=revision_href(r.revision_id) attr:data-testid="open-revision-link">
                        {use_i18n().text("documents.open.link")}
                    </A>
                }
                .into_any()
            })
            .unwrap_or_else(|| ().into_any())
    }));
    columns.push(
        Column::text("revision.effective_from", |d: &DocumentSummary| {
            d.open_revision
                .as_ref()
                .and_then(|r| r.effective_date.clone())
                .unwrap_or_default()
        })
        .class("nowrap"),
    );
    columns
}
