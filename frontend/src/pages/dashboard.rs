use leptos::prelude::*;
use leptos_router::components::A;
use mamori_shared::api::assets::RegisterSummary;
use mamori_shared::api::health::{Health, ServiceStatus};
use mamori_shared::assets::AccessLevel;
use serde::Deserialize;
use uuid::Uuid;

use crate::api;
use crate::components::labels::access_name;
use crate::components::page::Page;
use crate::components::scheme::{confidentiality_levels, text, LevelName};
use crate::components::section::Section;
use crate::components::status::{nothing, Loaded};
use crate::components::tasks::{read_tasks, use_tasks, TaskList};
use crate::i18n::use_i18n;
use crate::pages::assets::filters::Filters;
use crate::pages::assets::{asset_href, REGISTER};
use crate::session::{use_session, ASSETS_SUMMARY, SYSTEM_HEALTH};

/// What concerns me: my tasks (やること) and my grants for everyone; the register by level, the
/// requests waiting for my decision and the system's health only to those the server says they
/// concern (Cedar's permissions in `/me`, never role names here).
/// The kinds of task that wait in the approvals inbox.
const DECIDING: [&str; 2] = ["grant.decide", "inquiry.answer"];

#[component]
pub fn Dashboard() -> impl IntoView {
    let session = use_session();
    let tasks = use_tasks();
    let sees_register = Memo::new(move |_| session.can(ASSETS_SUMMARY));
    let decides = Memo::new(move |_| {
        session
            .me()
            .is_some_and(|me| !me.asset_departments.is_empty())
    });
    let sees_health = Memo::new(move |_| session.can(SYSTEM_HEALTH));
    view! {
        <Page title="dashboard.heading" wide=true class="dashboard">
            <div class="dashboard-grid">
                <TasksCard tasks/>
                <MyGrantsCard/>
                <Show when=move || decides.get()>
                    <InboxCard tasks/>
                </Show>
                <Show when=move || sees_register.get()>
                    <RegisterCard/>
                </Show>
                <Show when=move || sees_health.get()>
                    <HealthCard/>
                </Show>
            </div>
        </Page>
    }
}

/// My tasks, soonest first.
#[component]
fn TasksCard(tasks: LocalResource<api::Text>) -> impl IntoView {
    view! {
        <Section id="tasks" title="tasks.heading" class="card card-wide">
            <Loaded value=move || read_tasks(tasks) let:tasks>
                <TaskList tasks=tasks.items/>
            </Loaded>
        </Section>
    }
}

/// The server's health (administrators).
#[component]
fn HealthCard() -> impl IntoView {
    let health = api::text_resource(Box::new(|| "/health".to_owned()));
    let health = move || {
        health
            .get()
            .map(|answer| answer.and_then(|text| api::decode(&text)))
    };
    view! {
        <Section id="health-heading" title="dashboard.health" class="card">
            <Loaded value=health let:health>
                <HealthTable health/>
            </Loaded>
        </Section>
    }
}

/// The assets I may see, counted by confidentiality level, each count leading to the register
/// filtered by that level.
#[component]
fn RegisterCard() -> impl IntoView {
    let summary = api::text_resource(Box::new(|| "/assets/summary".to_owned()));
    let schemes = api::text_resource(Box::new(|| "/classification/schemes".to_owned()));
    let loaded = move || {
        let summary = summary.get()?;
        let schemes = schemes.get()?;
        Some(summary.and_then(|summary| {
            let summary = api::decode::<RegisterSummary>(&summary)?;
            Ok((summary, confidentiality_levels(&schemes?)?))
        }))
    };
    view! {
        <Section id="register-heading" title="dashboard.assets" class="card">
            <Loaded value=loaded let:loaded>
                <LevelCounts summary=loaded.0 levels=loaded.1/>
            </Loaded>
        </Section>
    }
}

#[component]
fn LevelCounts(summary: RegisterSummary, levels: Vec<LevelName>) -> impl IntoView {
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
                        let level = levels.iter().find(|l| l.code == count.code);
                        let class = level.map_or("badge level", |l| l.class);
                        let name = level.map(|l| l.name.clone());
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

/// The requests waiting for my decision (by asset, and by description): my tasks of deciding.
#[component]
fn InboxCard(tasks: LocalResource<api::Text>) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || {
        read_tasks(tasks).map(|answer| {
            answer.map(|tasks| {
                tasks
                    .items
                    .iter()
                    .filter(|t| DECIDING.contains(&t.kind.as_str()))
                    .count()
            })
        })
    };
    view! {
        <Section id="inbox-heading" title="nav.inbox" class="card">
            <Loaded value=count let:count>
                <p class="big-number" data-testid="inbox-count">{count}</p>
                <p>
                    {
                        let key = if count == 0 { "inbox.none" } else { "dashboard.inbox.waiting" };
                        i18n.text(key)
                    }
                </p>
                <p><A href="/grants/inbox">{i18n.text("dashboard.inbox.open")}</A></p>
            </Loaded>
        </Section>
    }
}

/// My access grants in force, each to its asset, with the day it ends (ending soon: see my tasks).
#[component]
fn MyGrantsCard() -> impl IntoView {
    let i18n = use_i18n();
    let mine = api::text_resource(Box::new(|| "/grants/mine".to_owned()));
    let mine = move || {
        mine.get()
            .map(|answer| answer.and_then(|text| api::decode(&text)).map(active))
    };
    view! {
        <Section id="my-grants-heading" title="dashboard.my_grants" class="card">
            <Loaded value=mine let:list>
                <GrantList grants=list/>
            </Loaded>
            <p><A href="/grants/mine">{i18n.text("nav.my_requests")}</A></p>
        </Section>
    }
}

/// One of my grants (`GrantView`) as the card shows it: serde passes over the other fields, so the
/// shell holds no reader of the whole view (the grants area does).
#[derive(Clone, Deserialize)]
struct MyGrant {
    asset_id: Uuid,
    asset_name: String,
    access: AccessLevel,
    until: String,
    /// pending, active, rejected, revoked, expired
    status: String,
}

fn active(grants: Vec<MyGrant>) -> Vec<MyGrant> {
    grants
        .into_iter()
        .filter(|g| g.status == "active")
        .collect()
}

#[component]
fn GrantList(grants: Vec<MyGrant>) -> impl IntoView {
    let i18n = use_i18n();
    if grants.is_empty() {
        return nothing("dashboard.my_grants.none", Some("my-grants-none"));
    }
    view! {
        <ul class="plain-list" data-testid="my-grants-list">
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
