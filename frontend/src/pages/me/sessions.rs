use leptos::prelude::*;
use mamori_shared::api::auth::SessionView;

use crate::api::{self, ApiFailure};
use crate::components::dates::format_instant;
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Where I am signed in: each session with its browser and address, the current one marked;
/// ending one, all the others, or all of them.
#[component]
pub fn MySessions() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sessions = LocalResource::new(|| api::get::<Vec<SessionView>>("/me/sessions"));
    let end = Action::new_local(move |ids: &Vec<uuid::Uuid>| {
        let ids = ids.clone();
        async move {
            for id in ids {
                api::delete::<()>(&format!("/me/sessions/{id}")).await?;
            }
            sessions.refetch();
            Ok::<(), ApiFailure>(())
        }
    });
    let end_everywhere = Action::new_local(move |_: &()| async move {
        let result = api::delete::<()>("/me/sessions").await;
        if result.is_ok() {
            // This session ended too.
            session.signed_out();
        }
        result
    });
    let failure = move || {
        end.value()
            .get()
            .and_then(Result::err)
            .or_else(|| end_everywhere.value().get().and_then(Result::err))
    };
    let busy = Signal::derive(move || end.pending().get() || end_everywhere.pending().get());
    view! {
        <section class="page">
            <h1>{move || i18n.t("sessions.heading")}</h1>
            <p class="lead">{move || i18n.t("sessions.lead")}</p>
            {move || failure().map(|failure| view! { <Failure failure/> })}
            {move || match sessions.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                Some(Ok(list)) => {
                    let others: Vec<uuid::Uuid> =
                        list.iter().filter(|s| !s.current).map(|s| s.id).collect();
                    let alone = others.is_empty();
                    view! {
                        <div class="table-scroll">
                            <table class="table" data-testid="sessions-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t("sessions.browser")}</th>
                                        <th scope="col">{move || i18n.t("sessions.address")}</th>
                                        <th scope="col">{move || i18n.t("sessions.started")}</th>
                                        <th scope="col">{move || i18n.t("sessions.last_seen")}</th>
                                        <th scope="col">{move || i18n.t("form.actions")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|s| view! { <SessionRow session=s end busy/> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="actions">
                            <button
                                type="button"
                                class="button"
                                disabled=move || busy.get() || alone
                                on:click=move |_| {
                                    end.dispatch(others.clone());
                                }
                            >
                                {move || i18n.t("sessions.end_others")}
                            </button>
                            <button
                                type="button"
                                class="button button-danger"
                                disabled=busy
                                on:click=move |_| {
                                    end_everywhere.dispatch(());
                                }
                            >
                                {move || i18n.t("sessions.end_all")}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn SessionRow(
    session: SessionView,
    end: Action<Vec<uuid::Uuid>, Result<(), ApiFailure>>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = session.id;
    let current = session.current;
    view! {
        <tr class:current=current>
            <th scope="row">
                <span title=session.user_agent.clone()>{browser_name(&session.user_agent)}</span>
                {current.then(|| view! {
                    <span class="badge badge-current" data-testid="current-session">
                        {move || i18n.t("sessions.this_one")}
                    </span>
                })}
            </th>
            <td>{session.address}</td>
            <td>{format_instant(&session.created_at)}</td>
            <td>{format_instant(&session.last_seen_at)}</td>
            <td>
                {(!current).then(|| view! {
                    <button
                        type="button"
                        class="button button-small"
                        disabled=busy
                        on:click=move |_| {
                            end.dispatch(vec![id]);
                        }
                    >
                        {move || i18n.t("sessions.end")}
                    </button>
                })}
            </td>
        </tr>
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
