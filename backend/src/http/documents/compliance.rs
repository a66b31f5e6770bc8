//! Who in a department has acknowledged the versions in force (周知・確認, §5), as JSON and CSV.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::documents::{
    AcknowledgementStatus, DocumentAcknowledgements, PersonAcknowledgement,
};
use uuid::Uuid;

use crate::authz::organisation::DEPARTMENT;
use crate::authz::{Action, Resource, World};
use crate::clock::{rfc3339, today};
use crate::collation;
use crate::domain::format_date;
use crate::http::csv::push_row;
use crate::http::error::ApiError;
use crate::http::extract::{path_uuid, Caller};
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;

/// The active people of a department and its sub-units, in 五十音 order.
pub fn people_of(world: World<'_>, department: Uuid) -> Vec<Uuid> {
    let directory = &world.directory;
    let mut people: Vec<_> = directory
        .people
        .values()
        .filter(|p| p.active)
        .filter(|p| {
            directory
                .department_and_ancestors(p.department_id)
                .contains(&department)
        })
        .collect();
    people.sort_by(|a, b| {
        collation::compare(
            (a.reading.as_deref(), &a.name),
            (b.reading.as_deref(), &b.name),
        )
    });
    people.into_iter().map(|p| p.id).collect()
}

/// For each version in force that the caller may read, those of the department it is for, and
/// whether and when each acknowledged it.
fn status(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    department: Uuid,
) -> AcknowledgementStatus {
    let day = today();
    let people = people_of(world, department);
    let documents = &world.documents;
    let mut in_force: Vec<_> = documents
        .documents
        .values()
        .filter(|d| d.in_force.is_some())
        .collect();
    in_force.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.title.cmp(&b.title)));
    let resources: Vec<Resource> = in_force.iter().map(|d| Resource::document(d.id)).collect();
    let readable = state.authz.allowed_each(
        world,
        caller.principal_id,
        Action::DOCUMENT_VIEW,
        &resources,
        day,
    );
    let in_force: Vec<_> = in_force
        .into_iter()
        .zip(readable)
        .filter(|(_, ok)| *ok)
        .map(|(d, _)| d)
        .collect();
    let resources: Vec<Resource> = in_force.iter().map(|d| Resource::document(d.id)).collect();
    // Who must acknowledge what: Cedar's audience rule, asked once per person over every document.
    let due: Vec<Vec<bool>> = people
        .iter()
        .map(|person| {
            state.authz.allowed_each(
                world,
                *person,
                Action::DOCUMENT_ACKNOWLEDGE,
                &resources,
                day,
            )
        })
        .collect();
    let documents_status = in_force
        .iter()
        .enumerate()
        .filter_map(|(index, document)| {
            let revision = documents.in_force(document.id)?;
            let published = revision.published.as_ref()?;
            let people: Vec<PersonAcknowledgement> = people
                .iter()
                .zip(&due)
                .filter(|(_, due)| due[index])
                .map(|(person, _)| {
                    let entry = &world.directory.people[person];
                    PersonAcknowledgement {
                        person_id: *person,
                        name: entry.name.clone(),
                        staff_number: entry.staff_number.clone(),
                        acknowledged_at: documents
                            .acknowledged(*person, document.id)
                            .map(|a| rfc3339(a.at)),
                    }
                })
                .collect();
            Some(DocumentAcknowledgements {
                document_id: document.id,
                title: document.title.clone(),
                version: published.version,
                content_hash: revision.content.content_hash.clone(),
                effective_date: format_date(published.effective_date),
                acknowledged: u32::try_from(
                    people
                        .iter()
                        .filter(|p| p.acknowledged_at.is_some())
                        .count(),
                )
                .unwrap_or(u32::MAX),
                people,
            })
        })
        .collect();
    AcknowledgementStatus {
        department_id: department,
        department_name: world
            .directory
            .departments
            .get(&department)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        documents: documents_status,
    }
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AcknowledgementStatus>, ApiError> {
    let department = path_uuid(&id)?;
    let snapshot = state.projections.snapshot();
    Ok(Json(status(&state, &caller, snapshot.world(), department)))
}

/// The same as CSV (UTF-8 with BOM, for Excel): one row per person and document.
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let department = path_uuid(&id)?;
    let snapshot = state.projections.snapshot();
    let status = status(&state, &caller, snapshot.world(), department);
    let mut out = String::from("\u{feff}");
    push_row(
        &mut out,
        [
            "部署",
            "文書",
            "版",
            "施行日",
            "職員番号",
            "氏名",
            "確認日時",
        ]
        .into_iter()
        .map(str::to_owned),
    );
    for document in &status.documents {
        for person in &document.people {
            push_row(
                &mut out,
                [
                    status.department_name.clone(),
                    document.title.clone(),
                    format!("第{}版", document.version),
                    document.effective_date.clone(),
                    person.staff_number.clone().unwrap_or_default(),
                    person.name.clone(),
                    person
                        .acknowledged_at
                        .clone()
                        .unwrap_or_else(|| "未確認".into()),
                ]
                .into_iter(),
            );
        }
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"acknowledgements.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::documents as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/departments/{department_id}/acknowledgements" => get, Permit(A::COMPLIANCE_READ, T::Path("department_id", DEPARTMENT)), "Who in the department (and its sub-units) has acknowledged each version in force that is for them, and when", gives r::AcknowledgementStatus;
        GET "/departments/{department_id}/acknowledgements.csv" => csv, Permit(A::COMPLIANCE_READ, T::Path("department_id", DEPARTMENT)), "The same as CSV (UTF-8 with BOM): one row per person and document, 未確認 where not yet acknowledged";
    }
}
