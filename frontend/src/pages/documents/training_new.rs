use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::documents::{DocumentSummary, NewTraining, TrainingView};
use mamori_shared::api::page::Page as Listing;
use uuid::Uuid;

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, Submit, TextField};
use crate::components::guard::RequirePermission;
use crate::components::page::Page;
use crate::components::status::Loaded;
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::documents::audience::{AudienceChoice, AudienceField};
use crate::pages::documents::{fetch, read, training_href, version_name, TRAININGS};

const TITLE_CHARS: usize = 200;
const DESCRIPTION_CHARS: usize = 2_000;

/// Scheduling a training session: its title, day, description, whom it is for and which versions
/// of the documents in force it covers.
#[component]
pub fn NewTrainingPage() -> impl IntoView {
    view! {
        <Page title="trainings.new" breadcrumbs=&[(TRAININGS, "trainings.heading")] lead="trainings.new.lead">
            <RequirePermission permission="trainings.manage">
                <NewTrainingForm/>
            </RequirePermission>
        </Page>
    }
}

#[component]
fn NewTrainingForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let audience = AudienceChoice::new("staff");
    let covers = RwSignal::new(Vec::<Uuid>::new());
    let documents = fetch(|| "/documents".to_owned());
    let create = use_submission(move |training: TrainingView| {
        navigate(&training_href(training.id), Default::default())
    })
    .says(|training| Message::new("trainings.created").with("{title}", &training.title));
    let failure = create.failure();
    let on_submit = create.on_submit(move || {
        let body = NewTraining {
            title: title.get_untracked().trim().to_owned(),
            date: date.get_untracked(),
            description: description.get_untracked().trim().to_owned(),
            audience: audience.audience(),
            covers: covers.get_untracked(),
        };
        Some(async move { api::post::<TrainingView>("/trainings", &body).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="new-training">
            <FormProblem failure shown=&["title", "date", "description", "audience", "covers"]/>
            <TextField id="training-title" label="training.title" value=title field="title" failure required=true max_chars=TITLE_CHARS/>
            <TextField id="training-date" label="training.date" value=date field="date" failure kind="date" required=true/>
            <TextField id="training-description" label="training.description" value=description field="description" failure max_chars=DESCRIPTION_CHARS rows="3"/>
            <AudienceField prefix="training" choice=audience failure/>
            <fieldset class="field checks" data-testid="training-covers">
                <legend>{i18n.text("training.covers")}</legend>
                <p class="hint">{i18n.text("training.covers.hint")}</p>
                <Loaded value={move || read::<Listing<DocumentSummary>>(documents)} let:page>
                    {page
                        .items
                        .into_iter()
                        .filter_map(|d| d.in_force.clone().map(|v| (d.title, v)))
                        .map(|(title, v)| {
                            let id = v.revision_id;
                            let input_id = format!("training-covers-{id}");
                            let n = v.version;
                            view! {
                                <div class="field-check">
                                    <input
                                        id=input_id.clone()
                                        type="checkbox"
                                        prop:checked=move || covers.with(|c| c.contains(&id))
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            covers.update(|c| {
                                                c.retain(|x| *x != id);
                                                if on {
                                                    c.push(id);
                                                }
                                            });
                                        }
                                    />
                                    <label for=input_id>{title} "（" {move || version_name(i18n, n)} "）"</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </Loaded>
            </fieldset>
            <div class="actions">
                <Submit label="trainings.new.submit" pending=create.pending()/>
            </div>
        </form>
    }
}
