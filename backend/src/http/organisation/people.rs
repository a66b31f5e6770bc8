//! People (職員等) and their role assignments.

use axum::extract::{Path, State};
use axum::response::Response;
use mamori_shared::api::organisation::{
    Deactivation, NewPerson, NewRoleAssignment, PasswordSignIn, PersonChanges, PersonView, RoleEnd,
};
use mamori_shared::api::page::Page;
use mamori_shared::organisation::RoleScope;
use uuid::Uuid;

use super::views;
use crate::auth::sessions;
use crate::authz::organisation::PERSON;
use crate::authz::{Action, Resource};
use crate::clock::{now_micros, today};
use crate::collation;
use crate::commands::organisation::{register_person, Registration};
use crate::commands::Executed;
use crate::domain::organisation::{OrganisationError, Person, PersonCommand};
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{date_field, path_uuid, Caller, Change, IfMatch, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::timeline;
use crate::http::AppState;

/// What the people are sorted by (the first by default).
const SORTS: &[&str] = &["name", "login", "staff_number"];

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
    as_of: AsOf,
) -> Result<axum::Json<Page<PersonView>>, ApiError> {
    let (field, descending) = params.sort(SORTS, SORTS[0])?;
    let seen = as_of.read(&state);
    let world = seen.world();
    let directory = &world.models().directory;
    let day = today();
    let mut items: Vec<PersonView> = directory
        .people
        .values()
        .filter(|p| {
            params.matches_text(&[
                &p.name,
                p.reading.as_deref().unwrap_or(""),
                &p.login,
                p.staff_number.as_deref().unwrap_or(""),
            ])
        })
        .filter(|p| params.department_id.is_none_or(|d| p.department_id == d))
        .filter(|p| params.active.is_none_or(|a| p.active == a))
        // Never return, nor count, whom the caller may not see.
        .filter(|p| {
            state.authz.is_allowed(
                world,
                caller.principal_id,
                Action::PERSON_VIEW,
                Resource::person(p.id),
                day,
            )
        })
        .map(|p| views::person(directory, p, world.day(day)))
        .collect();
    match field {
        "login" => items.sort_by(|a, b| a.login.cmp(&b.login)),
        // Those without a number last, then 五十音.
        "staff_number" => items.sort_by_cached_key(|p| {
            let number = p.staff_number.clone();
            (
                number.is_none(),
                number,
                collation::key(p.reading.as_deref(), &p.name),
                p.id,
            )
        }),
        // 五十音 by 読み仮名 (else by name); the login keeps namesakes apart.
        _ => items.sort_by_cached_key(|p| {
            (
                collation::key(p.reading.as_deref(), &p.name),
                p.login.clone(),
            )
        }),
    }
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
    JsonBody(body): JsonBody<NewPerson>,
) -> Result<Response, ApiError> {
    let registration = Registration {
        name: body.name,
        login: body.login,
        department_id: body.department_id,
        employment: body.employment,
        password: body.password,
        reading: body.reading,
        staff_number: body.staff_number,
        email: body.email,
    };
    let (id, _) = register_person(
        &state.store,
        &state.projections,
        registration,
        caller.metadata(),
    )
    .await?;
    // Registration waited for its own write already.
    let response = respond::current::<Person>(&state, &caller, id)?;
    Ok(respond::created::<Person>(response, id))
}

pub async fn update(change: Change<PersonChanges>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
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
        reading: body.reading,
        staff_number: body.staff_number,
        email: body.email,
    };
    respond::command::<Person>(&state, &caller, id, Some(version), command).await
}

pub async fn deactivate(change: Change<Deactivation>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
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
    respond::answer::<Person>(&state, &caller, id, Executed::last_position(&executed)).await
}

pub async fn set_password_sign_in(change: Change<PasswordSignIn>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = PersonCommand::SetPasswordSignIn {
        person_id: id,
        allowed: body.allowed,
    };
    respond::command::<Person>(&state, &caller, id, Some(version), command).await
}

pub async fn assign_role(change: Change<NewRoleAssignment>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
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
    respond::command::<Person>(&state, &caller, id, Some(version), command).await
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
    respond::command::<Person>(&state, &caller, id, Some(version), command).await
}

fn optional_date(text: Option<&str>, field: &str) -> Result<Option<time::Date>, ApiError> {
    text.map(|t| date_field(t, field)).transpose()
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::{organisation as o, page::Page};
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/people" => list, Permit(A::ORGANISATION_VIEW, T::Organisation), "People (paginated, filterable, sortable)", gives Page<o::PersonView>, as_of = true, query crate::http::list::ListParams, filters ["offset", "limit", "q", "department_id", "active"], sorts SORTS;
        POST "/people" => create, Permit(A::ORGANISATION_MANAGE, T::Organisation), "Register a person with an initial password", takes o::NewPerson, gives o::PersonView, status 201;
        GET "/people/{person_id}" => respond::get::<Person>, Permit(A::PERSON_VIEW, T::Path("person_id", PERSON)), "One person, with their role history", gives o::PersonView, as_of = true;
        GET "/people/{person_id}/history" => timeline::history::<Person>, Permit(A::PERSON_VIEW, T::Path("person_id", PERSON)), "The person's timeline: every event of their record with actor, time, source and trace, naming people and departments as they were named then", gives Vec<mamori_shared::api::timeline::HistoryEntry>;
        PUT "/people/{person_id}" => update, Permit(A::PERSON_MANAGE, T::Path("person_id", PERSON)), "Change a person (If-Match)", takes o::PersonChanges, gives o::PersonView, if_match = true;
        POST "/people/{person_id}/deactivate" => deactivate, Permit(A::PERSON_MANAGE, T::Path("person_id", PERSON)), "Deactivate a person and end their sessions (If-Match)", takes o::Deactivation, gives o::PersonView, if_match = true;
        PUT "/people/{person_id}/password-sign-in" => set_password_sign_in, Permit(A::PERSON_MANAGE, T::Path("person_id", PERSON)), "Allow or refuse the person's password at sign-in; refused, they sign in by single sign-on only (If-Match)", takes o::PasswordSignIn, gives o::PersonView, if_match = true;
        POST "/people/{person_id}/roles" => assign_role, Permit(A::PERSON_MANAGE, T::Path("person_id", PERSON)), "Assign a role (If-Match)", takes o::NewRoleAssignment, gives o::PersonView, if_match = true;
        POST "/people/{person_id}/roles/{assignment_id}/end" => end_role, Permit(A::PERSON_MANAGE, T::Path("person_id", PERSON)), "End a role assignment (If-Match)", takes o::RoleEnd, gives o::PersonView, if_match = true;
    }
}
