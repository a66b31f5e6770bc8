//! The read models as of any past position of the log: what an as-of view shows.
//!
//! A past state is exactly the fold of the log up to that position. To answer in a bounded time on
//! a long log, it starts from the nearest snapshot before it: a snapshot is kept at every
//! [`STRIDE`]-th position ([`keep_recording`] writes the missing ones in the background, folding
//! the log once), so a past state folds at most `STRIDE` events on top of one. The few states
//! asked for last are cached; at most [`BUILDS`] are folded at a time, so that however many as-of
//! requests arrive, memory and CPU stay bounded (the others wait, then answer 503).

use std::collections::VecDeque;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use thiserror::Error;
use tokio::sync::Semaphore;

use super::registry::{thousands, ReadModels};
use super::snapshot::{self, SnapshotError};
use super::{Projection, ProjectionError};
use crate::store::{EventStore, StoreError};

/// A snapshot is kept at every position that is a multiple of this.
pub const STRIDE: u64 = 10_000;
/// Past states kept in memory, most recently asked for first.
const CACHED: usize = 4;
/// Past states folded at the same time.
const BUILDS: usize = 1;
/// How long an as-of request waits for its turn to fold.
const WAIT: Duration = Duration::from_secs(10);
/// How often the background recorder looks for new strides.
const INTERVAL: Duration = Duration::from_secs(60);

#[derive(Debug, Error)]
pub enum HistoryError {
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Projection(#[from] ProjectionError),
    #[error("too many past views are being prepared; try again shortly")]
    Busy,
}

pub struct History {
    store: EventStore,
    cache: Mutex<VecDeque<(u64, Arc<ReadModels>)>>,
    builds: Semaphore,
}

impl History {
    pub fn new(store: EventStore) -> Self {
        Self {
            store,
            cache: Mutex::new(VecDeque::with_capacity(CACHED)),
            builds: Semaphore::new(BUILDS),
        }
    }

    /// The read models folded up to `position` (inclusive; at most the log's head).
    pub async fn at(&self, position: u64) -> Result<Arc<ReadModels>, HistoryError> {
        let position = position.min(self.store.head());
        if let Some(models) = self.cached(position) {
            return Ok(models);
        }
        let _turn = tokio::time::timeout(WAIT, self.builds.acquire())
            .await
            .map_err(|_| HistoryError::Busy)?
            .map_err(|_| HistoryError::Busy)?;
        // Another request may have folded it while this one waited.
        if let Some(models) = self.cached(position) {
            return Ok(models);
        }
        let (from, models) = snapshot::nearest(&self.store, position)
            .await?
            .unwrap_or_default();
        let models =
            Arc::new(fold_between(&self.store, models, from, position, |_, _| None).await?);
        let mut cache = self.lock();
        if cache.len() == CACHED {
            cache.pop_back();
        }
        cache.push_front((position, models.clone()));
        Ok(models)
    }

    fn cached(&self, position: u64) -> Option<Arc<ReadModels>> {
        let mut cache = self.lock();
        let index = cache.iter().position(|(at, _)| *at == position)?;
        let entry = cache.remove(index)?;
        let models = entry.1.clone();
        cache.push_front(entry);
        Some(models)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(u64, Arc<ReadModels>)>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Folds the events after `from` up to `until` into `models` (the fold up to `from`), calling
/// `at_stride` with the state at every multiple of [`STRIDE`] passed; it returns what to write.
async fn fold_between(
    store: &EventStore,
    mut models: ReadModels,
    from: u64,
    until: u64,
    at_stride: impl Fn(u64, &ReadModels) -> Option<Vec<u8>>,
) -> Result<ReadModels, HistoryError> {
    let mut events = pin!(store.read_until(from, until));
    while let Some(event) = events.next().await {
        let event = event?;
        models.apply(&event)?;
        if event.position % STRIDE == 0 {
            if let Some(encoded) = at_stride(event.position, &models) {
                snapshot::write(store, event.position, encoded).await?;
            }
        }
    }
    Ok(models)
}

/// Writes the snapshots missing at the multiples of [`STRIDE`] up to the log's head, folding from
/// the newest snapshot before the first one missing. Returns how many were written.
pub async fn record(store: &EventStore) -> Result<u64, HistoryError> {
    let last_stride = store.head() / STRIDE * STRIDE;
    let kept = snapshot::strides(store, STRIDE).await?;
    let Some(missing) = (1..=last_stride / STRIDE)
        .map(|k| k * STRIDE)
        .find(|position| kept.binary_search(position).is_err())
    else {
        return Ok(0);
    };
    let (from, models) = snapshot::nearest(store, missing).await?.unwrap_or_default();
    let written = std::sync::atomic::AtomicU64::new(0);
    fold_between(
        store,
        models,
        from,
        last_stride,
        |position, models| match serde_json::to_vec(models) {
            Ok(encoded) => {
                written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::debug!(position, "history snapshot");
                Some(encoded)
            }
            Err(error) => {
                tracing::warn!(position, %error, "cannot encode a history snapshot");
                None
            }
        },
    )
    .await?;
    let written = written.into_inner();
    if written > 0 {
        tracing::info!(
            "history: {} snapshots written, up to position {}",
            written,
            thousands(last_stride)
        );
    }
    Ok(written)
}

/// Keeps a snapshot at every multiple of [`STRIDE`] while the log grows; never ends.
pub async fn keep_recording(store: EventStore) {
    let mut tick = tokio::time::interval(INTERVAL);
    loop {
        tick.tick().await;
        if let Err(error) = record(&store).await {
            tracing::warn!(%error, "cannot write the history snapshots");
        }
    }
}
