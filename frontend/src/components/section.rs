//! The parts of a screen beneath its heading: a titled section (or card), and a panel that opens
//! to show a form.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A part of a screen under its own heading (`h2`, message key `title`), named by it.
#[component]
pub fn Section(
    /// The id of the heading, which names the section.
    id: &'static str,
    title: &'static str,
    /// `section` (the default), `card` on the dashboard, `section admin`...
    #[prop(default = "section")]
    class: &'static str,
    /// What stands beside the heading (a button that opens a dialog).
    #[prop(optional, into)]
    beside: Option<ViewFn>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = view! { <h2 id=id>{i18n.text(title)}</h2> };
    view! {
        <section class=class aria-labelledby=id>
            {match beside {
                Some(beside) => {
                    view! { <div class="section-head">{heading} {move || beside.run()}</div> }.into_any()
                }
                None => heading.into_any(),
            }}
            {children()}
        </section>
    }
}

/// A panel that opens to show what it holds (most often a form), under the message `summary`.
#[component]
pub fn Panel(
    summary: &'static str,
    /// A panel of something that cannot be undone (retiring, deactivating).
    #[prop(optional)]
    danger: bool,
    /// The id of the summary (to name a section by it).
    #[prop(optional)]
    id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class=if danger { "panel panel-danger" } else { "panel" }>
            <summary id=id>{i18n.text(summary)}</summary>
            {children()}
        </details>
    }
}
