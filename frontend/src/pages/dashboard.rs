use leptos::prelude::*;
use mamori_shared::api::health::{Health, ServiceStatus};

use crate::api;
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let health = LocalResource::new(|| api::get::<Health>("/health"));
    view! {
        <section class="page dashboard">
            <h1>{move || i18n.t("dashboard.heading")}</h1>
            <section class="card" aria-labelledby="health-heading">
                <h2 id="health-heading">{move || i18n.t("dashboard.health")}</h2>
                {move || match health.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                    Some(Ok(health)) => view! { <HealthTable health/> }.into_any(),
                }}
            </section>
        </section>
    }
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
            <dt>{move || i18n.t("health.status")}</dt>
            <dd class=status_class(status) data-testid="health-status">{move || status_text(status)}</dd>
            <dt>{move || i18n.t("health.version")}</dt>
            <dd data-testid="health-version">{version}</dd>
            <dt>{move || i18n.t("health.database")}</dt>
            <dd class=status_class(database.status) data-testid="health-database">
                {database.kind.clone()} " — " {move || status_text(database.status)}
            </dd>
            <dt>{move || i18n.t("health.events")}</dt>
            <dd data-testid="health-events">{events}</dd>
        </dl>
    }
}
