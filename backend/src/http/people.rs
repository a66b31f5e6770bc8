//! People (職員等) and their role assignments.

use axum::extract::{Path, State};
use axum::response::Response;
use mamori_shared::api::organisation::{
    Deactivation, NewPerson, NewRoleAssignment, PersonChanges, PersonView, RoleEnd,
};
use mamori_shared::api::page::Page;
use mamori_shared::organisation::RoleScope;
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{date_field, path_uuid, Caller, IfMatch, JsonBody, QueryParams};
use super::list::ListParams;
use super::{views, AppState};
use crate::auth::sessions;
use crate::authz::{Action, Resource};
use crate::clock::{now_micros, today};
use crate::commands::organisation::{person_stream as stream, register_person, Registration};
use crate::commands::{execute, Executed};
use crate::domain::organisation::{OrganisationError, Person, PersonCommand};

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<axum::Json<Page<PersonView>>, ApiError> {
    let (field, descending) = params.sort(&["name", "login"], "name")?;
    let snapshot = state.projections.snapshot();
    let directory = &snapshot.directory;
    let day = today();
    let mut items: Vec<PersonView> = directory
        .people
        .values()
        .filter(|p| params.matches_text(&[&p.name, &p.login]))
        .filter(|p| params.department_id.is_none_or(|d| p.department_id == d))
        .filter(|p| params.active.is_none_or(|a| p.active == a))
        // Never return, nor count, whom the caller may not see.
        .filter(|p| {
            state.authz.is_allowed(
                snapshot.world(),
                caller.person_id,
                Action::PersonView,
                Resource::Person(p.id),
                day,
            )
        })
        .map(|p| views::person(directory, p, day))
        .collect();
    items.sort_by(|a, b| match field {
        "login" => a.login.cmp(&b.login),
        _ => a.name.cmp(&b.name).then(a.login.cmp(&b.login)),
    });
    if descending {
        items.reverse();
    }
    params.page(items).map(axum::Json)
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    respond(&state, id, None).await
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NewPerson>,
) -> Result<Response, ApiError> {
    let registration = Registration {
        name: body.name,
        login: body.login,
        department_id: body.department_id,
        employment: body.employment,
        password: body.password,
    };
    let (id, _) = register_person(
        &state.store,
        &state.projections,
        registration,
        caller.metadata(),
    )
    .await?;
    let response = respond(&state, id, None).await?;
    Ok(views::created(
        response,
        Some(format!("/api/v1/people/{id}")),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<PersonChanges>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    if !state
        .projections
        .directory
        .read()
        .departments
        .contains_key(&body.department_id)
    {
        return Err(OrganisationError::UnknownDepartment.into());
    }
    let command = PersonCommand::Update {
        person_id: id,
        name: body.name,
        department_id: body.department_id,
        employment: body.employment,
    };
    run(&state, &caller, id, version, command).await
}

pub async fn deactivate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<Deactivation>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    let executed = crate::commands::organisation::deactivate(
        &state.store,
        &state.projections,
        id,
        version,
        body.reason,
        caller.metadata(),
    )
    .await?;
    // Their sessions end at once (the authorizing layer also refuses a deactivated person).
    sessions::end_all(state.store.database(), id, now_micros()).await?;
    respond(&state, id, Executed::last_position(&executed)).await
}

pub async fn assign_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<NewRoleAssignment>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    if let RoleScope::Department { department_id } = body.scope {
        if !state
            .projections
            .directory
            .read()
            .departments
            .contains_key(&department_id)
        {
            return Err(ApiError::invalid(
                "scope.department_id",
                "no such department",
                "該当する部署がありません",
            ));
        }
    }
    let from = optional_date(body.from.as_deref(), "from")?.unwrap_or_else(today);
    let until = optional_date(body.until.as_deref(), "until")?;
    let command = PersonCommand::AssignRole {
        person_id: id,
        assignment_id: Uuid::now_v7(),
        role: body.role,
        scope: body.scope,
        from,
        until,
    };
    run(&state, &caller, id, version, command).await
}

pub async fn end_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, assignment)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<RoleEnd>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    let assignment_id = path_uuid(&assignment)?;
    let on = optional_date(body.on.as_deref(), "on")?.unwrap_or_else(today);
    let command = PersonCommand::EndRole {
        person_id: id,
        assignment_id,
        on,
    };
    run(&state, &caller, id, version, command).await
}

fn optional_date(text: Option<&str>, field: &str) -> Result<Option<time::Date>, ApiError> {
    text.map(|t| date_field(t, field)).transpose()
}

async fn run(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    version: u64,
    command: PersonCommand,
) -> Result<Response, ApiError> {
    let executed = execute::<Person>(
        &state.store,
        &stream(id),
        Some(version),
        command,
        caller.metadata(),
    )
    .await?;
    respond(state, id, executed.position()).await
}

async fn respond(state: &AppState, id: Uuid, position: Option<u64>) -> Result<Response, ApiError> {
    views::answer(state, position, |models| {
        let entry = models.directory.people.get(&id)?;
        Some((
            views::person(&models.directory, entry, today()),
            entry.version,
        ))
    })
    .await
}
