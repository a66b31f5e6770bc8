use leptos::prelude::*;
use mamori_shared::api::auth::SessionView;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::components::data_table::{Column, Columns, DataTable};
use crate::components::dates::format_instant;
use crate::components::feedback::Message;
use crate::components::page::Page;
use crate::components::status::{Failure, Loaded};
use crate::components::submission::{use_submission, Submission};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Where I am signed in: each session with its browser and address, the current one marked;
/// ending one, all the others, or all of them.
#[component]
pub fn MySessions() -> impl IntoView {
    let session = use_session();
    let sessions = LocalResource::new(|| api::get::<Vec<SessionView>>("/me/sessions"));
    let end = use_submission(move |()| sessions.refetch()).says(|_| Message::new("sessions.ended"));
    // This session ends too.
    let end_everywhere = use_submission(move |()| session.signed_out_saying("sessions.ended_all"));
    let (ended, ended_everywhere) = (end.failure(), end_everywhere.failure());
    let failure = move || ended.server().or_else(|| ended_everywhere.server());
    let busy = Signal::derive(move || end.pending().get() || end_everywhere.pending().get());
    view! {
        <Page title="sessions.heading" lead="sessions.lead">
            {move || failure().map(|failure| view! { <Failure failure/> })}
            <Loaded value=move || sessions.get() let:list>
                <SessionList list end end_everywhere busy/>
            </Loaded>
        </Page>
    }
}

async fn end_sessions(ids: Vec<Uuid>) -> Result<(), ApiFailure> {
    for id in ids {
        api::delete::<()>(&format!("/me/sessions/{id}")).await?;
    }
    Ok(())
}

/// The sessions, and the ways to end them.
#[component]
fn SessionList(
    list: Vec<SessionView>,
    end: Submission<()>,
    end_everywhere: Submission<()>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let others: Vec<Uuid> = list.iter().filter(|s| !s.current).map(|s| s.id).collect();
    let alone = others.is_empty();
    let columns = Columns::from(vec![
        Column::new("sessions.browser", move |s: &SessionView| {
            let current = s.current.then(|| {
                view! {
                    <span class="badge badge-current" data-testid="current-session">
                        {i18n.text("sessions.this_one")}
                    </span>
                }
            });
            view! { <span title=s.user_agent.clone()>{browser_name(&s.user_agent)}</span> {current} }
                .into_any()
        })
        .csv(|s| browser_name(&s.user_agent)),
        Column::text("sessions.address", |s: &SessionView| s.address.clone()),
        Column::text("sessions.started", |s: &SessionView| format_instant(&s.created_at)),
        Column::text("sessions.last_seen", |s: &SessionView| format_instant(&s.last_seen_at)),
        Column::new("form.actions", move |s: &SessionView| {
            let id = s.id;
            (!s.current)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button-small"
                            disabled=busy
                            on:click=move |_| end.send(end_sessions(vec![id]))
                        >
                            {i18n.text("sessions.end")}
                        </button>
                    }
                })
                .into_any()
        }),
    ])
    .row_class(|s| s.current.then_some("current"));
    view! {
        <DataTable rows=list columns testid="sessions-table" empty="sessions.none"/>
        <div class="actions">
            <button
                type="button"
                class="button"
                disabled=move || busy.get() || alone
                on:click=move |_| end.send(end_sessions(others.clone()))
            >
                {i18n.text("sessions.end_others")}
            </button>
            <button
                type="button"
                class="button button-danger"
                disabled=busy
                on:click=move |_| end_everywhere.send(api::delete::<()>("/me/sessions"))
            >
                {i18n.text("sessions.end_all")}
            </button>
        </div>
    }
}

/// A short name for a browser's User-Agent ("Chrome on Linux"); the full text is in its title.
pub fn browser_name(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Chrome (headless)"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map_or("?", |(_, name)| name);
    let system = [
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Mac OS X", "macOS"),
        ("Android", "Android"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} / {system}"),
        None => browser.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::browser_name;

    #[test]
    fn browsers_are_named_briefly() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/140.0.0.0 Safari/537.36";
        assert_eq!(browser_name(chrome), "Chrome / Linux");
        let edge =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                    Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0";
        assert_eq!(browser_name(edge), "Edge / Windows");
        assert_eq!(browser_name(""), "?");
    }
}
