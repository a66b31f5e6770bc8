//! Snapshots of the read models, so that start-up replays only the tail of the log.
//!
//! A snapshot is a cache, never a source of truth: it is keyed by the last position folded into it,
//! the code's [`ReadModels::VERSION`] and the hash of the event at that position. Start-up takes the
//! newest one whose version is the code's and whose event hash the log still has at that position;
//! any other is ignored (and logged), and the log is replayed from the start instead. Snapshots are
//! written periodically while events arrive, after a long replay, and at shutdown.
//!
//! The snapshots at every [`super::history::STRIDE`]-th position are kept as well: the as-of views
//! start from the nearest one before the moment asked for ([`super::history`]).

use std::time::Duration;

use thiserror::Error;

use super::registry::{thousands, ReadModels};
use super::Projections;
use crate::clock::now_micros;
use crate::store::{EventStore, StoreError};
use crate::with_pool;

/// A snapshot is worth writing once this many events have been folded since the last one.
pub const EVERY_EVENTS: u64 = 10_000;
/// How often the periodic writer looks.
const INTERVAL: Duration = Duration::from_secs(60);
/// Snapshots kept per version: the newest, and one before it in case the newest is unreadable.
const KEEP: i64 = 2;

#[derive(Debug, Error)]
pub enum SnapshotError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot encode the read models: {0}")]
    Encode(#[from] serde_json::Error),
}

/// The newest usable snapshot: the position it was taken at, and the state.
pub async fn load(store: &EventStore) -> Option<(u64, ReadModels)> {
    match nearest(store, store.head()).await {
        Ok(found) => {
            if let Some((position, _)) = &found {
                tracing::info!(
                    "starting from the snapshot at position {}",
                    thousands(*position)
                );
            }
            found
        }
        Err(error) => {
            tracing::warn!(%error, "cannot read the projection snapshots; replaying the log");
            None
        }
    }
}

/// The newest usable snapshot at or before `position`.
pub(super) async fn nearest(
    store: &EventStore,
    position: u64,
) -> Result<Option<(u64, ReadModels)>, SnapshotError> {
    const SQL: &str = "SELECT position, event_hash, state FROM projection_snapshots \
         WHERE schema_version = $1 AND position <= $2 ORDER BY position DESC LIMIT $3";
    let version = ReadModels::VERSION as i32;
    let rows: Vec<(i64, String, Vec<u8>)> = with_pool!(store.database(), pool => {
        sqlx::query_as(SQL).bind(version).bind(position as i64).bind(KEEP).fetch_all(pool).await?
    });
    for (position, event_hash, state) in rows {
        let position = position as u64;
        let in_log = store.hash_at(position).await?.map(|h| h.to_hex());
        if in_log.as_deref() != Some(event_hash.as_str()) {
            tracing::warn!(
                position,
                "ignoring a snapshot: the log has another event at its position"
            );
            continue;
        }
        match serde_json::from_slice::<ReadModels>(&state) {
            Ok(models) if models.log_summary.last_position == position => {
                return Ok(Some((position, models)));
            }
            Ok(_) => tracing::warn!(position, "ignoring a snapshot that names another position"),
            Err(error) => tracing::warn!(position, %error, "ignoring an unreadable snapshot"),
        }
    }
    Ok(None)
}

/// The positions, in order, of this version's snapshots at multiples of `stride`.
pub(super) async fn strides(store: &EventStore, stride: u64) -> Result<Vec<u64>, SnapshotError> {
    const SQL: &str = "SELECT position FROM projection_snapshots \
         WHERE schema_version = $1 AND position % $2 = 0 ORDER BY position";
    let version = ReadModels::VERSION as i32;
    let rows: Vec<i64> = with_pool!(store.database(), pool => {
        sqlx::query_scalar(SQL).bind(version).bind(stride as i64).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(|p| p as u64).collect())
}

/// Writes a snapshot of the projections as they are now, unless one exists at this position.
/// Returns the position written (`None` for an empty log).
pub async fn save(
    store: &EventStore,
    projections: &Projections,
) -> Result<Option<u64>, SnapshotError> {
    let (position, state) = {
        let models = projections.read();
        let position = models.log_summary.last_position;
        if position == 0 || projections.failure().is_some() {
            return Ok(None);
        }
        (position, serde_json::to_vec(&*models)?)
    };
    write(store, position, state).await
}

/// Writes `state`, the read models folded up to `position` and encoded, unless a snapshot exists
/// at this position; drops the snapshots no longer of use.
pub(super) async fn write(
    store: &EventStore,
    position: u64,
    state: Vec<u8>,
) -> Result<Option<u64>, SnapshotError> {
    let Some(hash) = store.hash_at(position).await? else {
        return Ok(None);
    };
    let version = ReadModels::VERSION as i32;
    with_pool!(store.database(), pool => {
        sqlx::query(
            "INSERT INTO projection_snapshots (position, schema_version, event_hash, created_at, state) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(position as i64)
        .bind(version)
        .bind(hash.to_hex())
        .bind(now_micros())
        .bind(state)
        .execute(pool)
        .await?;
        // Older snapshots of this version, but for the history's, and every snapshot of another
        // version, are of no use.
        sqlx::query(
            "DELETE FROM projection_snapshots WHERE schema_version <> $1 OR (position % $3 <> 0 \
             AND position < (SELECT MIN(position) FROM (SELECT position FROM projection_snapshots \
              WHERE schema_version = $1 ORDER BY position DESC LIMIT $2) AS newest))",
        )
        .bind(version)
        .bind(KEEP)
        .bind(super::history::STRIDE as i64)
        .execute(pool)
        .await?;
    });
    Ok(Some(position))
}

/// Writes a snapshot whenever [`EVERY_EVENTS`] have been folded since the last one; never ends.
pub async fn keep_taking(store: EventStore, projections: Projections, mut last: u64) {
    let mut tick = tokio::time::interval(INTERVAL);
    loop {
        tick.tick().await;
        let position = projections.position();
        if position < last + EVERY_EVENTS || !projections.is_caught_up() {
            continue;
        }
        match save(&store, &projections).await {
            Ok(Some(written)) => {
                tracing::debug!(position = written, "projection snapshot written");
                last = written;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "cannot write a projection snapshot"),
        }
    }
}
