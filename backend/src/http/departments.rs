//! Departments (部署).

use axum::extract::{Path, State};
use axum::response::Response;
use mamori_shared::api::organisation::{DepartmentChanges, DepartmentView, NewDepartment};
use mamori_shared::api::page::Page;
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{path_uuid, Caller, IfMatch, JsonBody, QueryParams};
use super::list::ListParams;
use super::{views, AppState};
use crate::commands::execute;
use crate::commands::organisation::department_stream as stream;
use crate::domain::organisation::{Department, DepartmentCommand};

pub async fn list(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<axum::Json<Page<DepartmentView>>, ApiError> {
    let (field, descending) = params.sort(&["name"], "name")?;
    let directory = state.projections.directory.read();
    let mut items: Vec<DepartmentView> = directory
        .departments
        .values()
        .filter(|d| params.matches_text(&[&d.name]))
        .filter(|d| {
            params
                .department_id
                .is_none_or(|parent| d.parent_id == Some(parent))
        })
        .map(views::department)
        .collect();
    debug_assert_eq!(field, "name");
    items.sort_by(|a, b| a.name.cmp(&b.name));
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
    let directory = state.projections.directory.read();
    let entry = directory.departments.get(&id).ok_or(ApiError::NotFound)?;
    Ok(views::versioned(views::department(entry), entry.version))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NewDepartment>,
) -> Result<Response, ApiError> {
    if let Some(parent) = body.parent_id {
        if !state
            .projections
            .directory
            .read()
            .departments
            .contains_key(&parent)
        {
            return Err(ApiError::invalid(
                "parent_id",
                "no such department",
                "該当する上位部署がありません",
            ));
        }
    }
    let id = Uuid::now_v7();
    let command = DepartmentCommand::Create {
        department_id: id,
        name: body.name,
        parent_id: body.parent_id,
    };
    let executed =
        execute::<Department>(&state.store, &stream(id), None, command, caller.metadata()).await?;
    let response = respond(&state, id, executed.position()).await?;
    Ok(views::created(
        response,
        Some(format!("/api/v1/departments/{id}")),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<DepartmentChanges>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    let command = DepartmentCommand::Rename {
        department_id: id,
        name: body.name,
    };
    let executed = execute::<Department>(
        &state.store,
        &stream(id),
        Some(version),
        command,
        caller.metadata(),
    )
    .await?;
    respond(&state, id, executed.position()).await
}

async fn respond(state: &AppState, id: Uuid, position: Option<u64>) -> Result<Response, ApiError> {
    views::answer(state, position, |models| {
        let entry = models.directory.departments.get(&id)?;
        Some((views::department(entry), entry.version))
    })
    .await
}
