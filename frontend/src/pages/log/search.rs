use leptos::prelude::*;
use mamori_shared::api::organisation::PersonView;
use mamori_shared::api::page::Page;
use mamori_shared::api::timeline::HistoryEntry;
use mamori_shared::api::transparency::LogSearch as Found;

use crate::api::{self, ApiFailure};
use crate::components::data_table::{Column, DataTable};
use crate::components::dates::format_instant;
use crate::components::section::Section;
use crate::i18n::use_i18n;

/// What the search asks for: each filter as typed (empty: any).
#[derive(Clone, Default, PartialEq)]
struct Query {
    actor: String,
    event_type: String,
    stream: String,
    from: String,
    until: String,
}

impl Query {
    fn path(&self, after: Option<u64>) -> String {
        let moment = |local: &str| {
            if local.is_empty() {
                String::new()
            } else if local.len() == 16 {
                format!("{local}:00+09:00")
            } else {
                format!("{local}+09:00")
            }
        };
        let after = after.map(|a| a.to_string()).unwrap_or_default();
        format!(
            "/log/events{}",
            api::query(&[
                ("actor", &self.actor),
                ("type", self.event_type.trim()),
                ("stream", self.stream.trim()),
                ("from", &moment(&self.from)),
                ("until", &moment(&self.until)),
                ("after", &after),
                ("limit", "50"),
            ])
        )
    }
}

/// The auditor's search of the log (記録の検索): events by who, what, which record and when, in log
/// order, page after page; the server shows only the records Cedar lets the reader read.
#[component]
pub fn LogSearch() -> impl IntoView {
    let i18n = use_i18n();
    let people = LocalResource::new(|| async {
        api::get::<Page<PersonView>>("/people?limit=500&sort=name")
            .await
            .map(|page| page.items)
            .unwrap_or_default()
    });
    let query = RwSignal::new(Query::default());
    let found = RwSignal::new(Vec::<HistoryEntry>::new());
    let next = RwSignal::new(None::<u64>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let searched = RwSignal::new(false);
    let load = move |after: Option<u64>| {
        let path = query.get_untracked().path(after);
        leptos::task::spawn_local(async move {
            match api::get::<Found>(&path).await {
                Ok(page) => {
                    failure.set(None);
                    if after.is_none() {
                        found.set(page.items);
                    } else {
                        found.update(|items| items.extend(page.items));
                    }
                    next.set(page.next);
                    searched.set(true);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let field = |get: fn(&Query) -> String, set: fn(&mut Query, String)| {
        (
            move || query.with(get),
            move |event| query.update(|q| set(q, event_target_value(&event))),
        )
    };
    let (event_type, set_event_type) = field(|q| q.event_type.clone(), |q, v| q.event_type = v);
    let (stream, set_stream) = field(|q| q.stream.clone(), |q, v| q.stream = v);
    let (from, set_from) = field(|q| q.from.clone(), |q, v| q.from = v);
    let (until, set_until) = field(|q| q.until.clone(), |q, v| q.until = v);
    let (_, set_actor) = field(|q| q.actor.clone(), |q, v| q.actor = v);
    let columns = move || {
        vec![
            Column::text("history.position", |e: &HistoryEntry| {
                e.position.to_string()
            }),
            Column::text("log.search.when", |e: &HistoryEntry| {
                format_instant(&e.recorded_at)
            }),
            Column::text("log.search.what", move |e: &HistoryEntry| {
                let key = format!("event.{}", e.event_type);
                let text = i18n.t(&key);
                if text == key {
                    e.event_type.clone()
                } else {
                    text
                }
            }),
            Column::text("log.search.who", move |e: &HistoryEntry| {
                e.actor_name
                    .clone()
                    .unwrap_or_else(|| i18n.t("history.system"))
            }),
            Column::text("log.search.stream", |e: &HistoryEntry| e.stream_id.clone()),
            Column::text("log.search.reason", |e: &HistoryEntry| {
                e.reason.clone().unwrap_or_default()
            }),
        ]
    };
    view! {
        <Section id="log-search-heading" title="log.search">
            <p>{i18n.text("log.search_hint")}</p>
            <form
                class="filters"
                role="search"
                data-testid="log-search"
                on:submit=move |event| {
                    event.prevent_default();
                    load(None);
                }
            >
                <div class="field">
                    <label for="log-search-actor">{i18n.text("log.search.who")}</label>
                    <select id="log-search-actor" on:change=set_actor>
                        <option value="">{i18n.text("log.search.anyone")}</option>
                        {move || people.get().unwrap_or_default().into_iter().map(|p| {
                            view! { <option value=p.id.to_string()>{p.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="log-search-type">{i18n.text("log.search.type")}</label>
                    <input id="log-search-type" prop:value=event_type on:input=set_event_type placeholder="assets.asset_classified"/>
                </div>
                <div class="field">
                    <label for="log-search-stream">{i18n.text("log.search.stream")}</label>
                    <input id="log-search-stream" prop:value=stream on:input=set_stream placeholder="asset-…"/>
                </div>
                <div class="field">
                    <label for="log-search-from">{i18n.text("log.search.from")}</label>
                    <input id="log-search-from" type="datetime-local" step="1" prop:value=from on:input=set_from/>
                </div>
                <div class="field">
                    <label for="log-search-until">{i18n.text("log.search.until")}</label>
                    <input id="log-search-until" type="datetime-local" step="1" prop:value=until on:input=set_until/>
                </div>
                <button type="submit" class="button button-primary">{i18n.text("log.search.submit")}</button>
            </form>
            {move || failure.get().map(|failure| view! {
                <p class="failure" role="alert">{failure.message(i18n.lang())}</p>
            })}
            {move || searched.get().then(|| view! {
                <DataTable rows=found.get() columns=columns() testid="log-search-results" empty="log.search.none" csv="mamori-log-search.csv"/>
            })}
            {move || next.get().map(|after| view! {
                <p>
                    <button type="button" class="button" data-testid="log-search-more" on:click=move |_| load(Some(after))>
                        {i18n.text("log.search.more")}
                    </button>
                </p>
            })}
        </Section>
    }
}
