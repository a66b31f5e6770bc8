//! Asset-register commands that the system issues itself, or that span aggregates.

use time::Date;
use uuid::Uuid;

use super::{execute, CommandError};
use crate::domain::assets::{AssetError, Grant, GrantCommand, GrantStatus};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata, Source, StreamId};

pub fn asset_stream(id: Uuid) -> StreamId {
    StreamId::parse(format!("asset-{id}")).expect("a valid stream id")
}

pub fn grant_stream(id: Uuid) -> StreamId {
    StreamId::parse(format!("grant-{id}")).expect("a valid stream id")
}

pub fn scheme_stream() -> StreamId {
    StreamId::parse("classification-scheme").expect("a valid stream id")
}

/// Ends every active grant whose last day is before `today`: an event recorded by the system, no
/// one acting. Safe to run from several instances at once: a grant already ended is skipped.
pub async fn expire_due_grants(
    store: &EventStore,
    projections: &Projections,
    today: Date,
) -> Result<usize, CommandError<AssetError>> {
    let due: Vec<Uuid> = projections
        .register
        .read()
        .grants
        .values()
        .filter(|g| g.status == GrantStatus::Active && g.until < today)
        .map(|g| g.id)
        .collect();
    let mut expired = 0;
    for grant_id in due {
        let command = GrantCommand::Expire { grant_id, today };
        match execute::<Grant>(
            store,
            &grant_stream(grant_id),
            None,
            command,
            Metadata::system(),
        )
        .await
        {
            Ok(done) => {
                expired += 1;
                if let Some(appended) = done.appended {
                    let _ = projections.wait_for(appended.last_position).await;
                }
            }
            Err(CommandError::Domain(AssetError::NotActive) | CommandError::Conflict { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(expired)
}

/// A deactivated person keeps no access: their active grants are revoked and their pending requests
/// rejected, by the system.
pub async fn end_grants_of(
    store: &EventStore,
    projections: &Projections,
    person_id: Uuid,
    actor: Metadata,
) -> Result<(), CommandError<AssetError>> {
    let grants: Vec<(Uuid, GrantStatus)> = projections
        .register
        .read()
        .grants
        .values()
        .filter(|g| g.person_id == person_id)
        .filter(|g| matches!(g.status, GrantStatus::Active | GrantStatus::Pending))
        .map(|g| (g.id, g.status))
        .collect();
    let reason = "利用者の無効化 / person deactivated".to_owned();
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
        let metadata = actor.clone().with_source(Source::System);
        match execute::<Grant>(store, &grant_stream(grant_id), None, command, metadata).await {
            Ok(done) => {
                if let Some(appended) = done.appended {
                    let _ = projections.wait_for(appended.last_position).await;
                }
            }
            Err(CommandError::Domain(AssetError::NotActive | AssetError::NotPending)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(())
}
