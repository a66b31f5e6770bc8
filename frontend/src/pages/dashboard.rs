use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::assets::{GrantView, RegisterSummary};
use mamori_shared::api::health::{Health, ServiceStatus};
use mamori_shared::classification::{Axis, Scheme};

use crate::api::{self, ApiFailure};
use crate::components::dates::{days_from_today, ends_between, today};
use crate::components::labels::access_name;
use crate::components::page::Page;
use crate::components::scheme::{load_adopted_scheme, scheme_level_class, text};
use crate::components::section::Section;
use crate::components::status::{nothing, Loaded};
use crate::i18n::use_i18n;
use crate::pages::assets::filters::Filters;
use crate::pages::assets::{asset_href, REGISTER};

/// How far ahead "about to expire" looks.
const EXPIRY_HORIZON_DAYS: i32 = 30;

/// What needs my attention: the assets I may see by confidentiality level, the requests waiting for
/// my decision, my grants about to end; and the server's health.
#[component]
pub fn Dashboard() -> impl IntoView {
    let health = LocalResource::new(|| api::get::<Health>("/health"));
    view! {
        <Page title="dashboard.heading" wide=true class="dashboard">
            <div class="dashboard-grid">
                <RegisterCard/>
                <InboxCard/>
                <ExpiringCard/>
                <Section id="health-heading" title="dashboard.health" class="card">
                    <Loaded value=move || health.get() let:health>
                        <HealthTable health/>
                    </Loaded>
                </Section>
            </div>
        </Page>
    }
}

/// The assets I may see, counted by confidentiality level, each count leading to the register
/// filtered by that level.
#[component]
fn RegisterCard() -> impl IntoView {
    let summary = LocalResource::new(|| async {
        let summary = api::get::<RegisterSummary>("/assets/summary").await?;
        let scheme = load_adopted_scheme().await?;
        Ok::<_, ApiFailure>((summary, scheme))
    });
    view! {
        <Section id="register-heading" title="dashboard.assets" class="card">
            <Loaded value=move || summary.get() let:loaded>
                <LevelCounts summary=loaded.0 scheme=loaded.1/>
            </Loaded>
        </Section>
    }
}

#[component]
fn LevelCounts(summary: RegisterSummary, scheme: Scheme) -> impl IntoView {
    let i18n = use_i18n();
    let total = summary.total;
    let unclassified = summary.unclassified;
    view! {
        <table class="counts" data-testid="assets-by-level">
            <tbody>
                {summary
                    .by_confidentiality
                    .into_iter()
                    .map(|count| {
                        let level = scheme.level(Axis::Confidentiality, &count.code).cloned();
                        let class = level
                            .as_ref()
                            .map_or("badge level", |l| scheme_level_class(&scheme, Axis::Confidentiality, l));
                        let name = level.map(|l| l.name);
                        let href = Filters::default().with("confidentiality", &count.code).href();
                        view! {
                            <tr data-testid=format!("level-count-{}", count.code)>
                                <th scope="row"><span class=class>{count.code.clone()}</span></th>
                                <td>{move || name.as_ref().map(|n| text(n, i18n.lang())).unwrap_or_default()}</td>
                                <td class="count"><A href=href>{count.count}</A></td>
                            </tr>
                        }
                    })
                    .collect_view()}
                <tr>
                    <th scope="row"><span class="badge level level-unclassified">"—"</span></th>
                    <td>{i18n.text("level.unclassified")}</td>
                    <td class="count">{unclassified}</td>
                </tr>
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row" colspan="2">{i18n.text("dashboard.assets.total")}</th>
                    <td class="count" data-testid="assets-total"><A href=REGISTER>{total}</A></td>
                </tr>
            </tfoot>
        </table>
    }
}

/// The requests waiting for my decision.
#[component]
fn InboxCard() -> impl IntoView {
    let i18n = use_i18n();
    let inbox = LocalResource::new(|| api::get::<Vec<GrantView>>("/grants/inbox"));
    view! {
        <Section id="inbox-heading" title="nav.inbox" class="card">
            <Loaded value=move || inbox.get() let:list>
                <p class="big-number" data-testid="inbox-count">{list.len()}</p>
                <p>
                    {
                        let key = if list.is_empty() { "inbox.none" } else { "dashboard.inbox.waiting" };
                        i18n.text(key)
                    }
                </p>
                <p><A href="/grants/inbox">{i18n.text("dashboard.inbox.open")}</A></p>
            </Loaded>
        </Section>
    }
}

/// My active grants whose last day is within the horizon: ask again in time.
#[component]
fn ExpiringCard() -> impl IntoView {
    let i18n = use_i18n();
    let mine = LocalResource::new(|| api::get::<Vec<GrantView>>("/grants/mine"));
    view! {
        <Section id="expiring-heading" title="dashboard.expiring" class="card">
            <Loaded value=move || mine.get().map(|answer| answer.map(expiring)) let:list>
                <ExpiringList grants=list/>
            </Loaded>
            <p><A href="/grants/mine">{i18n.text("nav.my_requests")}</A></p>
        </Section>
    }
}

/// My active grants whose last day is within the horizon.
fn expiring(grants: Vec<GrantView>) -> Vec<GrantView> {
    let (today, horizon) = (today(), days_from_today(EXPIRY_HORIZON_DAYS));
    grants
        .into_iter()
        .filter(|g| g.status == "active" && ends_between(&g.until, &today, &horizon))
        .collect()
}

#[component]
fn ExpiringList(grants: Vec<GrantView>) -> impl IntoView {
    let i18n = use_i18n();
    if grants.is_empty() {
        return nothing("dashboard.expiring.none", None);
    }
    view! {
        <ul class="plain-list" data-testid="expiring">
            {grants
                .into_iter()
                .map(|grant| {
                    let href = asset_href(grant.asset_id);
                    let access = grant.access;
                    let until = grant.until.clone();
                    view! {
                        <li>
                            <A href=href>{grant.asset_name.clone()}</A>
                            " ("
                            {move || access_name(i18n, access)}
                            ") "
                            {move || i18n.t("dashboard.expiring.until").replace("{until}", &until)}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn HealthTable(health: Health) -> impl IntoView {
    let i18n = use_i18n();
    let status_text = move |status: ServiceStatus| match status {
        ServiceStatus::Ok => i18n.t("health.ok"),
        ServiceStatus::Unavailable => i18n.t("health.unavailable"),
    };
    let status_class = |status: ServiceStatus| match status {
        ServiceStatus::Ok => "status status-ok",
        ServiceStatus::Unavailable => "status status-down",
    };
    let Health {
        status,
        version,
        database,
    } = health;
    let events = database.head_position.unwrap_or(0);
    view! {
        <dl class="facts" data-testid="health">
            <dt>{i18n.text("health.status")}</dt>
            <dd class=status_class(status) data-testid="health-status">{move || status_text(status)}</dd>
            <dt>{i18n.text("health.version")}</dt>
            <dd data-testid="health-version">{version}</dd>
            <dt>{i18n.text("health.database")}</dt>
            <dd class=status_class(database.status) data-testid="health-database">
                {database.kind.clone()} " — " {move || status_text(database.status)}
            </dd>
            <dt>{i18n.text("health.events")}</dt>
            <dd data-testid="health-events">{events}</dd>
        </dl>
    }
}
