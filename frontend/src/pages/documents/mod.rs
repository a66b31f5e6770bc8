//! Policy documents and the security committee (情報セキュリティポリシー, seed §5, §6(4), §8–§11):
//! the documents and their versions in force, drafting and comparing revisions, the committee's
//! review and votes, acknowledgements (周知・確認) and training (研修).

pub mod acknowledgements;
pub mod audience;
pub mod committee;
pub mod completion;
pub mod detail;
pub mod diff;
pub mod editor;
pub mod history;
pub mod list;
pub mod new;
pub mod review;
pub mod revision;
pub mod routes;
pub mod training;
pub mod training_new;
pub mod trainings;
pub mod vote;

use leptos::prelude::*;
use mamori_shared::documents::{DecisionRule, DocumentKind, Threshold, VoteChoice};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::i18n::I18n;

/// The answer at the API path `path()` (reloaded when what it reads changes), as text: every
/// screen of the area shares this one resource type (a resource of each type costs its own
/// code: docs/frontend-size.md) and reads it as its own type with [`read`].
pub fn fetch(path: impl Fn() -> String + 'static) -> LocalResource<api::Text> {
    api::text_resource(Box::new(path))
}

/// What [`fetch`] got, read as `T` (reactive).
pub fn read<T: DeserializeOwned>(
    resource: LocalResource<api::Text>,
) -> Option<Result<T, ApiFailure>> {
    resource
        .get()
        .map(|answer| answer.and_then(|text| api::decode(&text)))
}

/// The list of documents.
pub const DOCUMENTS: &str = "/documents";
/// The committee's review queue (審議待ち).
pub const REVIEW: &str = "/revisions/review";
/// The training sessions.
pub const TRAININGS: &str = "/trainings";
/// The public basic policy, served by the server itself (not the app): readable signed out.
pub const BASIC_POLICY: &str = "/basic-policy";

pub fn document_href(id: Uuid) -> String {
    format!("{DOCUMENTS}/{id}")
}

pub fn revision_href(id: Uuid) -> String {
    format!("/revisions/{id}")
}

pub fn training_href(id: Uuid) -> String {
    format!("{TRAININGS}/{id}")
}

/// The comparison of two revisions of a document (either side absent: the server's default).
pub fn diff_href(document: Uuid, from: Option<Uuid>, to: Option<Uuid>) -> String {
    let (from, to) = (
        from.map(|id| id.to_string()).unwrap_or_default(),
        to.map(|id| id.to_string()).unwrap_or_default(),
    );
    format!(
        "{}/diff{}",
        document_href(document),
        crate::api::query(&[("from", &from), ("to", &to)])
    )
}

pub fn kind_key(kind: DocumentKind) -> String {
    format!("document.kind.{}", kind.code())
}

/// A revision's (or a version's) state: `draft`, `in_review`, `in_force`...
pub fn status_key(status: &str) -> String {
    format!("revision.status.{status}")
}

pub fn choice_code(choice: VoteChoice) -> &'static str {
    match choice {
        VoteChoice::Approve => "approve",
        VoteChoice::Reject => "reject",
        VoteChoice::Abstain => "abstain",
    }
}

pub fn choice_key(choice: VoteChoice) -> String {
    format!("vote.choice.{}", choice_code(choice))
}

pub const THRESHOLDS: [Threshold; 3] = [
    Threshold::Majority,
    Threshold::TwoThirds,
    Threshold::Unanimous,
];

pub fn threshold_code(threshold: Threshold) -> &'static str {
    match threshold {
        Threshold::Majority => "majority",
        Threshold::TwoThirds => "two_thirds",
        Threshold::Unanimous => "unanimous",
    }
}

pub fn threshold_key(threshold: Threshold) -> String {
    format!("rule.threshold.{}", threshold_code(threshold))
}

/// How the committee decides, in words: 「過半数・委員長（CISO）の承認を要する」 (reactive).
pub fn rule_text(i18n: I18n, rule: DecisionRule) -> String {
    let threshold = i18n.t(&threshold_key(rule.threshold));
    if rule.chair_required {
        i18n.t("rule.with_chair").replace("{threshold}", &threshold)
    } else {
        threshold
    }
}

/// 第N版 (reactive).
pub fn version_name(i18n: I18n, version: u32) -> String {
    i18n.t("document.version_n")
        .replace("{n}", &version.to_string())
}

/// A status as a badge (reactive).
pub fn status_badge(status: &str) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let key = status_key(status);
    let class = match status {
        "in_force" | "approved" => "badge badge-active",
        "in_review" | "draft" => "badge badge-upcoming",
        "rejected" | "discarded" => "badge badge-refused",
        _ => "badge badge-ended",
    };
    view! { <span class=class data-testid="revision-status" data-status=status.to_owned()>{move || i18n.t(&key)}</span> }
}

/// A content hash in full (what a vote or an acknowledgement names), readable and selectable.
#[component]
pub fn ContentHash(hash: String, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    view! { <code class="hash" data-testid=testid.unwrap_or("content-hash")>{hash}</code> }
}
