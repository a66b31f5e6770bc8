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

/// A JSON body with its version as the ETag, for the client's next `If-Match`.
pub fn versioned<T: Serialize>(body: T, version: u64) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}
