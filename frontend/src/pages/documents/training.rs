use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::documents::{AttendanceBody, TrainingView};
use mamori_shared::api::organisation::PersonView;
use mamori_shared::api::page::Page as Listing;
use uuid::Uuid;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::department_select::load_departments;
use crate::components::feedback::Message;
use crate::components::form::{FieldError, FormProblem, Submit};
use crate::components::guard::allows;
use crate::components::page::{Page, Title};
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::audience::audience_text;
use crate::pages::documents::{document_href, fetch, read, version_name, TRAININGS};

/// One training session: what it covered and for whom, how many attended and whether I did; to
/// those who record attendance, who attended, and recording it (people picked from the
/// directory) or correcting it.
#[component]
pub fn TrainingPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let as_of = use_as_of();
    let training = fetch(move || as_of.path(&format!("/trainings/{}", id.get())));
    let updated = Callback::new(move |_: TrainingView| training.refetch());
    let title = Title::text(move || match read::<TrainingView>(training) {
        Some(Ok(training)) => training.title,
        _ => i18n.t("trainings.heading"),
    });
    view! {
        <Page title breadcrumbs=&[(TRAININGS, "trainings.heading")] wide=true as_of=true>
            <Loaded value={move || read::<TrainingView>(training)} let:training>
                <TrainingRecord training updated/>
            </Loaded>
        </Page>
    }
}

#[component]
fn TrainingRecord(training: TrainingView, updated: Callback<TrainingView>) -> impl IntoView {
    let i18n = use_i18n();
    let manages = allows(training.allowed.as_deref(), "trainings.manage");
    let departments = LocalResource::new(load_departments);
    let audience = training.audience.clone();
    let audience_shown = move || {
        let names = departments.get().and_then(Result::ok).unwrap_or_default();
        audience_text(i18n, &audience, &names)
    };
    let t = StoredValue::new(training);
    let tr = t.get_value();
    let attendance = tr.attendance;
    view! {
        <dl class="facts card" data-testid="training-facts">
            <dt>{i18n.text("training.date")}</dt>
            <dd data-testid="training-date">{tr.date.clone()}</dd>
            {(!tr.description.is_empty()).then(|| view! {
                <dt>{i18n.text("training.description")}</dt>
                <dd class="multiline">{tr.description.clone()}</dd>
            })}
            <dt>{i18n.text("audience.label")}</dt>
            <dd>{audience_shown}</dd>
            <dt>{i18n.text("training.covers")}</dt>
            <dd>
                <ul class="plain-list" data-testid="training-covers">
                    {tr.covers.clone().into_iter().map(|c| {
                        let version = c.version;
                        view! {
                            <li>
                                <A href=document_href(c.document_id)>{c.title.clone()}</A>
                                {move || version.map(|v| format!("（{}）", version_name(i18n, v)))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </dd>
            <dt>{i18n.text("training.attendance")}</dt>
            <dd data-testid="training-attendance">{attendance}</dd>
            <dt>{i18n.text("training.mine")}</dt>
            <dd data-testid="training-mine">
                {if tr.attended_by_me { i18n.text("training.attended").into_any() } else { i18n.text("training.not_attended").into_any() }}
            </dd>
        </dl>
        {tr.attendees.clone().map(|attendees| view! {
            <Section id="attendees-heading" title="training.attendees">
                <Attendees training=t.get_value() attendees=attendees.into_iter().map(|m| (m.person_id, m.name)).collect() manages updated/>
            </Section>
        })}
        {manages.then(|| view! {
            <Section id="record-heading" title="training.record">
                <RecordAttendance training=t.get_value() updated/>
            </Section>
        })}
    }
}

/// Who attended; those who record may correct a record (they did not attend).
#[component]
fn Attendees(
    training: TrainingView,
    attendees: Vec<(Uuid, String)>,
    manages: bool,
    updated: Callback<TrainingView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (training.id, training.version);
    let correct = use_submission(move |training: TrainingView| updated.run(training))
        .says(|training| Message::new("training.corrected").with("{title}", &training.title));
    let busy = correct.pending();
    let failure = correct.failure();
    if attendees.is_empty() {
        return view! { <p class="empty" data-testid="attendees-none">{i18n.text("training.no_attendees")}</p> }
            .into_any();
    }
    view! {
        {move || failure.server().map(|f| view! { <p class="failure" role="alert">{f.message(i18n.lang())}</p> })}
        <ul class="plain-list attendees" data-testid="attendees">
            {attendees.into_iter().map(|(person, name)| {
                let label = name.clone();
                let remove = move |_| {
                    let body = AttendanceBody { person_ids: vec![person], attended: false };
                    let path = format!("/trainings/{id}/attendance");
                    correct.attempt(|| Some(async move { api::post_at::<TrainingView>(&path, version, &body).await }));
                };
                view! {
                    <li data-testid="attendee">
                        {name}
                        {manages.then(|| view! {
                            " "
                            <button
                                type="button"
                                class="button button-small"
                                disabled=busy
                                on:click=remove
                                aria-label=move || i18n.t("training.remove.label").replace("{name}", &label)
                            >
                                {i18n.text("training.remove")}
                            </button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Recording who attended: people of the directory, found by name, department or 職員番号, ticked.
#[component]
fn RecordAttendance(training: TrainingView, updated: Callback<TrainingView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (training.id, training.version);
    let already: Vec<Uuid> = training
        .attendees
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let people = fetch(|| "/people?limit=500&sort=name&active=true".to_owned());
    let filter = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<Uuid>::new());
    let record = use_submission(move |training: TrainingView| updated.run(training))
        .says(|training| Message::new("training.recorded").with("{title}", &training.title));
    let failure = record.failure();
    failure.insist(
        "person_ids",
        "attendance-filter",
        "training.pick_someone",
        move || picked.with(|p| !p.is_empty()),
    );
    let on_submit = record.on_submit(move || {
        let body = AttendanceBody {
            person_ids: picked.get_untracked(),
            attended: true,
        };
        let path = format!("/trainings/{id}/attendance");
        Some(async move { api::post_at::<TrainingView>(&path, version, &body).await })
    });
    let already = StoredValue::new(already);
    view! {
        <form class="form form-wide" novalidate on:submit=on_submit data-testid="record-attendance">
            <FormProblem failure shown=&["person_ids"]/>
            <div class="field">
                <label for="attendance-filter">{i18n.text("training.filter")}</label>
                <input
                    id="attendance-filter"
                    type="search"
                    autocomplete="off"
                    aria-describedby="attendance-filter-hint"
                    bind:value=filter
                />
                <p class="hint" id="attendance-filter-hint">{i18n.text("training.filter.hint")}</p>
            </div>
            <fieldset class="field checks people-picker" aria-describedby="attendance-people-error">
                <legend>{i18n.text("training.people")}</legend>
                <Loaded value={move || read::<Listing<PersonView>>(people).map(|page| page.map(|p| p.items))} let:list>
                    {list.into_iter().map(|person| {
                        let person_id = person.id;
                        let input_id = format!("attendance-{person_id}");
                        let attended = already.with_value(|a| a.contains(&person_id));
                        let haystack = format!(
                            "{} {} {} {}",
                            person.name,
                            person.reading.clone().unwrap_or_default(),
                            person.department_name,
                            person.staff_number.clone().unwrap_or_default()
                        );
                        let shown = move || filter.with(|f| f.trim().is_empty() || haystack.contains(f.trim()));
                        let label = format!("{}（{}）", person.name, person.department_name);
                        view! {
                            <div class="field-check" style:display=move || (!shown()).then_some("none")>
                                <input
                                    id=input_id.clone()
                                    type="checkbox"
                                    disabled=attended
                                    prop:checked=move || attended || picked.with(|p| p.contains(&person_id))
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        picked.update(|p| {
                                            p.retain(|x| *x != person_id);
                                            if on {
                                                p.push(person_id);
                                            }
                                        });
                                    }
                                />
                                <label for=input_id>
                                    {label}
                                    {attended.then(|| view! { " " <span class="badge badge-active">{i18n.text("training.attended")}</span> })}
                                </label>
                            </div>
                        }
                    }).collect_view()}
                </Loaded>
                <FieldError id="attendance-people-error".to_owned() field="person_ids" failure/>
            </fieldset>
            <p class="hint" data-testid="attendance-picked">
                {move || i18n.t("training.picked").replace("{n}", &picked.with(Vec::len).to_string())}
            </p>
            <div class="actions">
                <Submit label="training.record.submit" pending=record.pending()/>
            </div>
        </form>
    }
}
