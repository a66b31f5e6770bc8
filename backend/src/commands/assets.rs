//! Asset-register commands that the system issues itself, or that span aggregates.

use time::Date;
use uuid::Uuid;

use super::{execute, CommandError};
use crate::domain::assets::{AssetError, Grant, GrantCommand, GrantStatus};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata};

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
        match execute::<Grant>(store, &grant_id, None, command, Metadata::system()).await {
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
