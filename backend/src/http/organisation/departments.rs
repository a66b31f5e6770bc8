//! Departments (部署).

use axum::extract::State;
use axum::response::Response;
use mamori_shared::api::organisation::{DepartmentChanges, DepartmentView, NewDepartment};
use mamori_shared::api::page::Page;
use uuid::Uuid;

use super::views;
use crate::authz::organisation::DEPARTMENT;
use crate::authz::Action;
use crate::collation;
use crate::domain::organisation::{Department, DepartmentCommand};
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{Caller, Change, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::timeline;
use crate::http::AppState;

/// What the departments are sorted by.
const SORTS: &[&str] = &["name"];

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
    as_of: AsOf,
) -> Result<axum::Json<Page<DepartmentView>>, ApiError> {
    let (field, descending) = params.sort(SORTS, SORTS[0])?;
    let seen = as_of.read(&state);
    let world = seen.world();
    let mut items: Vec<DepartmentView> = world
        .models()
        .directory
        .departments
        .values()
        .filter(|d| params.matches_text(&[&d.name, d.reading.as_deref().unwrap_or("")]))
        .filter(|d| {
            params
                .department_id
                .is_none_or(|parent| d.parent_id == Some(parent))
        })
        .map(views::department)
        .collect();
    debug_assert_eq!(field, "name");
    // 五十音 by 読み仮名 (else by name).
    items.sort_by_cached_key(|d| (collation::key(d.reading.as_deref(), &d.name), d.id));
    if descending {
        items.reverse();
    }
    respond::listed(
        &state,
        &caller,
        world,
        params.page(items)?,
        &[Action::ORGANISATION_MANAGE],
    )
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
        reading: body.reading,
    };
    respond::create::<Department>(&state, &caller, id, command).await
}

pub async fn update(change: Change<DepartmentChanges>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = DepartmentCommand::Rename {
        department_id: id,
        name: body.name,
        reading: body.reading,
    };
    respond::command::<Department>(&state, &caller, id, Some(version), command).await
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::{organisation as o, page::Page};
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/departments" => list, Permit(A::ORGANISATION_VIEW, T::Organisation), "Departments (paginated, filterable, sortable)", gives Page<o::DepartmentView>, as_of = true, query crate::http::list::ListParams, filters ["offset", "limit", "q"], sorts SORTS;
        POST "/departments" => create, Permit(A::ORGANISATION_MANAGE, T::Organisation), "Create a department", takes o::NewDepartment, gives o::DepartmentView, status 201;
        GET "/departments/{department_id}" => respond::get::<Department>, Permit(A::DEPARTMENT_VIEW, T::Path("department_id", DEPARTMENT)), "One department", gives o::DepartmentView, as_of = true;
        GET "/departments/{department_id}/history" => timeline::history::<Department>, Permit(A::DEPARTMENT_VIEW, T::Path("department_id", DEPARTMENT)), "The department's timeline: every event of it with actor, time, source and trace, naming people and departments as they were named then", gives Vec<mamori_shared::api::timeline::HistoryEntry>;
        PUT "/departments/{department_id}" => update, Permit(A::DEPARTMENT_MANAGE, T::Path("department_id", DEPARTMENT)), "Rename a department (If-Match)", takes o::DepartmentChanges, gives o::DepartmentView, if_match = true;
    }
}
