use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::integration::{
    ClientView, CreatedSubscription, DeliveryView, IssuedToken, NewSubscription, NewToken,
    Rotation, SubscriptionView, TokenView,
};
use mamori_shared::api::page::Page as Listing;
use uuid::Uuid;

use crate::api;
use crate::components::data_table::{Column, DataTable, Paging};
use crate::components::dates::{days_from_today, format_instant};
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Rule, Submit, TextField};
use crate::components::guard::allows;
use crate::components::page::{Page, Title};
use crate::components::section::{Panel, Section};
use crate::components::status::Loaded;
use crate::components::submission::use_submission;
use crate::i18n::{use_i18n, I18n};
use crate::pages::integration::new::{ClientFieldValues, ClientFields};
use crate::pages::integration::secret::{OnceSecret, Revealed};
use crate::pages::integration::{
    client_api, delivery_status, fetch, read, scopes_text, token_status, CLIENTS, CLIENTS_MANAGE,
};

/// How many days a new token lasts unless said otherwise.
const TOKEN_DAYS: i32 = 90;
const LABEL_CHARS: usize = 100;
const URL_CHARS: usize = 2_000;
const DELIVERIES: u64 = 20;

/// What a change on the page needs: the client, its version (the next If-Match), what to do once
/// it has changed, and where a secret just received is shown.
#[derive(Clone, Copy)]
struct Ctx {
    id: Uuid,
    version: u64,
    manages: bool,
    updated: Callback<()>,
    revealed: RwSignal<Option<Revealed>>,
}

/// One client system: its details (changed by those who may), its tokens (issued, rotated,
/// revoked), its webhook subscriptions and the delivery log. A token's value and a subscription's
/// secret are shown once, here, and only while the screen is open.
#[component]
pub fn ClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let client = fetch(move || format!("/clients/{}", id.get()));
    let updated = Callback::new(move |_: ()| client.refetch());
    // In memory only, for as long as the screen shows.
    let revealed = RwSignal::new(None::<Revealed>);
    let title = Title::text(move || match read::<ClientView>(client) {
        Some(Ok(client)) => client.name,
        _ => i18n.t("clients.heading"),
    });
    view! {
        <Page title breadcrumbs=&[(CLIENTS, "clients.heading")] wide=true>
            <OnceSecret shown=revealed/>
            <Loaded value={move || read::<ClientView>(client)} let:client>
                <ClientRecord client updated revealed/>
            </Loaded>
        </Page>
    }
}

#[component]
fn ClientRecord(
    client: ClientView,
    updated: Callback<()>,
    revealed: RwSignal<Option<Revealed>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = Ctx {
        id: client.id,
        version: client.version,
        manages: allows(client.allowed.as_deref(), CLIENTS_MANAGE),
        updated,
        revealed,
    };
    let scopes = client.scopes.clone();
    let c = StoredValue::new(client);
    let cl = c.get_value();
    view! {
        <dl class="facts card" data-testid="client-facts">
            <dt>{i18n.text("client.organisation")}</dt>
            <dd data-testid="client-organisation">{cl.organisation.clone()}</dd>
            <dt>{i18n.text("client.contact")}</dt>
            <dd>{if cl.contact.is_empty() { "—".to_owned() } else { cl.contact.clone() }}</dd>
            <dt>{i18n.text("client.scopes")}</dt>
            <dd data-testid="client-scopes">{move || scopes_text(i18n, &scopes)}</dd>
            <dt>{i18n.text("client.registered_at")}</dt>
            <dd>{format_instant(&cl.registered_at)}</dd>
        </dl>
        {ctx.manages.then(|| view! {
            <Panel summary="client.edit">
                <EditClient client=c.get_value() ctx/>
            </Panel>
        })}
        <Section id="tokens-heading" title="tokens.heading">
            <DataTable rows=cl.tokens.clone() columns=token_columns(ctx) testid="tokens" row_testid="token-row" empty="tokens.none"/>
        </Section>
        {ctx.manages.then(|| view! {
            <Section id="issue-heading" title="token.issue">
                <IssueToken ctx/>
            </Section>
        })}
        <Section id="subscriptions-heading" title="subscriptions.heading">
            <p class="hint">{i18n.text("subscriptions.lead")}</p>
            <DataTable rows=cl.subscriptions.clone() columns=subscription_columns(ctx) testid="subscriptions" row_testid="subscription-row" empty="subscriptions.none"/>
        </Section>
        {ctx.manages.then(|| view! {
            <Section id="subscribe-heading" title="subscription.new">
                <NewSubscriptionForm ctx/>
            </Section>
        })}
        <Section id="deliveries-heading" title="deliveries.heading">
            <Deliveries ctx/>
        </Section>
    }
}

#[component]
fn EditClient(client: ClientView, ctx: Ctx) -> impl IntoView {
    let values = ClientFieldValues::new(Some(&client));
    let save = use_submission(move |_: ClientView| ctx.updated.run(()))
        .says(|client| Message::new("client.saved").with("{name}", &client.name));
    let failure = save.failure();
    let on_submit = save.on_submit(move || {
        let body = values.body();
        let path = client_api(ctx.id);
        Some(async move { api::put_at::<ClientView>(&path, ctx.version, &body).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="edit-client">
            <FormProblem failure shown=&["name", "organisation", "contact", "scopes"]/>
            <ClientFields prefix="edit-client" values failure/>
            <div class="actions">
                <Submit label="client.save" pending=save.pending()/>
            </div>
        </form>
    }
}

/// An instant from the API, or a dash.
fn instant(at: &Option<String>) -> String {
    at.as_deref()
        .map(format_instant)
        .unwrap_or_else(|| "—".to_owned())
}

/// Asks before something that cannot be undone.
fn confirmed(i18n: I18n, key: &str, name: &str) -> bool {
    window()
        .confirm_with_message(&i18n.t(key).replace("{name}", name))
        .unwrap_or(false)
}

fn token_columns(ctx: Ctx) -> Vec<Column<TokenView>> {
    let mut columns = vec![
        Column::text("token.label", |t: &TokenView| t.label.clone()).testid("token-label"),
        Column::new("token.prefix", |t: &TokenView| {
            view! { <code data-testid="token-prefix">{t.prefix.clone()} "…"</code> }.into_any()
        })
        .csv(|t| t.prefix.clone()),
        Column::new("token.status", |t: &TokenView| {
            token_status(&t.status).into_any()
        })
        .csv(|t| t.status.clone()),
        Column::text("token.issued_at", |t: &TokenView| {
            format_instant(&t.issued_at)
        })
        .class("nowrap"),
        Column::text("token.expires_at", |t: &TokenView| {
            format_instant(&t.expires_at)
        })
        .class("nowrap"),
        Column::new("token.last_used", |t: &TokenView| {
            let at = instant(&t.last_used_at);
            let from = t.last_used_from.clone();
            view! {
                <span class="nowrap">{at}</span>
                {from.map(|from| view! { <br/><span class="hint" data-testid="token-last-from">{from}</span> })}
            }
            .into_any()
        }),
    ];
    if ctx.manages {
        columns.push(Column::new("form.actions", move |t: &TokenView| {
            if t.status == "active" {
                view! { <TokenActions token=t.clone() ctx/> }.into_any()
            } else {
                ().into_any()
            }
        }));
    }
    columns
}

/// Rotating (a new token in its place, this one revoked at once) or revoking an active token.
#[component]
fn TokenActions(token: TokenView, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let token_id = token.id;
    let label = StoredValue::new(token.label.clone());
    let rotate = use_submission(move |issued: IssuedToken| {
        ctx.revealed.set(Some(Revealed {
            heading: "token.issued",
            warning: "secret.once",
            value: issued.value,
        }));
        ctx.updated.run(());
    })
    .says(|issued| Message::new("token.rotated").with("{label}", &issued.token.label));
    let revoke = use_submission(move |_: ClientView| ctx.updated.run(()))
        .says(move |_| Message::new("token.revoked").with("{label}", label.get_value()));
    let busy = Signal::derive(move || rotate.pending().get() || revoke.pending().get());
    let (rotate_failure, revoke_failure) = (rotate.failure(), revoke.failure());
    let on_rotate = move |_| {
        if !confirmed(i18n, "token.rotate.confirm", &label.get_value()) {
            return;
        }
        let path = format!("{}/tokens/{token_id}/rotate", client_api(ctx.id));
        rotate.send(async move {
            api::post_at::<IssuedToken>(&path, ctx.version, &Rotation::default()).await
        });
    };
    let on_revoke = move |_| {
        if !confirmed(i18n, "token.revoke.confirm", &label.get_value()) {
            return;
        }
        let path = format!("{}/tokens/{token_id}", client_api(ctx.id));
        revoke.send(async move { api::delete_at::<ClientView>(&path, ctx.version).await });
    };
    view! {
        <span class="row-actions">
            <button type="button" class="button button-small" disabled=busy on:click=on_rotate data-testid="token-rotate">
                {i18n.text("token.rotate")}
            </button>
            " "
            <button type="button" class="button button-small button-danger" disabled=busy on:click=on_revoke data-testid="token-revoke">
                {i18n.text("token.revoke")}
            </button>
            {move || rotate_failure.server().or_else(|| revoke_failure.server()).map(|f| {
                view! { <p class="failure" role="alert">{f.message(i18n.lang())}</p> }
            })}
        </span>
    }
}

/// Issuing a token: what it is for, and its last day (90 days from today unless changed; the
/// token expires at the day's end in Japan).
#[component]
fn IssueToken(ctx: Ctx) -> impl IntoView {
    let label = RwSignal::new(String::new());
    let expires = RwSignal::new(days_from_today(TOKEN_DAYS));
    let issue = use_submission(move |issued: IssuedToken| {
        ctx.revealed.set(Some(Revealed {
            heading: "token.issued",
            warning: "secret.once",
            value: issued.value,
        }));
        ctx.updated.run(());
    })
    .says(|issued| Message::new("token.issued.said").with("{label}", &issued.token.label));
    let failure = issue.failure();
    let on_submit = issue.on_submit(move || {
        let body = NewToken {
            label: label.get_untracked().trim().to_owned(),
            expires_at: format!("{}T23:59:59+09:00", expires.get_untracked()),
        };
        let path = format!("{}/tokens", client_api(ctx.id));
        Some(async move { api::post_at::<IssuedToken>(&path, ctx.version, &body).await })
    });
    let date_rule = Rule {
        format: Some((is_date, "token.expires.format")),
        ..Rule::text(0)
    };
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="issue-token">
            <FormProblem failure shown=&["label", "expires_at"]/>
            <TextField id="token-label" label="token.label" value=label field="label" failure required=true max_chars=LABEL_CHARS hint="token.label.hint"/>
            <TextField id="token-expires" label="token.expires_at" value=expires field="expires_at" failure kind="date" rule=date_rule min=days_from_today(1) hint="token.expires.hint"/>
            <div class="actions">
                <Submit label="token.issue.submit" pending=issue.pending()/>
            </div>
        </form>
    }
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A subscription's event types: 「すべて」 for `*`.
fn event_types_text(i18n: I18n, types: &[String]) -> String {
    if types.iter().any(|t| t == "*") {
        i18n.t("subscription.all_events")
    } else {
        types.join(", ")
    }
}

fn subscription_status_text(i18n: I18n, s: &SubscriptionView) -> String {
    if s.active {
        i18n.t("subscription.active")
    } else {
        let reason = s.disabled_reason.as_deref().unwrap_or("other");
        let reason = match reason {
            "gone" | "by_person" => i18n.t(&format!("subscription.off.{reason}")),
            _ => i18n.t("subscription.off"),
        };
        reason
    }
}

fn subscription_columns(ctx: Ctx) -> Vec<Column<SubscriptionView>> {
    let i18n = use_i18n();
    let mut columns = vec![
        Column::new("subscription.url", |s: &SubscriptionView| {
            view! { <code class="url" data-testid="subscription-url">{s.url.clone()}</code> }.into_any()
        })
        .csv(|s| s.url.clone()),
        Column::new("subscription.event_types", move |s: &SubscriptionView| {
            let types = s.event_types.clone();
            (move || event_types_text(i18n, &types)).into_any()
        })
        .csv(move |s| event_types_text(i18n, &s.event_types)),
        Column::new("subscription.status", move |s: &SubscriptionView| {
            let class = if s.active { "badge badge-active" } else { "badge badge-ended" };
            let s = s.clone();
            view! { <span class=class data-testid="subscription-status">{move || subscription_status_text(i18n, &s)}</span> }
                .into_any()
        })
        .csv(move |s| subscription_status_text(i18n, s)),
        Column::text("subscription.created_at", |s: &SubscriptionView| {
            format_instant(&s.created_at)
        })
        .class("nowrap"),
    ];
    if ctx.manages {
        columns.push(Column::new("form.actions", move |s: &SubscriptionView| {
            if s.active {
                view! { <TurnOff subscription=s.clone() ctx/> }.into_any()
            } else {
                ().into_any()
            }
        }));
    }
    columns
}

/// Turning a subscription off (no more deliveries to it).
#[component]
fn TurnOff(subscription: SubscriptionView, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let (sub_id, url) = (subscription.id, StoredValue::new(subscription.url));
    let off = use_submission(move |_: ClientView| ctx.updated.run(()))
        .says(move |_| Message::new("subscription.turned_off").with("{url}", url.get_value()));
    let failure = off.failure();
    let on_click = move |_| {
        if !confirmed(i18n, "subscription.off.confirm", &url.get_value()) {
            return;
        }
        let path = format!("{}/subscriptions/{sub_id}", client_api(ctx.id));
        off.send(async move { api::delete_at::<ClientView>(&path, ctx.version).await });
    };
    view! {
        <button type="button" class="button button-small button-danger" disabled=off.pending() on:click=on_click data-testid="subscription-off">
            {i18n.text("subscription.turn_off")}
        </button>
        {move || failure.server().map(|f| view! { <p class="failure" role="alert">{f.message(i18n.lang())}</p> })}
    }
}

/// A webhook subscription: the receiver's URL and the event types sent to it (all, if none are
/// named). Its signing secret is shown once.
#[component]
fn NewSubscriptionForm(ctx: Ctx) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let types = RwSignal::new(String::new());
    let create = use_submission(move |created: CreatedSubscription| {
        ctx.revealed.set(Some(Revealed {
            heading: "subscription.secret",
            warning: "secret.once.webhook",
            value: created.secret,
        }));
        ctx.updated.run(());
    })
    .says(|created| Message::new("subscription.created").with("{url}", &created.subscription.url));
    let failure = create.failure();
    let on_submit = create.on_submit(move || {
        let mut event_types: Vec<String> = types
            .get_untracked()
            .split(|c: char| c == ',' || c == '、' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if event_types.is_empty() {
            event_types.push("*".to_owned());
        }
        let body = NewSubscription {
            url: url.get_untracked().trim().to_owned(),
            event_types,
        };
        let path = format!("{}/subscriptions", client_api(ctx.id));
        Some(async move { api::post_at::<CreatedSubscription>(&path, ctx.version, &body).await })
    });
    let url_rule = Rule {
        format: Some((is_http_url, "subscription.url.format")),
        ..Rule::text(URL_CHARS)
    };
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="new-subscription">
            <FormProblem failure shown=&["url", "event_types"]/>
            <TextField id="subscription-url" label="subscription.url" value=url field="url" failure kind="url" rule=url_rule hint="subscription.url.hint"/>
            <TextField id="subscription-types" label="subscription.event_types" value=types field="event_types" failure hint="subscription.event_types.hint"/>
            <div class="actions">
                <Submit label="subscription.new.submit" pending=create.pending()/>
            </div>
        </form>
    }
}

fn is_http_url(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("https://") || text.starts_with("http://")
}

/// The delivery log (newest first), a page at a time; a delivery sent again on request.
#[component]
fn Deliveries(ctx: Ctx) -> impl IntoView {
    let offset = RwSignal::new(0_u64);
    let deliveries = fetch(move || {
        format!(
            "{}/deliveries{}",
            client_api(ctx.id),
            api::query(&[
                ("offset", &offset.get().to_string()),
                ("limit", &DELIVERIES.to_string())
            ])
        )
    });
    let replayed = Callback::new(move |_: ()| deliveries.refetch());
    view! {
        <Loaded value={move || read::<Listing<DeliveryView>>(deliveries)} let:page>
            <DataTable
                rows=page.items
                columns=delivery_columns(ctx, replayed)
                testid="deliveries"
                row_testid="delivery-row"
                empty="deliveries.none"
                paging=Some(Paging { total: page.total, offset, limit: DELIVERIES })
            />
        </Loaded>
    }
}

fn delivery_columns(ctx: Ctx, replayed: Callback<()>) -> Vec<Column<DeliveryView>> {
    let mut columns = vec![
        Column::new("delivery.id", |d: &DeliveryView| {
            view! { <code data-testid="delivery-id">{d.id.clone()}</code> }.into_any()
        })
        .csv(|d| d.id.clone()),
        Column::text("delivery.event_type", |d: &DeliveryView| {
            d.event_type.clone()
        }),
        Column::new("delivery.status", |d: &DeliveryView| {
            delivery_status(&d.status).into_any()
        })
        .csv(|d| d.status.clone()),
        Column::text("delivery.attempts", |d: &DeliveryView| {
            d.attempts.to_string()
        })
        .class("nowrap"),
        Column::text("delivery.last_status", |d: &DeliveryView| {
            match (d.last_status, &d.last_error) {
                (Some(status), _) => status.to_string(),
                (None, Some(error)) => error.clone(),
                (None, None) => "—".to_owned(),
            }
        }),
        Column::text("delivery.next_attempt_at", |d: &DeliveryView| {
            instant(&d.next_attempt_at)
        })
        .class("nowrap"),
        Column::text("delivery.delivered_at", |d: &DeliveryView| {
            instant(&d.delivered_at)
        })
        .class("nowrap"),
    ];
    if ctx.manages {
        columns.push(Column::new("form.actions", move |d: &DeliveryView| {
            view! { <Replay delivery=d.id.clone() ctx replayed/> }.into_any()
        }));
    }
    columns
}

/// Sends a delivery again (its `webhook-id` stays the same).
#[component]
fn Replay(delivery: String, ctx: Ctx, replayed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let replay = use_submission(move |_: DeliveryView| replayed.run(()))
        .says(|d| Message::new("delivery.replayed").with("{id}", &d.id));
    let failure = replay.failure();
    let path = StoredValue::new(format!(
        "{}/deliveries/{}/replay",
        client_api(ctx.id),
        api::percent_encode(&delivery)
    ));
    let on_click = move |_| {
        let path = path.get_value();
        replay.send(async move { api::post::<DeliveryView>(&path, &serde_json::json!({})).await });
    };
    view! {
        <button type="button" class="button button-small" disabled=replay.pending() on:click=on_click data-testid="delivery-replay">
            {i18n.text("delivery.replay")}
        </button>
        {move || failure.server().map(|f| view! { <p class="failure" role="alert">{f.message(i18n.lang())}</p> })}
    }
}
