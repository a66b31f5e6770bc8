//! Projections: what people look at, folded from the log and kept in memory.
//!
//! A projection is a pure fold ([`Projection::apply`]) over events. [`Projected`] feeds one from a
//! subscription and tracks the last position applied, so that a writer can wait until its own append
//! is visible ([`Projected::wait_for`]). Rebuilding is folding from position 0; a view "as of" position
//! N is [`fold`] up to N into a fresh instance. A projection that cannot apply an event stops, logs the
//! error and reports itself failed (readiness turns red): it never skips an event silently.
//!
//! Every projection of the server is fed by one subscription, started in one place,
//! [`registry::Projections`]: one read of the log, one position for all of them.

pub mod directory;
pub mod documents;
pub mod history;
pub mod integration;
mod log_summary;
pub mod names;
pub mod register;
pub mod registry;
pub mod snapshot;

pub use directory::Directory;
pub use documents::Documents;
pub use integration::Integration;
pub use log_summary::LogSummary;
pub use register::Register;
pub use registry::{Projections, ReadModels};

use std::pin::pin;
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::Duration;

use futures::StreamExt;
use thiserror::Error;
use tokio::sync::watch;

use crate::store::{EventStore, RecordedEvent, StoreError};

pub trait Projection: Send + Sync + 'static {
    /// Folds one event into the state. Events arrive in log order, each exactly once.
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError>;
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("cannot apply event at position {position}: {reason}")]
pub struct ProjectionError {
    pub position: u64,
    pub reason: String,
}

/// How far a running projection has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Every event up to and including this position is applied.
    At(u64),
    /// Stopped: the event after the last applied one could not be read or applied.
    Failed(String),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum WaitError {
    #[error("projection {name} did not reach position {position} within {timeout:?}")]
    Timeout {
        name: &'static str,
        position: u64,
        timeout: Duration,
    },
    #[error("projection {name} has stopped: {reason}")]
    Failed { name: &'static str, reason: String },
}

/// How many events the feeding task applies under one write lock: readers wait at most that long,
/// and a replay takes the lock once per batch rather than once per event.
const APPLY_BATCH: usize = 1_000;

thread_local! {
    /// How many read guards of the read models this thread holds.
    static READS_HELD: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A read of a projection's state. At most one per thread: a second read while one is held waits
/// behind a waiting writer, which waits for the first — a deadlock (std's lock favours writers).
/// Debug builds (and so every test) panic at the second read instead, naming the mistake; hand the
/// first guard's state (`World`) down instead of reading again.
pub struct Reading<'a, P> {
    guard: RwLockReadGuard<'a, P>,
}

impl<'a, P> Reading<'a, P> {
    pub(crate) fn of(lock: &'a RwLock<P>) -> Self {
        READS_HELD.with(|held| {
            debug_assert_eq!(
                held.get(),
                0,
                "a second read of the read models on one thread can deadlock: pass the first one's state down"
            );
            held.set(held.get() + 1);
        });
        Self {
            guard: lock.read().unwrap_or_else(|p| p.into_inner()),
        }
    }
}

impl<P> Drop for Reading<'_, P> {
    fn drop(&mut self) {
        READS_HELD.with(|held| held.set(held.get().saturating_sub(1)));
    }
}

impl<P> std::ops::Deref for Reading<'_, P> {
    type Target = P;

    fn deref(&self) -> &P {
        &self.guard
    }
}

/// A projection kept up to date by a subscription to the log.
pub struct Projected<P> {
    name: &'static str,
    state: Arc<RwLock<P>>,
    progress: watch::Receiver<Progress>,
}

impl<P> Clone for Projected<P> {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            state: self.state.clone(),
            progress: self.progress.clone(),
        }
    }
}

impl<P: Projection> Projected<P> {
    /// Starts folding the whole log into `initial`, then follows new events.
    pub fn start(store: &EventStore, name: &'static str, initial: P) -> Self {
        Self::start_after(store, name, initial, 0)
    }

    /// Starts from `initial` as the fold of the log up to `position` (a snapshot), then folds the
    /// events after it and follows new ones.
    pub fn start_after(store: &EventStore, name: &'static str, initial: P, position: u64) -> Self {
        let state = Arc::new(RwLock::new(initial));
        let (progress_tx, progress) = watch::channel(Progress::At(position));
        let events = store.subscribe(position).ready_chunks(APPLY_BATCH);
        let target = state.clone();
        tokio::spawn(async move {
            let mut events = pin!(events);
            while let Some(batch) = events.next().await {
                let applied = {
                    let mut state = target.write().unwrap_or_else(|p| p.into_inner());
                    apply_batch(&mut *state, batch)
                };
                match applied {
                    Ok(Some(position)) => {
                        progress_tx.send_replace(Progress::At(position));
                    }
                    Ok(None) => {}
                    Err((last, reason)) => {
                        tracing::error!(projection = name, %reason, "projection stopped");
                        if let Some(position) = last {
                            progress_tx.send_replace(Progress::At(position));
                        }
                        progress_tx.send_replace(Progress::Failed(reason));
                        return;
                    }
                }
            }
        });
        Self {
            name,
            state,
            progress,
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The current state, for reading. Hold it briefly: the projection cannot advance meanwhile.
    pub fn read(&self) -> Reading<'_, P> {
        Reading::of(&self.state)
    }

    /// The shared state itself, for views onto parts of it.
    pub(crate) fn shared(&self) -> &Arc<RwLock<P>> {
        &self.state
    }

    pub fn progress(&self) -> Progress {
        self.progress.borrow().clone()
    }

    /// Waits until every event up to `position` is applied (read-your-own-writes after an append).
    pub async fn wait_for(&self, position: u64, timeout: Duration) -> Result<(), WaitError> {
        match tokio::time::timeout(timeout, self.reach(position)).await {
            Ok(reached) => reached,
            Err(_) => Err(WaitError::Timeout {
                name: self.name,
                position,
                timeout,
            }),
        }
    }

    /// Waits, however long it takes, until every event up to `position` is applied, or the
    /// projection fails.
    pub async fn reach(&self, position: u64) -> Result<(), WaitError> {
        let mut progress = self.progress.clone();
        let reached = progress
            .wait_for(|p| match p {
                Progress::At(at) => *at >= position,
                Progress::Failed(_) => true,
            })
            .await
            .map(|p| p.clone());
        match reached {
            Ok(Progress::At(_)) => Ok(()),
            Ok(Progress::Failed(reason)) => Err(WaitError::Failed {
                name: self.name,
                reason,
            }),
            // The feeding task ended: only possible after a failure, already reported.
            Err(_) => Err(WaitError::Failed {
                name: self.name,
                reason: "the projection's task has ended".into(),
            }),
        }
    }
}

/// Applies a batch in order; the last position applied, or where and why it stopped.
fn apply_batch<P: Projection>(
    state: &mut P,
    batch: Vec<Result<RecordedEvent, StoreError>>,
) -> Result<Option<u64>, (Option<u64>, String)> {
    let mut last = None;
    for item in batch {
        let event = item.map_err(|e| (last, e.to_string()))?;
        state.apply(&event).map_err(|e| (last, e.to_string()))?;
        last = Some(event.position);
    }
    Ok(last)
}

#[derive(Debug, Error)]
pub enum FoldError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Projection(#[from] ProjectionError),
}

/// Folds the log from the start up to `until` (inclusive; `None` = everything now in the log) into
/// `initial`: a rebuild, or a view as of a past position.
pub async fn fold<P: Projection>(
    store: &EventStore,
    mut initial: P,
    until: Option<u64>,
) -> Result<P, FoldError> {
    let mut events = pin!(store.read_until(0, until.unwrap_or(i64::MAX as u64)));
    while let Some(event) = events.next().await {
        initial.apply(&event?)?;
    }
    Ok(initial)
}
