//! The one way a screen sends a change: a form's (or a button's) submission, with its fields'
//! checks (made first: nothing is sent while a field is wrong), its pending state, the server's
//! problem (field errors included, shown by [`super::form`]), its last answer, and the success
//! message said after it ([`Submission::says`], shown by the shell's
//! [`Feedback`](super::feedback::Feedback)). What to do with the answer is said once, when the hook
//! is made.

use std::cell::RefCell;
use std::future::Future;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiFailure;
use crate::components::feedback::{use_feedback, Feedback, Message};
use crate::components::form::{FormChecks, FormFailure};

/// The success message of an answer.
type Says<O> = Box<dyn Fn(&O) -> Message>;

/// What is done with a successful answer, and what is said of it.
struct Done<O> {
    then: Box<dyn Fn(O)>,
    says: RefCell<Option<Says<O>>>,
}

/// A submission of requests answering `O` (see [`use_submission`]).
pub struct Submission<O: Send + Sync + 'static> {
    result: RwSignal<Option<Result<O, ApiFailure>>>,
    pending: RwSignal<bool>,
    done: StoredValue<Done<O>, LocalStorage>,
    checks: FormChecks,
    feedback: Feedback,
}

impl<O: Send + Sync + 'static> Clone for Submission<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O: Send + Sync + 'static> Copy for Submission<O> {}

/// A submission whose successful answers go to `on_done` (after the form has recorded them: a
/// callback that replaces the form, e.g. by showing the changed record, or goes to another screen,
/// may do so).
pub fn use_submission<O: Clone + Send + Sync + 'static>(
    on_done: impl Fn(O) + 'static,
) -> Submission<O> {
    Submission {
        result: RwSignal::new(None),
        pending: RwSignal::new(false),
        done: StoredValue::new_local(Done {
            then: Box::new(on_done),
            says: RefCell::new(None),
        }),
        checks: FormChecks::new(),
        feedback: use_feedback(),
    }
}

impl<O: Clone + Send + Sync + 'static> Submission<O> {
    /// The success message of an answer, said once `on_done` has run (on the screen it went to,
    /// if it went to another).
    pub fn says(self, message: impl Fn(&O) -> Message + 'static) -> Self {
        self.done
            .with_value(|done| *done.says.borrow_mut() = Some(Box::new(message)));
        self
    }

    /// Sends `request` (one at a time: the submit button is disabled meanwhile), unchecked.
    pub fn send(self, request: impl Future<Output = Result<O, ApiFailure>> + 'static) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        spawn_local(async move {
            let result = request.await;
            self.pending.try_set(false);
            // The screen may have gone meanwhile: then nothing is left to tell.
            let answer = result.as_ref().ok().cloned();
            if self.result.try_set(Some(result)).is_some() {
                return;
            }
            let Some(answer) = answer else {
                return;
            };
            self.checks.reset();
            // Made now: `on_done` may end the form (and this submission with it).
            let message = self.done.with_value(|done| {
                let message = done.says.borrow().as_ref().map(|says| says(&answer));
                (done.then)(answer);
                message
            });
            if let Some(message) = message {
                self.feedback.say(message);
            }
        });
    }

    /// Checks the form's fields, and if they are all fine sends the request `make` makes (nothing
    /// when it makes none). A field that is wrong says so, and gets the focus.
    pub fn attempt<F>(self, make: impl FnOnce() -> Option<F>)
    where
        F: Future<Output = Result<O, ApiFailure>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        if !self.checks.pass() {
            // What the server said last is about values since corrected.
            self.result.set(None);
            return;
        }
        if let Some(request) = make() {
            self.send(request);
        }
    }

    /// The form's `on:submit`: [`attempt`](Self::attempt)s the request `make` makes of the form's
    /// fields.
    pub fn on_submit<F>(self, make: impl Fn() -> Option<F> + 'static) -> impl Fn(SubmitEvent)
    where
        F: Future<Output = Result<O, ApiFailure>> + 'static,
    {
        move |event: SubmitEvent| {
            event.prevent_default();
            self.attempt(&make);
        }
    }

    /// Whether a request is on its way (reactive).
    pub fn pending(self) -> Signal<bool> {
        self.pending.into()
    }

    /// What is wrong with the form: its fields (checked before sending), or the last request's
    /// problem (reactive).
    pub fn failure(self) -> FormFailure {
        let result = self.result;
        let server =
            Signal::derive(move || result.with(|r| r.as_ref().and_then(|r| r.clone().err())));
        FormFailure::new(server, self.checks)
    }

    /// The answer of the last request, if it succeeded (reactive).
    pub fn done(self) -> Signal<Option<O>> {
        let result = self.result;
        Signal::derive(move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned())))
    }
}
