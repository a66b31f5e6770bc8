use leptos::prelude::*;
use mamori_shared::api::documents::RevisionView;

use crate::components::as_of::use_as_of;
use crate::components::data_table::{link, Column, DataTable};
use crate::components::dates::format_instant;
use crate::components::page::Page;
use crate::components::status::LoadedList;
use crate::i18n::use_i18n;
use crate::pages::documents::{fetch, read, revision_href, rule_text, status_badge};

/// The committee's review queue (審議待ち): the revisions under review I may vote on or follow,
/// with their rule and how far the count is.
#[component]
pub fn ReviewQueue() -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_as_of();
    let queue = fetch(move || as_of.path("/revisions/review"));
    let columns = move || {
        vec![
            Column::new("revision.document", |r: &RevisionView| {
                link(revision_href(r.id), r.document_title.clone())
            })
            .csv(|r| r.document_title.clone())
            .testid("review-title"),
            Column::text("revision.summary", |r: &RevisionView| r.summary.clone())
                .class("multiline"),
            Column::text("revision.author", |r: &RevisionView| r.author_name.clone()),
            Column::new("review.rule", move |r: &RevisionView| {
                let rule = r.rule;
                (move || rule.map(|rule| rule_text(i18n, rule)).unwrap_or_default()).into_any()
            }),
            Column::new("review.tally", move |r: &RevisionView| {
                let tally = r.tally.clone();
                (move || {
                    tally
                        .as_ref()
                        .map(|t| {
                            i18n.t("review.tally.short")
                                .replace("{approvals}", &t.approvals.to_string())
                                .replace("{needed}", &t.needed.to_string())
                        })
                        .unwrap_or_default()
                })
                .into_any()
            })
            .class("nowrap"),
            Column::new("revision.status", move |r: &RevisionView| {
                let waiting = r
                    .allowed
                    .as_deref()
                    .is_some_and(|a| a.iter().any(|x| x == "vote"));
                if waiting {
                    view! { <span class="badge badge-upcoming" data-testid="review-awaiting">{i18n.text("review.awaiting_vote")}</span> }.into_any()
                } else {
                    status_badge(&r.status).into_any()
                }
            }),
            Column::text("revision.drafted_at", |r: &RevisionView| {
                format_instant(&r.drafted_at)
            })
            .class("nowrap"),
        ]
    };
    view! {
        <Page title="review.heading" lead="review.lead" wide=true as_of=true>
            <LoadedList value={move || read::<Vec<RevisionView>>(queue)} empty="review.none" empty_testid="review-empty" let:list>
                <DataTable rows=list columns=columns() testid="review-queue" row_testid="review-row" empty="review.none" csv="review.csv"/>
            </LoadedList>
        </Page>
    }
}
