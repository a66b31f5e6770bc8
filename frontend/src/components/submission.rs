//! The one way a screen sends a change: a form's (or a button's) submission, with its pending state,
//! the server's problem (field errors included, shown by [`super::form`]) and its last answer (for a
//! success message). What to do with the answer is said once, when the hook is made.

use std::future::Future;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiFailure;
use crate::components::form::FormFailure;

/// A submission of requests answering `O` (see [`use_submission`]).
pub struct Submission<O: Send + Sync + 'static> {
    result: RwSignal<Option<Result<O, ApiFailure>>>,
    pending: RwSignal<bool>,
    on_done: StoredValue<Box<dyn Fn(O)>, LocalStorage>,
}

impl<O: Send + Sync + 'static> Clone for Submission<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O: Send + Sync + 'static> Copy for Submission<O> {}

/// A submission whose successful answers go to `on_done` (after the form has recorded them: a
/// callback that replaces the form, e.g. by showing the changed record, may do so).
pub fn use_submission<O: Clone + Send + Sync + 'static>(
    on_done: impl Fn(O) + 'static,
) -> Submission<O> {
    Submission {
        result: RwSignal::new(None),
        pending: RwSignal::new(false),
        on_done: StoredValue::new_local(Box::new(on_done)),
    }
}

impl<O: Clone + Send + Sync + 'static> Submission<O> {
    /// Sends `request` (one at a time: the submit button is disabled meanwhile).
    pub fn send(self, request: impl Future<Output = Result<O, ApiFailure>> + 'static) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        spawn_local(async move {
            let result = request.await;
            self.pending.set(false);
            // The screen may have gone meanwhile: then nothing is left to tell.
            let answer = result.as_ref().ok().cloned();
            if self.result.try_set(Some(result)).is_none() {
                if let Some(answer) = answer {
                    self.on_done.with_value(|done| done(answer));
                }
            }
        });
    }

    /// The form's `on:submit`: sends the request `make` makes of the form's fields, or nothing when
    /// it makes none (a field the browser cannot check is not valid).
    pub fn on_submit<F>(self, make: impl Fn() -> Option<F> + 'static) -> impl Fn(SubmitEvent)
    where
        F: Future<Output = Result<O, ApiFailure>> + 'static,
    {
        move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(request) = make() {
                self.send(request);
            }
        }
    }

    /// Whether a request is on its way (reactive).
    pub fn pending(self) -> Signal<bool> {
        self.pending.into()
    }

    /// The problem of the last request, if it failed (reactive).
    pub fn failure(self) -> FormFailure {
        let result = self.result;
        Signal::derive(move || result.with(|r| r.as_ref().and_then(|r| r.clone().err())))
    }

    /// The answer of the last request, if it succeeded (reactive): for a success message.
    pub fn done(self) -> Signal<Option<O>> {
        let result = self.result;
        Signal::derive(move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned())))
    }
}
