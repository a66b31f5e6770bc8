use leptos::html;
use leptos::prelude::*;
use mamori_shared::api::documents::{RevisionView, VoteBody};
use mamori_shared::documents::VoteChoice;

use crate::api;
use crate::components::feedback::{use_feedback, Message};
use crate::components::form::{required_mark, FieldError, FormProblem, Submit, TextField};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::{choice_code, choice_key, ContentHash};

const COMMENT_CHARS: usize = 2_000;
const CHOICES: [VoteChoice; 3] = [VoteChoice::Approve, VoteChoice::Reject, VoteChoice::Abstain];

/// A committee member's vote (§8): approve, reject or abstain, with a comment, on the text named
/// by its content hash — shown in full, and sent as shown. If the draft changed meanwhile the
/// server refuses the vote (409): the revision is reloaded, and the app says why.
#[component]
pub fn VoteDialog(
    revision: RevisionView,
    voted: Callback<RevisionView>,
    /// Loads the revision again (its text changed since it was shown).
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback();
    let dialog = NodeRef::<html::Dialog>::new();
    let id = revision.id;
    let hash = revision.content_hash.clone();
    let choice = RwSignal::new(None::<VoteChoice>);
    let comment = RwSignal::new(String::new());
    let vote = use_submission(move |revision: RevisionView| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
        voted.run(revision);
    })
    .says(|revision| {
        let key = match &revision.decision {
            Some(decision) if decision.outcome == "approved" => "vote.done.approved",
            Some(_) => "vote.done.rejected",
            None => "vote.done",
        };
        Message::new(key).with("{title}", &revision.document_title)
    });
    let failure = vote.failure();
    failure.insist("choice", "vote-choice-approve", "vote.choose", move || {
        choice.with(Option::is_some)
    });
    let sent_hash = hash.clone();
    let on_submit = vote.on_submit(move || {
        let body = VoteBody {
            choice: choice.get_untracked()?,
            comment: comment.get_untracked().trim().to_owned(),
            content_hash: sent_hash.clone(),
        };
        let path = format!("/revisions/{id}/votes");
        Some(async move {
            let answer = api::post::<RevisionView>(&path, &body).await;
            if answer.as_ref().err().and_then(|f| f.status()) == Some(409) {
                // The draft was edited after it was shown: the vote was not recorded.
                if let Some(dialog) = dialog.get_untracked() {
                    dialog.close();
                }
                feedback.say(Message::new("vote.stale"));
                reload.run(());
            }
            answer
        })
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
    view! {
        <button type="button" class="button button-primary" on:click=open data-testid="vote-open">
            {i18n.text("vote.open")}
        </button>
        <dialog node_ref=dialog class="dialog" aria-labelledby="vote-title" data-testid="vote-dialog">
            <form class="form form-wide" novalidate on:submit=on_submit>
                <h2 id="vote-title">{i18n.text("vote.heading")}</h2>
                <p class="lead">{i18n.text("vote.lead")}</p>
                <div class="chosen-handling">
                    <p>{i18n.text("vote.hash")}</p>
                    <ContentHash hash=hash.clone() testid="vote-hash"/>
                </div>
                <FormProblem failure shown=&["choice", "comment", "content_hash"]/>
                <fieldset class="field" aria-describedby="vote-choice-error">
                    <legend>{i18n.text("vote.choice")} {required_mark()}</legend>
                    {CHOICES
                        .into_iter()
                        .map(|c| {
                            let input_id = format!("vote-choice-{}", choice_code(c));
                            let key = choice_key(c);
                            view! {
                                <div class="field-check">
                                    <input
                                        id=input_id.clone()
                                        type="radio"
                                        name="choice"
                                        value=choice_code(c)
                                        prop:checked=move || choice.get() == Some(c)
                                        on:change=move |_| choice.set(Some(c))
                                    />
                                    <label for=input_id>{move || i18n.t(&key)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <FieldError id="vote-choice-error".to_owned() field="choice" failure/>
                </fieldset>
                <TextField id="vote-comment" label="vote.comment" value=comment field="comment" failure max_chars=COMMENT_CHARS rows="3"/>
                <div class="actions">
                    <Submit label="vote.submit" pending=vote.pending()/>
                    <button type="button" class="button" on:click=close>{i18n.text("vote.cancel")}</button>
                </div>
            </form>
        </dialog>
    }
}
