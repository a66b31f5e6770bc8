//! Policy-document commands the system issues itself, and the committee in office.

use mamori_shared::organisation::{Role, RoleScope};
use time::Date;
use uuid::Uuid;

use super::{CommandError, Commit};
use crate::domain::documents::{
    Document, DocumentCommand, DocumentError, Revision, RevisionStatus,
};
use crate::projections::{Directory, Projections};
use crate::store::{EventStore, Metadata};

/// The committee in office on `day`: its members (情報セキュリティ委員会 委員, at any scope) and its
/// chair (the CISO), active people only.
pub fn committee_on(directory: &Directory, day: Date) -> (Vec<Uuid>, Option<Uuid>) {
    let mut members = Vec::new();
    let mut chairs = Vec::new();
    for person in directory.people.values().filter(|p| p.active) {
        for assignment in person.roles_on(day) {
            match (assignment.role, assignment.scope) {
                (Role::CommitteeMember, _) => members.push(person.id),
                (Role::Ciso, RoleScope::Organisation) => chairs.push(person.id),
                _ => {}
            }
        }
    }
    members.sort();
    members.dedup();
    chairs.sort();
    (members, chairs.first().copied())
}

/// Puts in force every approved revision whose effective date has come: an event recorded by the
/// system, no one acting, in one commit with the revision's approval as read. Safe to run from
/// several instances at once: one already in force is skipped.
pub async fn publish_due(
    store: &EventStore,
    projections: &Projections,
    today: Date,
) -> Result<usize, CommandError<DocumentError>> {
    let due: Vec<(Uuid, Uuid, String, Date, u64)> = projections
        .documents
        .read()
        .revisions
        .values()
        .filter(|r| r.status == RevisionStatus::Approved && r.published.is_none())
        .filter_map(|r| {
            let effective = r.decision.as_ref()?.effective_date?;
            (effective <= today).then(|| {
                (
                    r.document_id,
                    r.id,
                    r.content.content_hash.clone(),
                    effective,
                    r.version,
                )
            })
        })
        .collect();
    let mut published = 0;
    for (document_id, revision_id, content_hash, effective_date, version) in due {
        let mut commit = Commit::new(Metadata::system());
        let command = DocumentCommand::Publish {
            document_id,
            revision_id,
            content_hash,
            effective_date,
            today,
        };
        match commit
            .decide::<Document>(store, &document_id, None, command)
            .await
        {
            Ok(()) => {}
            Err(CommandError::Domain(DocumentError::NotApproved)) => continue,
            Err(other) => return Err(other),
        }
        commit.require::<Revision>(&revision_id, version);
        match commit.commit::<DocumentError>(store).await {
            Ok(done) => {
                published += 1;
                if let Some(position) = super::Executed::last_position(&done) {
                    let _ = projections.wait_for(position).await;
                }
            }
            Err(CommandError::Conflict { .. } | CommandError::ConflictElsewhere { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(published)
}
