//! The frame of every screen: the way back (breadcrumbs), the heading, which is also the document's
//! title (`{heading} | 守り Mamori`) and gets the focus when the screen is arrived at from another,
//! what stands beside it, the screen's actions, a lead, and the screen itself.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::as_of::AsOfPicker;
use crate::components::feedback::use_feedback;
use crate::i18n::{use_i18n, I18n};

/// A screen's heading: a message key, or a text of its own (a record's name).
#[derive(Clone, Copy)]
pub enum Title {
    Key(&'static str),
    Text(Signal<String>),
}

impl Title {
    /// A heading made of the screen's data (reactive).
    pub fn text(text: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self::Text(Signal::derive(text))
    }

    fn read(self, i18n: I18n) -> String {
        match self {
            Self::Key(key) => i18n.t(key),
            Self::Text(text) => text.get(),
        }
    }
}

impl From<&'static str> for Title {
    fn from(key: &'static str) -> Self {
        Self::Key(key)
    }
}

/// A way back: (path, message key).
pub type Crumb = (&'static str, &'static str);

/// The frame of a screen: every screen is one `Page` (its heading sets the document's title, and
/// is focused and announced after a move from another screen: [`Feedback::arrived`]).
///
/// [`Feedback::arrived`]: crate::components::feedback::Feedback::arrived
#[component]
pub fn Page(
    #[prop(into)] title: Title,
    #[prop(optional)] breadcrumbs: &'static [Crumb],
    /// What stands beside the heading (badges, the live status); redrawn when what it reads changes.
    #[prop(optional, into)]
    beside: Option<ViewFn>,
    /// The screen's actions (links, buttons), at the end of its head; redrawn likewise.
    #[prop(optional, into)]
    actions: Option<ViewFn>,
    /// The message key of the lead beneath the heading.
    #[prop(optional)]
    lead: Option<&'static str>,
    /// Wide screens hold wide tables.
    #[prop(optional)]
    wide: bool,
    /// More classes of the screen (`sign-in`, `dashboard`).
    #[prop(optional)]
    class: &'static str,
    /// A list or a detail that can be shown as of a past moment: the picker, and the banner while
    /// the past is shown (its reads go through [`AsOf::path`](crate::components::as_of::AsOf::path)).
    #[prop(optional)]
    as_of: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback();
    // The document's title follows the heading. Arrived here from another screen, the heading has
    // the focus and the title is announced, again when it changes (a record's name, once loaded)
    // but not when the language does.
    let (mut announced, mut lang) = (false, None);
    Effect::new(move |_| {
        let text = i18n
            .t("app.page_title")
            .replace("{page}", &title.read(i18n));
        document().set_title(&text);
        let now = Some(i18n.lang());
        if lang.is_none() {
            announced = feedback.arrived(&text);
        } else if announced && now == lang {
            feedback.announce(&text);
        }
        lang = now;
    });
    let class = format!(
        "page{}{}{class}",
        if wide { " page-wide" } else { "" },
        if class.is_empty() { "" } else { " " }
    );
    view! {
        <section class=class>
            {(!breadcrumbs.is_empty()).then(|| crumbs(i18n, breadcrumbs))}
            <div class="page-head">
                <h1 tabindex="-1">{move || title.read(i18n)}</h1>
                {beside.map(|beside| move || beside.run())}
                {actions.map(|actions| view! { <div class="page-actions">{move || actions.run()}</div> })}
            </div>
            {lead.map(|key| view! { <p class="lead">{i18n.text(key)}</p> })}
            {as_of.then(|| view! { <AsOfPicker/> })}
            {children()}
        </section>
    }
}

/// A screen's main action: a link that looks like a button, shown only `when` (what the server
/// says the person may do, e.g. `Me.permissions`).
#[component]
pub fn ActionLink(
    href: &'static str,
    /// The message key of the link.
    label: &'static str,
    #[prop(optional, into)] when: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        when.is_none_or(|when| when.get()).then(|| {
            view! { <A href=href attr:class="button button-primary">{i18n.text(label)}</A> }
        })
    }
}

fn crumbs(i18n: I18n, crumbs: &'static [Crumb]) -> impl IntoView {
    view! {
        <p class="breadcrumb">
            {crumbs
                .iter()
                .map(|&(href, key)| view! { <A href=href>{i18n.text(key)}</A> })
                .collect_view()}
        </p>
    }
}
