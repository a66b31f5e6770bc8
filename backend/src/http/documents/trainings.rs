//! Training sessions (教育・啓発, §6(4)): scheduling, attendance, completion per department.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use mamori_shared::api::documents::{
    AttendanceBody, DepartmentCompletion, NewTraining, TrainingCompletion, TrainingView,
};
use mamori_shared::api::page::Page;
use mamori_shared::events::documents::{CoveredVersion, TrainingScheduled};
use serde::Deserialize;
use time::{Date, Month};
use uuid::Uuid;

use super::compliance::people_of;
use super::views;
use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::domain::documents::{DocumentError, Training, TrainingCommand};
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{date_field, Caller, Change, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;

/// Every session, newest first.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Json<Page<TrainingView>>, ApiError> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let mut entries: Vec<_> = world.documents.trainings.values().collect();
    entries.sort_by_key(|t| std::cmp::Reverse((t.date, t.id)));
    let items: Vec<TrainingView> = entries
        .into_iter()
        .map(|t| views::training(&state, &caller, world, t))
        .collect();
    let page = params.page(items)?;
    respond::listed(&state, &caller, world, page, &[Action::TRAININGS_MANAGE])
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NewTraining>,
) -> Result<Response, ApiError> {
    date_field(&body.date, "date")?;
    let covers = {
        let documents = state.projections.documents.read();
        body.covers
            .iter()
            .map(|revision_id| {
                let revision = documents
                    .revisions
                    .get(revision_id)
                    .filter(|r| r.published.is_some())
                    .ok_or(DocumentError::NotAVersion)?;
                Ok(CoveredVersion {
                    document_id: revision.document_id,
                    revision_id: *revision_id,
                })
            })
            .collect::<Result<Vec<_>, DocumentError>>()?
    };
    let id = Uuid::now_v7();
    let command = TrainingCommand::Schedule(TrainingScheduled {
        training_id: id,
        title: body.title,
        date: body.date,
        description: body.description,
        audience: body.audience,
        covers,
    });
    respond::create::<Training>(&state, &caller, id, command).await
}

pub async fn record(change: Change<AttendanceBody>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    {
        let directory = state.projections.directory.read();
        if body
            .person_ids
            .iter()
            .any(|p| !directory.people.contains_key(p))
        {
            return Err(ApiError::invalid(
                "person_ids",
                "no person has this id",
                "この ID の職員はいません",
            ));
        }
    }
    let command = TrainingCommand::Record {
        training_id: id,
        person_ids: body.person_ids,
        attended: body.attended,
        today: today(),
    };
    respond::command::<Training>(&state, &caller, id, Some(version), command).await
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The fiscal year (年度: April to March), e.g. 2026 for 2026-04-01 to 2027-03-31; this one
    /// if absent.
    #[serde(default)]
    pub year: Option<i32>,
}

/// The fiscal year (年度) a day is in.
pub fn fiscal_year(day: Date) -> i32 {
    if day.month() >= Month::April {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Per department whose compliance I may read: how many of its people attended a session in the
/// fiscal year.
pub async fn completion(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<YearQuery>,
) -> Result<Json<TrainingCompletion>, ApiError> {
    let year = query.year.unwrap_or_else(|| fiscal_year(today()));
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::invalid(
            "year",
            "a fiscal year from 2000 to 2100",
            "年度は2000〜2100で指定してください",
        ));
    }
    let snapshot = state.projections.snapshot();
    let world = snapshot.world();
    let day = today();
    let attended: std::collections::HashSet<Uuid> = world
        .documents
        .trainings
        .values()
        .filter(|t| fiscal_year(t.date) == year)
        .flat_map(|t| t.attendees.iter().copied())
        .collect();
    let departments = world
        .directory
        .departments
        .values()
        .filter(|d| {
            state.authz.is_allowed(
                world,
                caller.principal_id,
                Action::COMPLIANCE_READ,
                Resource::department(d.id),
                day,
            )
        })
        .map(|d| {
            let people = people_of(world, d.id);
            DepartmentCompletion {
                department_id: d.id,
                department_name: d.name.clone(),
                people: u32::try_from(people.len()).unwrap_or(u32::MAX),
                completed: u32::try_from(people.iter().filter(|p| attended.contains(p)).count())
                    .unwrap_or(u32::MAX),
            }
        })
        .collect();
    Ok(Json(TrainingCompletion {
        fiscal_year: year,
        departments,
    }))
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::documents as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/trainings" => list, Permit(A::TRAININGS_LIST, T::Organisation), "The training sessions, newest first (attendees only to those who record them)", gives mamori_shared::api::page::Page<r::TrainingView>, as_of = true, query crate::http::list::ListParams, filters ["offset", "limit"];
        POST "/trainings" => create, Permit(A::TRAININGS_MANAGE, T::Organisation), "Schedule a training session covering versions of documents", takes r::NewTraining, gives r::TrainingView, status 201;
        GET "/trainings/completion" => completion, Permit(A::TRAININGS_LIST, T::Organisation), "Per department whose compliance I may read: how many of its people attended a session in the fiscal year (?year=, 年度)", gives r::TrainingCompletion, query YearQuery;
        GET "/trainings/{training_id}" => respond::get::<Training>, Permit(A::TRAININGS_LIST, T::Organisation), "A training session", gives r::TrainingView, as_of = true;
        POST "/trainings/{training_id}/attendance" => record, Permit(A::TRAININGS_MANAGE, T::Organisation), "Record who attended (or, attended=false, correct it), once the session has taken place (If-Match)", takes r::AttendanceBody, gives r::TrainingView, if_match = true;
    }
}
