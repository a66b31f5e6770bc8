//! Projection entries as the API shows them.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::organisation::{DepartmentView, PersonView, RoleAssignmentView};
use mamori_shared::organisation::RoleScope;
use serde::Serialize;
use time::Date;

use crate::domain::format_date;
use crate::projections::directory::{DepartmentEntry, PersonEntry};
use crate::projections::registry::Snapshot;
use crate::projections::Directory;

pub fn department(entry: &DepartmentEntry) -> DepartmentView {
    DepartmentView {
        id: entry.id,
        name: entry.name.clone(),
        parent_id: entry.parent_id,
        version: entry.version,
    }
}

pub fn person(directory: &Directory, entry: &PersonEntry, today: Date) -> PersonView {
    PersonView {
        id: entry.id,
        name: entry.name.clone(),
        login: entry.login.clone(),
        department_id: entry.department_id,
        department_name: department_name(directory, entry.department_id),
        employment: entry.employment,
        active: entry.active,
        roles: entry
            .assignments
            .iter()
            .map(|a| RoleAssignmentView {
                id: a.id,
                role: a.role,
                scope: a.scope,
                department_name: match a.scope {
                    RoleScope::Department { department_id } => {
                        Some(department_name(directory, department_id))
                    }
                    RoleScope::Organisation => None,
                },
                from: format_date(a.from),
                until: a.until.map(format_date),
                current: a.held_on(today),
            })
            .collect(),
        version: entry.version,
    }
}

fn department_name(directory: &Directory, id: uuid::Uuid) -> String {
    directory
        .departments
        .get(&id)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// A creation's answer: 201, and where the new resource is when it has an address of its own.
pub fn created(mut response: Response, location: Option<String>) -> Response {
    *response.status_mut() = axum::http::StatusCode::CREATED;
    if let Some(Ok(location)) = location.map(|l| HeaderValue::from_str(&l)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The one way a command answers: wait until the caller's own write (`written`, the last position
/// it appended) shows (202 if it does not in time), then answer with the view of the resource and
/// its version, read from the read models at one position (404 if `view` finds nothing).
pub async fn answer<T: Serialize>(
    state: &super::AppState,
    written: Option<u64>,
    view: impl FnOnce(&Snapshot<'_>) -> Option<(T, u64)>,
) -> Result<Response, super::error::ApiError> {
    state.settle(written).await?;
    let (body, version) = {
        let snapshot = state.projections.snapshot();
        view(&snapshot).ok_or(super::error::ApiError::NotFound)?
    };
    Ok(versioned(body, version))
}

/// A JSON body with its version as the ETag, for the client's next `If-Match`.
pub fn versioned<T: Serialize>(body: T, version: u64) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

pub fn asset(
    world: crate::authz::World<'_>,
    entry: &crate::projections::register::AssetEntry,
    allowed: Option<Vec<String>>,
) -> mamori_shared::api::assets::AssetView {
    let directory = world.directory;
    mamori_shared::api::assets::AssetView {
        id: entry.id,
        name: entry.name.clone(),
        kind: entry.kind,
        owner_department_id: entry.owner_department_id,
        owner_department_name: department_name(directory, entry.owner_department_id),
        custodian_id: entry.custodian_id,
        custodian_name: entry
            .custodian_id
            .and_then(|id| directory.people.get(&id))
            .map(|p| p.name.clone()),
        tier: entry.tier,
        location: entry.location.clone(),
        description: entry.description.clone(),
        classification: entry.classification.clone(),
        level: crate::domain::assets::level_kind(
            world.register.scheme(),
            entry
                .classification
                .as_ref()
                .map(|c| c.confidentiality.as_str()),
        )
        .code()
        .to_owned(),
        retired: entry.retired,
        version: entry.version,
        allowed,
    }
}

pub fn grant(
    world: crate::authz::World<'_>,
    entry: &crate::projections::register::GrantEntry,
) -> mamori_shared::api::assets::GrantView {
    use crate::domain::assets::GrantStatus as S;
    mamori_shared::api::assets::GrantView {
        id: entry.id,
        asset_id: entry.asset_id,
        asset_name: world
            .register
            .assets
            .get(&entry.asset_id)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        person_id: entry.person_id,
        person_name: world
            .directory
            .people
            .get(&entry.person_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        access: entry.access,
        reason: entry.reason.clone(),
        until: format_date(entry.until),
        status: match entry.status {
            S::None | S::Pending => "pending",
            S::Active => "active",
            S::Rejected => "rejected",
            S::Revoked => "revoked",
            S::Expired => "expired",
        }
        .to_owned(),
        requested_at: crate::clock::rfc3339(entry.requested_at),
        version: entry.version,
    }
}
