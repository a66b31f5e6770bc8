//! やること: what I have to do, as the server lists it (`/me/tasks`): a badge in the header and a
//! list on the dashboard. Kept fresh by the register's live changes and once a minute (a change
//! the caller may not see, such as a decision on a request for a hidden asset, sends them nothing).

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use serde::Deserialize;

use crate::api::{self, ApiFailure};
use crate::components::dates::format_instant;
use crate::components::live::use_live;
use crate::i18n::use_i18n;

/// The register's live changes (every task so far comes from the asset register).
const STREAM: &str = "/api/v1/assets/events";
const REFRESH: Duration = Duration::from_secs(60);

/// `GET /me/tasks` (`mamori_shared::api::tasks::Tasks`) as the list shows it: each task without
/// its `id` (serde passes over it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Tasks {
    pub items: Vec<Task>,
}

/// One thing for me to do or to know (`mamori_shared::api::tasks::Task`, without its `id`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Task {
    pub kind: String,
    pub subject: String,
    #[serde(default)]
    pub outcome: Option<String>,
    pub href: String,
    pub since: String,
    #[serde(default)]
    pub due: Option<String>,
}

/// My tasks as the server's text ([`read_tasks`]), loaded again on every live change and every
/// minute.
pub fn use_tasks() -> LocalResource<api::Text> {
    let changes = use_live(STREAM);
    let (tick, set_tick) = signal(0u64);
    if let Ok(handle) = set_interval_with_handle(move || set_tick.update(|t| *t += 1), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    api::text_resource(Box::new(move || {
        changes.reloads.track();
        tick.track();
        "/me/tasks".to_owned()
    }))
}

/// My tasks (reactive), once loaded.
pub fn read_tasks(tasks: LocalResource<api::Text>) -> Option<Result<Tasks, ApiFailure>> {
    tasks
        .get()
        .map(|answer| answer.and_then(|text| api::decode(&text)))
}

/// The header's badge: how many things are waiting for me, leading to the list.
#[component]
pub fn TasksBadge() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = use_tasks();
    let count = move || {
        read_tasks(tasks)
            .and_then(Result::ok)
            .map_or(0, |tasks| tasks.items.len())
    };
    let label = move || {
        i18n.t("tasks.badge")
            .replace("{count}", &count().to_string())
    };
    view! {
        <A href="/#tasks" attr:class="tasks-badge" attr:data-testid="tasks-badge" attr:aria-label=label>
            <span aria-hidden="true">{i18n.text("tasks.heading")}</span>
            <span class="count" aria-hidden="true" data-testid="tasks-count" class:zero=move || count() == 0>
                {count}
            </span>
        </A>
    }
}

/// A list of tasks, each leading where it is done.
#[component]
pub fn TaskList(tasks: Vec<Task>) -> impl IntoView {
    let i18n = use_i18n();
    if tasks.is_empty() {
        return view! { <p class="empty" data-testid="tasks-none">{i18n.text("tasks.none")}</p> }
            .into_any();
    }
    view! {
        <ul class="task-list" data-testid="tasks">
            {tasks.into_iter().map(|task| view! { <TaskItem task/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn TaskItem(task: Task) -> impl IntoView {
    let i18n = use_i18n();
    let Task {
        kind,
        subject,
        outcome,
        href,
        since,
        due,
    } = task;
    let title_key = format!("task.{kind}");
    let kind_for_test = kind.clone();
    let outcome_key = outcome.map(|o| format!("task.outcome.{o}"));
    view! {
        <li class="task" data-kind=kind_for_test data-testid="task">
            <A href=href>
                <span class="task-title">{move || i18n.t(&title_key)}</span>
                {(!subject.is_empty()).then(|| view! { <span class="task-subject">{subject.clone()}</span> })}
            </A>
            {outcome_key.map(|key| view! { <span class="task-outcome">{move || i18n.t(&key)}</span> })}
            <span class="task-when">
                {match due {
                    Some(due) => view! {
                        <span>{move || i18n.t("task.due").replace("{date}", &due)}</span>
                    }.into_any(),
                    None => view! { <time datetime=since.clone()>{format_instant(&since)}</time> }.into_any(),
                }}
            </span>
        </li>
    }
}
