use leptos::prelude::*;
use mamori_shared::api::integration::ClientView;
use mamori_shared::api::page::Page as Listing;

use crate::api;
use crate::components::data_table::{link, Column, DataTable, Paging};
use crate::components::dates::format_instant;
use crate::components::page::{ActionLink, Page};
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::integration::{client_href, fetch, read, scopes_text, CLIENTS_MANAGE};

const LIMIT: u64 = 50;

/// The client systems (連携システム): name, organisation, scopes, how many tokens are active and
/// when one was last used; registering one, to those who may.
#[component]
pub fn ClientList() -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let offset = RwSignal::new(0_u64);
    let clients = fetch(move || {
        let (q, offset) = (q.get(), offset.get().to_string());
        format!(
            "/clients{}",
            api::query(&[
                ("q", q.trim()),
                ("offset", &offset),
                ("limit", &LIMIT.to_string())
            ])
        )
    });
    let registers = Signal::derive(move || {
        read::<Listing<ClientView>>(clients)
            .and_then(Result::ok)
            .is_some_and(|page| page.allowed.iter().any(|a| a == CLIENTS_MANAGE))
    });
    let actions = move || {
        view! { <ActionLink href="/integrations/new" label="clients.new" when=registers/> }
    };
    view! {
        <Page title="clients.heading" lead="clients.lead" actions wide=true>
            <form class="filters" novalidate on:submit=|e| e.prevent_default() role="search">
                <div class="field">
                    <label for="clients-q">{i18n.text("clients.search")}</label>
                    <input
                        id="clients-q"
                        type="search"
                        autocomplete="off"
                        prop:value=move || q.get()
                        on:change=move |e| {
                            offset.set(0);
                            q.set(event_target_value(&e));
                        }
                    />
                </div>
            </form>
            <Loaded value={move || read::<Listing<ClientView>>(clients)} let:page>
                <DataTable
                    rows=page.items
                    columns=columns()
                    testid="clients"
                    row_testid="client-row"
                    empty="clients.none"
                    csv="clients.csv"
                    paging=Some(Paging { total: page.total, offset, limit: LIMIT })
                />
            </Loaded>
        </Page>
    }
}

/// When any of its tokens was last used (RFC 3339 instants order as text within one offset).
fn last_use(client: &ClientView) -> Option<String> {
    client
        .tokens
        .iter()
        .filter_map(|t| t.last_used_at.clone())
        .max()
}

fn columns() -> Vec<Column<ClientView>> {
    let i18n = use_i18n();
    vec![
        Column::new("client.name", |c: &ClientView| {
            link(client_href(c.id), c.name.clone())
        })
        .csv(|c| c.name.clone())
        .testid("client-name"),
        Column::text("client.organisation", |c: &ClientView| {
            c.organisation.clone()
        }),
        Column::new("client.scopes", move |c: &ClientView| {
            let scopes = c.scopes.clone();
            (move || scopes_text(i18n, &scopes)).into_any()
        })
        .csv(move |c| scopes_text(i18n, &c.scopes))
        .testid("client-scopes"),
        Column::text("client.active_tokens", |c: &ClientView| {
            c.tokens
                .iter()
                .filter(|t| t.status == "active")
                .count()
                .to_string()
        })
        .class("nowrap")
        .testid("client-active-tokens"),
        Column::text("client.last_use", |c: &ClientView| {
            last_use(c)
                .map(|at| format_instant(&at))
                .unwrap_or_else(|| "—".to_owned())
        })
        .class("nowrap"),
    ]
}
