//! What the app tells its user besides the screen itself, in one place for every screen: the
//! message after an action ([`Feedback::say`]: "registered", "approved", "signed out"…), shown in
//! one region of the shell that screen readers announce (`role="status"`), and, after every move to
//! another screen, the focus on the new screen's heading and its name announced
//! ([`Feedback::arrived`], called by [`Page`](crate::components::page::Page)).

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, I18n};

/// A message after an action: a message key with its `{placeholders}` filled in, and a way on.
#[derive(Clone, Debug, PartialEq)]
pub struct Message(String);

/// Separates the parts of a [`Message`] as kept: `key`, then each `{placeholder}` and its value.
/// (One text rather than a structure of its own: the app's first download carries one kind of
/// signal fewer.)
const PART: char = '\u{1f}';
/// Comes before a [`Message`]'s link: its path, [`PART`], its message key.
const LINK: char = '\u{1e}';

impl Message {
    pub fn new(key: &'static str) -> Self {
        Self(key.to_owned())
    }

    /// `{placeholder}` in the message is `value`.
    pub fn with(mut self, placeholder: &'static str, value: impl AsRef<str>) -> Self {
        for part in [placeholder, value.as_ref()] {
            self.0.push(PART);
            self.0.push_str(part);
        }
        self
    }

    /// A link after the message, to where its result can be seen: (path, message key).
    pub fn link(mut self, href: &'static str, label: &'static str) -> Self {
        self.0.push(LINK);
        self.0.push_str(href);
        self.0.push(PART);
        self.0.push_str(label);
        self
    }

    /// The message in the user's language (reactive), without its link.
    fn text(&self, i18n: I18n) -> String {
        let message = self.0.split(LINK).next().unwrap_or_default();
        let mut parts = message.split(PART);
        let mut text = i18n.t(parts.next().unwrap_or_default());
        while let (Some(placeholder), Some(value)) = (parts.next(), parts.next()) {
            text = text.replace(placeholder, value);
        }
        text
    }
}

/// The app's feedback (one for the app: [`use_feedback`]).
#[derive(Clone, Copy)]
pub struct Feedback {
    /// The message shown: the path of the screen it is said on, [`PART`], the [`Message`].
    shown: RwSignal<Option<String>>,
}

/// The element that announces the screen arrived at (for screen readers only).
const ARRIVAL: &str = "arrival";

thread_local! {
    static FEEDBACK: Cell<Option<Feedback>> = const { Cell::new(None) };
    /// The path of the screen last arrived at (none before the first screen).
    static ARRIVED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

impl Feedback {
    /// Made once, by the app.
    pub fn provide() -> Self {
        let feedback = Self {
            shown: RwSignal::new(None),
        };
        FEEDBACK.with(|f| f.set(Some(feedback)));
        feedback
    }

    /// Says `message` on the current screen (after a move to the result: on that screen). It stays
    /// until the next move to another screen, or until closed.
    pub fn say(self, message: Message) {
        self.say_at(&current_path(), message);
    }

    /// Says `message` on the screen at `path`, which the app is about to show (signing out: the
    /// sign-in page). Said again, the same message is drawn anew, and so announced again.
    pub fn say_at(self, path: &str, message: Message) {
        self.shown.set(Some(format!("{path}{PART}{}", message.0)));
    }

    /// A screen has been drawn. After a move from another screen (not at the first screen of a
    /// visit, where the browser leaves the focus at the top, on the skip link, nor when a screen is
    /// drawn again at its address), its heading gets the focus, its name `title` is announced, and
    /// the message of the screen before is gone. Whether it moved.
    pub fn arrived(self, title: &str) -> bool {
        let path = current_path();
        let before = ARRIVED_AT.with(|at| at.borrow_mut().replace(path.clone()));
        let moved = before.is_some_and(|before| before != path);
        if moved {
            // Once drawn into the page (a screen is made before it is put in place).
            request_animation_frame(|| {
                if let Some(heading) = document()
                    .query_selector("main h1")
                    .ok()
                    .flatten()
                    .and_then(|h1| h1.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = heading.focus();
                }
            });
            self.announce(title);
            let stale = self.shown.with_untracked(|shown| {
                shown
                    .as_deref()
                    .is_some_and(|shown| shown.split(PART).next() != Some(path.as_str()))
            });
            if stale {
                self.shown.set(None);
            }
        }
        moved
    }

    /// Announces the screen's name (its document title) to screen readers.
    pub fn announce(self, title: &str) {
        if let Some(arrival) = document().get_element_by_id(ARRIVAL) {
            arrival.set_text_content(Some(title));
        }
    }
}

pub fn use_feedback() -> Feedback {
    FEEDBACK.with(Cell::get).unwrap_or_else(Feedback::provide)
}

/// The shell's regions: the message after an action (visible, with a button that closes it), and
/// the announcement of a new screen (for screen readers only). Both are always in the page, so
/// that what appears in them is announced.
#[component]
pub fn FeedbackRegions() -> impl IntoView {
    let i18n = use_i18n();
    let Feedback { shown } = use_feedback();
    // Drawn again when the language changes.
    let message = move || {
        shown.get().map(|kept| {
            let (_, message) = kept.split_once(PART).unwrap_or_default();
            let text = Message(message.to_owned()).text(i18n);
            let link = message.split_once(LINK).and_then(|(_, link)| {
                let (href, label) = link.split_once(PART)?;
                Some(view! { " " <a href=href.to_owned()>{i18n.t(label)}</a> })
            });
            view! {
                <div class="flash" data-testid="flash">
                    <p>{text} {link}</p>
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
        <div class="flash-region" role="status">{message}</div>
        <p class="visually-hidden" id=ARRIVAL aria-live="polite"></p>
    }
}
