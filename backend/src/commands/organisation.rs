//! Organisation commands that span aggregates or touch credentials: used by the API, the
//! `admin create-user` command and the demo data alike, so there is one way to register a person.

use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use thiserror::Error;
use uuid::Uuid;

use super::{execute, CommandError, Commit, Executed};
use crate::auth::credentials;
use crate::auth::password::{self, PasswordPolicyError};
use crate::clock::now_micros;
use crate::domain::assets::{AssetError, Grant, GrantCommand, GrantStatus};
use crate::domain::organisation::{
    valid_login, Department, DepartmentCommand, Login, LoginCommand, OrganisationError, Person,
    PersonCommand,
};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata};

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

pub struct Registration {
    pub name: String,
    pub login: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    pub password: String,
    /// 読み仮名, optional.
    pub reading: Option<String>,
    /// 職員番号, optional.
    pub staff_number: Option<String>,
    /// Where notices are mailed, optional.
    pub email: Option<String>,
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
        login: login.clone(),
        department_id: registration.department_id,
        employment: registration.employment,
        reading: registration.reading,
        staff_number: registration.staff_number,
        email: registration.email,
    };
    let reserve = LoginCommand::Reserve {
        login: login.clone(),
        person_id: id,
    };
    // The person and their login's reservation in one commit: of two registrations of one login
    // at the same moment, the second conflicts on the login's stream and writes nothing.
    let mut commit = Commit::new(metadata);
    commit.decide::<Person>(store, &id, None, command).await?;
    commit.decide::<Login>(store, &login, None, reserve).await?;
    let executed = match commit.commit(store).await {
        Err(CommandError::ConflictElsewhere { .. }) => {
            return Err(OrganisationError::LoginTaken.into())
        }
        other => other?,
    };
    credentials::set(store.database(), id, &hashed, now_micros()).await?;
    if let Some(position) = Executed::last_position(&executed) {
        projections.wait_for(position).await?;
    }
    Ok((id, executed[0].version))
}

/// Creates a department and waits until the projections show it.
pub async fn create_department(
    store: &EventStore,
    projections: &Projections,
    name: &str,
    reading: Option<&str>,
    parent_id: Option<Uuid>,
    metadata: Metadata,
) -> Result<Uuid, RegistrationError> {
    let id = Uuid::now_v7();
    let command = DepartmentCommand::Create {
        department_id: id,
        name: name.to_owned(),
        parent_id,
        reading: reading.map(str::to_owned),
    };
    let executed = execute::<Department>(store, &id, None, command, metadata).await?;
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
    let executed = execute::<Person>(store, &person_id, None, command, metadata).await?;
    if let Some(appended) = executed.appended {
        projections.wait_for(appended.last_position).await?;
    }
    Ok(())
}

#[derive(Debug, Error)]
pub enum DeactivationError {
    #[error(transparent)]
    Person(#[from] CommandError<OrganisationError>),
    #[error(transparent)]
    Grant(#[from] CommandError<AssetError>),
}

/// Deactivates a person and, in the same commit, revokes their active grants and rejects their
/// pending requests: a deactivated person keeps no access, and no grant is left behind if any of
/// them changed meanwhile (the commit then conflicts and writes nothing).
pub async fn deactivate(
    store: &EventStore,
    projections: &Projections,
    person_id: Uuid,
    if_match: u64,
    reason: String,
    metadata: Metadata,
) -> Result<Vec<Executed>, DeactivationError> {
    let grants: Vec<(Uuid, GrantStatus)> = projections
        .register
        .read()
        .grants
        .values()
        .filter(|g| g.person_id == person_id)
        .filter(|g| matches!(g.status, GrantStatus::Active | GrantStatus::Pending))
        .map(|g| (g.id, g.status))
        .collect();
    let mut commit = Commit::new(metadata);
    let command = PersonCommand::Deactivate {
        person_id,
        reason: reason.clone(),
    };
    commit
        .decide::<Person>(store, &person_id, Some(if_match), command)
        .await?;
    let reason = format!("利用者の無効化 / person deactivated: {reason}");
    for (grant_id, status) in grants {
        let command = match status {
            GrantStatus::Active => GrantCommand::Revoke {
                grant_id,
                reason: reason.clone(),
            },
            _ => GrantCommand::Reject {
                grant_id,
                by: Uuid::nil(),
                reason: reason.clone(),
            },
        };
        match commit
            .decide::<Grant>(store, &grant_id, None, command)
            .await
        {
            // Already ended in its stream (the read model lagged): nothing left to end.
            Err(CommandError::Domain(AssetError::NotActive | AssetError::NotPending)) => {}
            other => other?,
        }
    }
    Ok(commit.commit::<OrganisationError>(store).await?)
}
