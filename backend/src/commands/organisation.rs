//! Organisation commands that span aggregates or touch credentials: used by the API, the
//! `admin create-user` command and the demo data alike, so there is one way to register a person.

use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use thiserror::Error;
use uuid::Uuid;

use super::{execute, CommandError};
use crate::auth::credentials;
use crate::auth::password::{self, PasswordPolicyError};
use crate::clock::now_micros;
use crate::domain::organisation::{
    valid_login, Department, DepartmentCommand, OrganisationError, Person, PersonCommand,
};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata, StreamId};

#[derive(Debug, Error)]
pub enum RegistrationError {
    #[error(transparent)]
    Organisation(#[from] OrganisationError),
    #[error("password: {0}")]
    Password(#[from] PasswordPolicyError),
    #[error(transparent)]
    Command(#[from] CommandError<OrganisationError>),
    #[error("cannot store the credentials: {0}")]
    Credentials(#[from] sqlx::Error),
    #[error("projections: {0}")]
    Projection(#[from] crate::projections::WaitError),
}

pub fn department_stream(id: Uuid) -> StreamId {
    StreamId::parse(format!("department-{id}")).expect("a valid stream id")
}

pub fn person_stream(id: Uuid) -> StreamId {
    StreamId::parse(format!("person-{id}")).expect("a valid stream id")
}

pub struct Registration {
    pub name: String,
    pub login: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    pub password: String,
}

/// Registers a person with their initial password and waits until the projections show them.
/// Returns their id and stream version.
pub async fn register_person(
    store: &EventStore,
    projections: &Projections,
    registration: Registration,
    metadata: Metadata,
) -> Result<(Uuid, u64), RegistrationError> {
    let login = valid_login(&registration.login)?;
    password::check_policy(&registration.password, &login)?;
    {
        let directory = projections.directory.read();
        if !directory
            .departments
            .contains_key(&registration.department_id)
        {
            return Err(OrganisationError::UnknownDepartment.into());
        }
        if directory.person_by_login(&login).is_some() {
            return Err(OrganisationError::LoginTaken.into());
        }
    }
    let secret = registration.password;
    // argon2 is deliberately slow: keep it off the async workers.
    let hashed = tokio::task::spawn_blocking(move || password::hash(&secret))
        .await
        .expect("hashing does not panic");
    let id = Uuid::now_v7();
    let command = PersonCommand::Register {
        person_id: id,
        name: registration.name,
        login,
        department_id: registration.department_id,
        employment: registration.employment,
    };
    let executed = execute::<Person>(store, &person_stream(id), None, command, metadata).await?;
    credentials::set(store.database(), id, &hashed, now_micros()).await?;
    if let Some(appended) = executed.appended {
        projections.wait_for(appended.last_position).await?;
    }
    Ok((id, executed.version))
}

/// Creates a department and waits until the projections show it.
pub async fn create_department(
    store: &EventStore,
    projections: &Projections,
    name: &str,
    parent_id: Option<Uuid>,
    metadata: Metadata,
) -> Result<Uuid, RegistrationError> {
    let id = Uuid::now_v7();
    let command = DepartmentCommand::Create {
        department_id: id,
        name: name.to_owned(),
        parent_id,
    };
    let executed =
        execute::<Department>(store, &department_stream(id), None, command, metadata).await?;
    if let Some(appended) = executed.appended {
        projections.wait_for(appended.last_position).await?;
    }
    Ok(id)
}

/// Assigns a role from today, open-ended.
pub async fn assign_role(
    store: &EventStore,
    projections: &Projections,
    person_id: Uuid,
    role: Role,
    scope: RoleScope,
    metadata: Metadata,
) -> Result<(), RegistrationError> {
    let command = PersonCommand::AssignRole {
        person_id,
        assignment_id: Uuid::now_v7(),
        role,
        scope,
        from: crate::clock::today(),
        until: None,
    };
    let executed =
        execute::<Person>(store, &person_stream(person_id), None, command, metadata).await?;
    if let Some(appended) = executed.appended {
        projections.wait_for(appended.last_position).await?;
    }
    Ok(())
}
