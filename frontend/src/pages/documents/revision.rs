use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::assets::Reason;
use mamori_shared::api::documents::{
    DocumentDiff, RevisionView, Submission as SubmitBody, Tally, VoteView,
};
use mamori_shared::api::timeline::HistoryEntry;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::dates::format_instant;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, ReasonField, Submit};
use crate::components::guard::allows;
use crate::components::page::{Page, Title};
use crate::components::section::{Panel, Section};
use crate::components::status::{Loaded, LoadedList};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::detail::PrintButton;
use crate::pages::documents::diff::DiffView;
use crate::pages::documents::history::DocumentHistory;
use crate::pages::documents::vote::VoteDialog;
use crate::pages::documents::{
    choice_key, document_href, fetch, kind_key, read, revision_href, rule_text, status_badge,
    version_name, ContentHash, DOCUMENTS,
};

/// One revision (改定案): what changes and why, compared with the version in force, the rule it
/// is decided by and the count so far, every vote on this text and those withdrawn by later edits,
/// and the decision; editing, submitting, discarding and voting as the server allows. Printed,
/// it is the record of its approval.
#[component]
pub fn RevisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let as_of = use_as_of();
    let revision = fetch(move || as_of.path(&format!("/revisions/{}", id.get())));
    let updated = Callback::new(move |_: RevisionView| revision.refetch());
    let reload = Callback::new(move |()| revision.refetch());
    let title = Title::text(move || match read::<RevisionView>(revision) {
        Some(Ok(revision)) => i18n
            .t("revision.heading")
            .replace("{title}", &revision.document_title),
        _ => i18n.t("revision.short"),
    });
    let beside = move || {
        read::<RevisionView>(revision)
            .and_then(Result::ok)
            .map(|r| status_badge(&r.status))
    };
    let actions = move || view! { <PrintButton/> };
    view! {
        <Page title breadcrumbs=&[(DOCUMENTS, "documents.heading")] beside actions wide=true as_of=true>
            <Loaded value={move || read::<RevisionView>(revision)} let:revision>
                <RevisionRecord revision updated reload/>
            </Loaded>
        </Page>
    }
}

#[component]
fn RevisionRecord(
    revision: RevisionView,
    updated: Callback<RevisionView>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let allowed = revision.allowed.clone();
    let may = |action: &str| allows(allowed.as_deref(), action);
    let (edits, submits, discards, votes) =
        (may("edit"), may("submit"), may("discard"), may("vote"));
    let r = StoredValue::new(revision);
    let rev = r.get_value();
    let (id, document_id, version) = (rev.id, rev.document_id, rev.version);
    let kind_name = kind_key(rev.kind);
    let diff = fetch(move || format!("/documents/{document_id}/diff?to={id}"));
    let history = fetch(move || format!("/revisions/{id}/history"));
    let first_draft = move || {
        diff.get()
            .is_some_and(|answer| answer.is_err_and(|failure| failure.status() == Some(404)))
    };
    // The record is made again with the changed revision (and its comparison and history).
    let changed = updated;
    let submit =
        use_submission(move |revision: RevisionView| changed.run(revision)).says(|revision| {
            Message::new("revision.submitted").with("{title}", &revision.document_title)
        });
    let submitting = submit.pending();
    let submit_failure = submit.failure();
    let send_submit = move |_| {
        let path = format!("/revisions/{id}/submit");
        submit.attempt(|| Some(async move { api::post_at(&path, version, &SubmitBody {}).await }));
    };
    let published = rev.published_version;
    view! {
        <dl class="facts card" data-testid="revision-facts">
            <dt>{i18n.text("revision.document")}</dt>
            <dd><A href=document_href(document_id) attr:data-testid="revision-document">{rev.document_title.clone()}</A></dd>
            <dt>{i18n.text("document.kind")}</dt>
            <dd>{move || i18n.t(&kind_name)}</dd>
            <dt>{i18n.text("revision.author")}</dt>
            <dd data-testid="revision-author">{rev.author_name.clone()}</dd>
            <dt>{i18n.text("revision.drafted_at")}</dt>
            <dd>{format_instant(&rev.drafted_at)}</dd>
            <dt>{i18n.text("revision.summary")}</dt>
            <dd class="multiline" data-testid="revision-summary">{rev.summary.clone()}</dd>
            <dt>{i18n.text("revision.reason")}</dt>
            <dd class="multiline" data-testid="revision-reason">{rev.reason.clone()}</dd>
            {(!rev.prompted_by.is_empty()).then(|| view! {
                <dt>{i18n.text("revision.prompted_by")}</dt>
                <dd>
                    <ul class="plain-list">
                        {rev.prompted_by.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                    </ul>
                </dd>
            })}
            <dt>{i18n.text("revision.effective_from")}</dt>
            <dd data-testid="revision-effective-from">
                {rev.effective_from.clone().unwrap_or_else(|| i18n.t("revision.effective_on_approval"))}
            </dd>
            {published.map(|n| view! {
                <dt>{i18n.text("document.version")}</dt>
                <dd data-testid="revision-published">{move || version_name(i18n, n)}</dd>
            })}
            <dt>{i18n.text("document.content_hash")}</dt>
            <dd><ContentHash hash=rev.content_hash.clone() testid="revision-hash"/></dd>
        </dl>
        <div class="actions no-print" data-testid="revision-actions">
            {edits.then(|| view! {
                <A href=format!("{}/edit", revision_href(id)) attr:class="button" attr:data-testid="revision-edit">
                    {i18n.text("revision.edit")}
                </A>
            })}
            {submits.then(|| view! {
                <button type="button" class="button button-primary" disabled=submitting on:click=send_submit data-testid="revision-submit">
                    {i18n.text("revision.submit")}
                </button>
            })}
            {votes.then(|| view! { <VoteDialog revision=r.get_value() voted=changed reload/> })}
        </div>
        {move || submit_failure.server().map(|f| view! { <p class="failure" role="alert">{f.message(i18n.lang())}</p> })}
        {discards.then(|| view! {
            <div class="no-print">
                <Panel summary="revision.discard" danger=true>
                    <DiscardForm revision=r.get_value() discarded=changed/>
                </Panel>
            </div>
        })}
        <Review revision=r.get_value()/>
        <Section id="diff-heading" title="revision.diff">
            // A first draft has no version in force to be compared with (404): its text is all.
            {move || if first_draft() {
                view! { <p class="notice" data-testid="diff-none">{i18n.text("revision.diff.none")}</p> }.into_any()
            } else {
                view! {
                    <Loaded value={move || read::<DocumentDiff>(diff)} let:diff>
                        <DiffView diff/>
                    </Loaded>
                }
                .into_any()
            }}
        </Section>
        <Section id="revision-text-heading" title="revision.text">
            <details class="panel document-panel" prop:open=first_draft>
                <summary>{i18n.text("revision.text.show")}</summary>
                <article class="document-text" data-testid="revision-text" inner_html=rev.html.clone()></article>
            </details>
            {rev.translation_html.clone().map(|html| view! {
                <details class="panel document-panel">
                    <summary>{i18n.text("document.translation")}</summary>
                    <article class="document-text" lang="en" inner_html=html></article>
                </details>
            })}
        </Section>
        <Section id="history-heading" title="history.heading" class="section no-print">
            <LoadedList value={move || read::<Vec<HistoryEntry>>(history)} empty="history.none" let:entries>
                <DocumentHistory entries/>
            </LoadedList>
        </Section>
    }
}

/// Abandoning the draft or the revision under review (取り下げ), with the reason, kept in its
/// history.
#[component]
fn DiscardForm(revision: RevisionView, discarded: Callback<RevisionView>) -> impl IntoView {
    let (id, version) = (revision.id, revision.version);
    let reason = RwSignal::new(String::new());
    let discard =
        use_submission(move |revision: RevisionView| discarded.run(revision)).says(|revision| {
            Message::new("revision.discarded").with("{title}", &revision.document_title)
        });
    let failure = discard.failure();
    let on_submit = discard.on_submit(move || {
        let body = Reason {
            reason: reason.get_untracked(),
        };
        let path = format!("/revisions/{id}/discard");
        Some(async move { api::post_at::<RevisionView>(&path, version, &body).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="revision-discard">
            <FormProblem failure shown=&["reason"]/>
            <ReasonField id="discard-reason" value=reason failure/>
            <div class="actions">
                <Submit label="revision.discard.submit" pending=discard.pending() danger=true/>
            </div>
        </form>
    }
}

/// The committee's review: the rule and the count, who may vote, the votes on this text, the
/// votes withdrawn by later edits (and why), and the decision.
#[component]
fn Review(revision: RevisionView) -> impl IntoView {
    let i18n = use_i18n();
    let Some(rule) = revision.rule else {
        return view! {
            <Section id="review-heading" title="review.record">
                <p class="notice" data-testid="not-submitted">{i18n.text("review.not_submitted")}</p>
            </Section>
        }
        .into_any();
    };
    let electorate = revision.electorate.clone();
    let votes = revision.votes.clone();
    let withdrawn = revision.withdrawn_votes.clone();
    view! {
        <Section id="review-heading" title="review.record" class="section approval-record">
            <dl class="facts card" data-testid="review-facts">
                <dt>{i18n.text("review.rule")}</dt>
                <dd data-testid="review-rule">{move || rule_text(i18n, rule)}</dd>
                {revision.tally.clone().map(|tally| view! {
                    <dt>{i18n.text("review.tally")}</dt>
                    <dd data-testid="review-tally"><TallyText tally/></dd>
                })}
                <dt>{i18n.text("review.electorate")}</dt>
                <dd data-testid="review-electorate">
                    <ul class="plain-list">
                        {electorate.into_iter().map(|m| view! {
                            <li>
                                {m.name.clone()}
                                {m.chair.then(|| view! { " " <span class="badge">{i18n.text("review.chair")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </dd>
                {revision.decision.clone().map(|d| {
                    let key = format!("decision.outcome.{}", d.outcome);
                    let class = if d.outcome == "approved" { "badge badge-active" } else { "badge badge-refused" };
                    view! {
                        <dt>{i18n.text("review.decision")}</dt>
                        <dd data-testid="review-decision" data-outcome=d.outcome.clone()>
                            <span class=class>{move || i18n.t(&key)}</span>
                            " " {format_instant(&d.at)}
                            {d.effective_date.clone().map(|date| view! {
                                " · " {i18n.text("document.effective_date")} " " {date}
                            })}
                            <br/>
                            <ContentHash hash=d.content_hash.clone() testid="decision-hash"/>
                        </dd>
                    }
                })}
            </dl>
            <h3>{i18n.text("review.votes")}</h3>
            <VoteTable votes testid="votes" withdrawn=false/>
            {(!withdrawn.is_empty()).then(|| view! {
                <h3>{i18n.text("review.withdrawn")}</h3>
                <p class="hint">{i18n.text("review.withdrawn.lead")}</p>
                <VoteTable votes=withdrawn testid="withdrawn-votes" withdrawn=true/>
            })}
        </Section>
    }
    .into_any()
}

/// 賛成 2 / 必要 2（投票権者 3）, and whether the chair approved.
#[component]
fn TallyText(tally: Tally) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let mut text = i18n
            .t("review.tally.text")
            .replace("{approvals}", &tally.approvals.to_string())
            .replace("{needed}", &tally.needed.to_string())
            .replace("{electorate}", &tally.electorate.to_string())
            .replace("{rejections}", &tally.rejections.to_string())
            .replace("{abstentions}", &tally.abstentions.to_string());
        if tally.chair_approved {
            text.push_str(&i18n.t("review.tally.chair_approved"));
        }
        text
    }
}

/// Votes: who, what, when, the comment, and the hash of the text voted on (and, withdrawn, the
/// hash the text changed to).
#[component]
fn VoteTable(votes: Vec<VoteView>, testid: &'static str, withdrawn: bool) -> impl IntoView {
    let i18n = use_i18n();
    if votes.is_empty() {
        return view! { <p class="empty" data-testid=format!("{testid}-none")>{i18n.text("review.no_votes")}</p> }
            .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table votes" data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text("vote.voter")}</th>
                        <th scope="col">{i18n.text("vote.choice")}</th>
                        <th scope="col">{i18n.text("vote.at")}</th>
                        <th scope="col">{i18n.text("vote.comment.column")}</th>
                        <th scope="col">{i18n.text("vote.named_hash")}</th>
                        {withdrawn.then(|| view! { <th scope="col">{i18n.text("vote.withdrawn_for")}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {votes.into_iter().map(|v| {
                        let key = choice_key(v.choice);
                        view! {
                            <tr data-testid="vote-row">
                                <th scope="row" data-testid="vote-voter">{v.voter_name.clone()}</th>
                                <td data-testid="vote-choice">{move || i18n.t(&key)}</td>
                                <td class="nowrap">{format_instant(&v.at)}</td>
                                <td class="multiline">{v.comment.clone()}</td>
                                <td><ContentHash hash=v.content_hash.clone() testid="vote-hash-named"/></td>
                                {withdrawn.then(|| view! {
                                    <td data-testid="vote-withdrawn-for">
                                        {i18n.text("vote.withdrawn_because")} " "
                                        <ContentHash hash=v.withdrawn_for.clone().unwrap_or_default() testid="vote-new-hash"/>
                                    </td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
