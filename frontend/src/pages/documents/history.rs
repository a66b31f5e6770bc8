use leptos::prelude::*;
use mamori_shared::api::timeline::HistoryEntry;
use serde_json::Value;

use crate::i18n::{use_i18n, I18n};
use crate::pages::assets::history::TimelineStep;
use crate::pages::documents::{kind_key, version_name};

/// A document's or a revision's timeline (oldest first), each step as every timeline shows it.
#[component]
pub fn DocumentHistory(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline" data-testid="history">
            {entries
                .into_iter()
                .map(|entry| {
                    let data = entry.data.clone();
                    let event = entry.event_type.clone();
                    let detail = Signal::derive(move || describe(i18n, &event, &data));
                    view! { <TimelineStep entry detail/> }
                })
                .collect_view()}
        </ol>
    }
}

/// What an event of the documents says, in the user's language: read from its data as stored
/// (the fields it has), so that the chunk holds no reader of every event.
fn describe(i18n: I18n, event_type: &str, data: &Value) -> String {
    let text = |field: &str| data.get(field).and_then(Value::as_str).map(str::to_owned);
    let fact = |key: &str, value: String| format!("{}: {value}", i18n.t(key));
    let short = |hash: String| hash.chars().take(12).collect::<String>();
    let mut parts = Vec::new();
    match event_type.strip_prefix("documents.").unwrap_or_default() {
        "document_created" => {
            if let Some(title) = text("title") {
                parts.push(fact("document.title", title));
            }
            if let Some(kind) = text("kind")
                .as_deref()
                .and_then(mamori_shared::documents::DocumentKind::from_code)
            {
                parts.push(fact("document.kind", i18n.t(&kind_key(kind))));
            }
        }
        "revision_published" => {
            if let Some(version) = data.get("version").and_then(Value::as_u64) {
                parts.push(version_name(
                    i18n,
                    u32::try_from(version).unwrap_or_default(),
                ));
            }
            if let Some(date) = text("effective_date") {
                parts.push(fact("document.effective_date", date));
            }
        }
        "revision_drafted" | "revision_edited" => {
            if let Some(summary) = text("summary") {
                parts.push(fact("revision.summary", summary));
            }
            let withdrawn = data
                .get("withdrawn_votes")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if withdrawn > 0 {
                parts.push(
                    i18n.t("revision.votes_withdrawn_n")
                        .replace("{n}", &withdrawn.to_string()),
                );
            }
        }
        "vote_cast" => {
            if let Some(choice) = text("choice") {
                parts.push(i18n.t(&format!("vote.choice.{choice}")));
            }
        }
        "revision_decided" => {
            if let Some(outcome) = text("outcome") {
                parts.push(i18n.t(&format!("decision.outcome.{outcome}")));
            }
            if let Some(date) = text("effective_date") {
                parts.push(fact("document.effective_date", date));
            }
        }
        _ => {}
    }
    if let Some(hash) = text("content_hash") {
        parts.push(fact("document.content_hash", short(hash)));
    }
    parts.join(" · ")
}
