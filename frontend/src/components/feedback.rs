//! What the app tells its user besides the screen itself, in one place for every screen: the
//! message after an action ([`Flash`]: "registered", "approved", "signed out"…), shown in one region
//! of the shell that screen readers announce (`role="status"`), and, after every move to another
//! screen, the focus on the new screen's heading and its name announced ([`Feedback::arrived`],
//! called by [`Page`](crate::components::page::Page)).

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::use_i18n;

/// A message after an action: a message key with its `{placeholders}` filled in, and a way on.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    key: &'static str,
    values: Vec<(&'static str, String)>,
    /// A link to where the result can be seen: (path, message key).
    link: Option<(&'static str, &'static str)>,
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            values: Vec::new(),
            link: None,
        }
    }

    /// `{placeholder}` in the message is `value`.
    pub fn with(mut self, placeholder: &'static str, value: impl Into<String>) -> Self {
        self.values.push((placeholder, value.into()));
        self
    }

    /// A link after the message.
    pub fn link(mut self, href: &'static str, label: &'static str) -> Self {
        self.link = Some((href, label));
        self
    }
}

/// The message shown, on the screen (path) it belongs to.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    message: Message,
    path: String,
}

/// The app's feedback (provided once by the app; see the module's documentation).
#[derive(Clone, Copy)]
pub struct Feedback {
    shown: RwSignal<Option<Shown>>,
    /// The name of the screen just arrived at, for screen readers.
    arrival: RwSignal<String>,
}

thread_local! {
    /// The path of the screen whose heading was last given the focus (none before the first screen).
    static ARRIVED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

impl Feedback {
    pub fn provide() -> Self {
        let feedback = Self {
            shown: RwSignal::new(None),
            arrival: RwSignal::new(String::new()),
        };
        provide_context(feedback);
        feedback
    }

    /// Says `message` on the current screen (after a navigation to the result: on that screen).
    /// It stays until the next move to another screen, or until closed.
    pub fn say(self, message: Message) {
        self.say_at(&current_path(), message);
    }

    /// Says `message` on the screen at `path`, which the app is about to show (signing out: the
    /// sign-in page).
    pub fn say_at(self, path: &str, message: Message) {
        // Said again, the same message is drawn anew, and so announced again.
        self.shown.set(Some(Shown {
            message,
            path: path.to_owned(),
        }));
    }

    /// A screen's heading, just drawn: after a move from another screen, it gets the focus, and
    /// the screen is to be announced (true). The first screen of a visit leaves the focus where
    /// the browser puts it (the top of the page, where the skip link is), and so does a screen
    /// drawn again at the same address.
    pub fn arrived(self, heading: &web_sys::HtmlElement) -> bool {
        let path = current_path();
        let before = ARRIVED_AT.with(|at| at.borrow_mut().replace(path.clone()));
        let moved = before.is_some_and(|before| before != path);
        if moved {
            let _ = heading.focus();
        }
        moved
    }

    /// Announces the screen's name (its document title) to screen readers.
    pub fn announce(self, title: String) {
        self.arrival.set(title);
    }
}

pub fn use_feedback() -> Feedback {
    expect_context::<Feedback>()
}

/// The shell's regions: the message after an action (visible, with a button that closes it), and
/// the announcement of a new screen (for screen readers only). Both are always in the page, so
/// that what appears in them is announced.
#[component]
pub fn FeedbackRegions() -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback();
    let shown = feedback.shown;
    // A move to another screen ends the message of the one before.
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |path, _, _| {
            if shown.with_untracked(|s| s.as_ref().is_some_and(|s| &s.path != path)) {
                shown.set(None);
            }
        },
        false,
    );
    let message = move || {
        shown.get().map(|Shown { message, .. }| {
            let Message { key, values, link } = message;
            let text = move || {
                values
                    .iter()
                    .fold(i18n.t(key), |text, (placeholder, value)| {
                        text.replace(placeholder, value)
                    })
            };
            view! {
                <div class="flash" data-testid="flash">
                    <p>
                        {text}
                        {link.map(|(href, label)| view! { " " <a href=href>{i18n.text(label)}</a> })}
                    </p>
                    <button
                        type="button"
                        class="flash-close"
                        aria-label=i18n.text("flash.close")
                        on:click=move |_| shown.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    };
    view! {
        <div class="flash-region" role="status" aria-live="polite" aria-atomic="true">
            {message}
        </div>
        <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="arrival">
            {move || feedback.arrival.get()}
        </p>
    }
}
