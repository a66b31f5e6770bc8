use leptos::prelude::*;
use mamori_shared::api::documents::TrainingView;
use mamori_shared::api::page::Page as Listing;

use crate::components::as_of::use_as_of;
use crate::components::data_table::{link, Column, DataTable};
use crate::components::page::{ActionLink, Page};
use crate::components::status::Loaded;
use crate::i18n::{use_i18n, I18n};
use crate::pages::documents::{fetch, read, training_href, version_name};
use crate::session::use_session;

/// What a training covers, in words: each document with its version (reactive).
pub fn covers_text(i18n: I18n, training: &TrainingView) -> String {
    training
        .covers
        .iter()
        .map(|c| match c.version {
            Some(v) => format!("{}（{}）", c.title, version_name(i18n, v)),
            None => c.title.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The training sessions (研修, §6(4)), newest first: when, what they covered, how many attended
/// and whether I did.
#[component]
pub fn TrainingList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let as_of = use_as_of();
    let trainings = fetch(move || as_of.path("/trainings"));
    let manages = Signal::derive(move || {
        read::<Listing<TrainingView>>(trainings)
            .and_then(Result::ok)
            .is_some_and(|page| page.allowed.iter().any(|a| a == "trainings.manage"))
    });
    let follows = Signal::derive(move || {
        session
            .me()
            .is_some_and(|me| !me.compliance_departments.is_empty())
    });
    let actions = move || {
        view! {
            <ActionLink href="/trainings/completion" label="completion.heading" when=follows/>
            <ActionLink href="/trainings/new" label="trainings.new" when=manages/>
        }
    };
    let columns = move || {
        vec![
            Column::new("training.title", |t: &TrainingView| {
                link(training_href(t.id), t.title.clone())
            })
            .csv(|t| t.title.clone())
            .testid("training-title"),
            Column::text("training.date", |t: &TrainingView| t.date.clone()).class("nowrap"),
            Column::new("training.covers", move |t: &TrainingView| {
                let t = t.clone();
                (move || covers_text(i18n, &t)).into_any()
            })
            .csv(move |t| covers_text(i18n, t)),
            Column::text("training.attendance", |t: &TrainingView| t.attendance.to_string())
                .class("nowrap"),
            Column::new("training.mine", move |t: &TrainingView| {
                t.attended_by_me
                    .then(|| view! { <span class="badge badge-active" data-testid="attended-by-me">{i18n.text("training.attended")}</span> })
                    .into_any()
            })
            .csv(move |t| if t.attended_by_me { i18n.t("training.attended") } else { String::new() }),
        ]
    };
    view! {
        <Page title="trainings.heading" lead="trainings.lead" actions wide=true as_of=true>
            <Loaded value={move || read::<Listing<TrainingView>>(trainings)} let:page>
                <DataTable rows=page.items columns=columns() testid="trainings" row_testid="training-row" empty="trainings.none" csv="trainings.csv"/>
            </Loaded>
        </Page>
    }
}
