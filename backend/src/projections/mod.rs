//! Projections: what people look at, folded from the log and kept in memory.
//!
//! A projection is a pure fold ([`Projection::apply`]) over events. [`Projected`] feeds one from a
//! subscription and tracks the last position applied, so that a writer can wait until its own append
//! is visible ([`Projected::wait_for`]). Rebuilding is folding from position 0; a view "as of" position
//! N is [`fold`] up to N into a fresh instance. A projection that cannot apply an event stops, logs the
//! error and reports itself failed (readiness turns red): it never skips an event silently.
//!
//! Every projection of the server is started in one place, [`registry::Projections`].

pub mod directory;
mod log_summary;
pub mod register;
pub mod registry;

pub use directory::Directory;
pub use log_summary::LogSummary;
pub use register::Register;
pub use registry::Projections;

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
        let state = Arc::new(RwLock::new(initial));
        let (progress_tx, progress) = watch::channel(Progress::At(0));
        let events = store.subscribe(0);
        let target = state.clone();
        tokio::spawn(async move {
            let mut events = pin!(events);
            while let Some(item) = events.next().await {
                let applied = item.map_err(|e| e.to_string()).and_then(|event| {
                    let mut state = target.write().unwrap_or_else(|p| p.into_inner());
                    state
                        .apply(&event)
                        .map(|()| event.position)
                        .map_err(|e| e.to_string())
                });
                match applied {
                    Ok(position) => {
                        progress_tx.send_replace(Progress::At(position));
                    }
                    Err(reason) => {
                        tracing::error!(projection = name, %reason, "projection stopped");
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
    pub fn read(&self) -> RwLockReadGuard<'_, P> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn progress(&self) -> Progress {
        self.progress.borrow().clone()
    }

    /// Waits until every event up to `position` is applied (read-your-own-writes after an append).
    pub async fn wait_for(&self, position: u64, timeout: Duration) -> Result<(), WaitError> {
        let mut progress = self.progress.clone();
        let reached = progress.wait_for(|p| match p {
            Progress::At(at) => *at >= position,
            Progress::Failed(_) => true,
        });
        let outcome = tokio::time::timeout(timeout, reached)
            .await
            .map(|r| r.map(|p| p.clone()));
        match outcome {
            Ok(Ok(progress)) => match progress {
                Progress::Failed(reason) => Err(WaitError::Failed {
                    name: self.name,
                    reason,
                }),
                Progress::At(_) => Ok(()),
            },
            // The feeding task ended: only possible after a failure, already reported.
            Ok(Err(_)) => Err(WaitError::Failed {
                name: self.name,
                reason: "the projection's task has ended".into(),
            }),
            Err(_) => Err(WaitError::Timeout {
                name: self.name,
                position,
                timeout,
            }),
        }
    }
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
