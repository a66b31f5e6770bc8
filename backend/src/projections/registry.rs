//! The one place where the server's projections are started. They are fed together, by one
//! subscription, into one state behind one lock ([`ReadModels`]): every reader sees the directory
//! and the register at the same log position, and the log is read once, not once per projection.
//!
//! Start-up loads the newest valid snapshot ([`super::snapshot`]) and replays only the events
//! after it; until the projections have caught up with the head the log had at start-up, the server
//! is not ready ([`Projections::is_caught_up`]).

use std::ops::Deref;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{
    Directory, LogSummary, Progress, Projected, Projection, ProjectionError, Reading, Register,
    WaitError,
};
use crate::authz::World;
use crate::store::{EventStore, RecordedEvent};

/// How long a command waits for its own events to show before it answers "accepted" instead.
pub const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);

/// Declares the server's read models: the state folded together ([`ReadModels`]) and a view of each
/// ([`Views`]). A new projection is one line here (and a bump of [`ReadModels::VERSION`]).
macro_rules! read_models {
    ($($name:ident: $model:ty),* $(,)?) => {
        /// Every in-memory read model of the server, folded together.
        #[derive(Debug, Default, Clone, Serialize, Deserialize)]
        pub struct ReadModels {
            $(pub $name: $model,)*
        }

        impl Projection for ReadModels {
            fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
                $(self.$name.apply(event)?;)*
                Ok(())
            }
        }

        /// Each read model, readable on its own (`projections.directory.read()`).
        #[derive(Clone)]
        pub struct Views {
            $(pub $name: View<$model>,)*
        }

        impl Views {
            fn of(models: &Arc<RwLock<ReadModels>>) -> Self {
                Self {
                    $($name: View::of(models, |m| &m.$name),)*
                }
            }
        }
    };
}

read_models! {
    log_summary: LogSummary,
    directory: Directory,
    register: Register,
    documents: super::Documents,
    integration: super::Integration,
    names: super::names::Names,
}

impl ReadModels {
    /// Bumped whenever the shape of the state or what a projection makes of an event changes: a
    /// snapshot written by another version is then ignored and the log replayed.
    pub const VERSION: u32 = 7;
}

/// One read model of [`ReadModels`], readable on its own.
pub struct View<T> {
    models: Arc<RwLock<ReadModels>>,
    part: fn(&ReadModels) -> &T,
}

impl<T> Clone for View<T> {
    fn clone(&self) -> Self {
        Self {
            models: self.models.clone(),
            part: self.part,
        }
    }
}

impl<T> View<T> {
    fn of(models: &Arc<RwLock<ReadModels>>, part: fn(&ReadModels) -> &T) -> Self {
        Self {
            models: models.clone(),
            part,
        }
    }

    /// The current state, for reading. Hold it briefly, and never together with another view or a
    /// [`Snapshot`] (they share one lock): take a [`Projections::snapshot`] to read several.
    pub fn read(&self) -> ViewGuard<'_, T> {
        ViewGuard {
            guard: Reading::of(&self.models),
            part: self.part,
        }
    }
}

pub struct ViewGuard<'a, T> {
    guard: Reading<'a, ReadModels>,
    part: fn(&ReadModels) -> &T,
}

impl<T> Deref for ViewGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        (self.part)(&self.guard)
    }
}

#[derive(Clone)]
pub struct Projections {
    fed: Projected<ReadModels>,
    views: Views,
    /// Where the projections started: 0, or a snapshot's position.
    start_position: u64,
    /// The log's head when the projections started: caught up once they reach it.
    start_head: u64,
}

impl Projections {
    /// Starts folding the whole log (no snapshot).
    pub fn start(store: &EventStore) -> Self {
        Self::start_from(store, ReadModels::default(), 0)
    }

    /// Starts from `models`, the fold of the log up to `position`.
    pub fn start_from(store: &EventStore, models: ReadModels, position: u64) -> Self {
        let fed = Projected::start_after(store, "read_models", models, position);
        let views = Views::of(fed.shared());
        Self {
            views,
            fed,
            start_position: position,
            start_head: store.head(),
        }
    }

    /// The projections' failure, with its reason (for readiness).
    pub fn failure(&self) -> Option<(&'static str, String)> {
        match self.fed.progress() {
            Progress::Failed(reason) => Some((self.fed.name(), reason)),
            Progress::At(_) => None,
        }
    }

    /// The last position applied.
    pub fn position(&self) -> u64 {
        match self.fed.progress() {
            Progress::At(position) => position,
            Progress::Failed(_) => self.read().log_summary.last_position,
        }
    }

    /// Whether the projections have applied everything the log held at start-up.
    pub fn is_caught_up(&self) -> bool {
        matches!(self.fed.progress(), Progress::At(at) if at >= self.start_head)
    }

    /// Where the projections started from: 0, or the position of the snapshot they were loaded from.
    pub fn start_position(&self) -> u64 {
        self.start_position
    }

    /// The log's head at start-up.
    pub fn start_head(&self) -> u64 {
        self.start_head
    }

    /// Waits until the projections have caught up with the log's head at start-up, however long
    /// that takes, logging progress every few seconds; fails only if a projection fails.
    pub async fn catch_up(&self) -> Result<(), WaitError> {
        let target = self.start_head;
        let reached = self.fed.reach(target);
        tokio::pin!(reached);
        let mut tick = tokio::time::interval(Duration::from_secs(2));
        tick.tick().await;
        loop {
            tokio::select! {
                done = &mut reached => {
                    if done.is_ok() && target > 0 {
                        tracing::info!(
                            "caught up at position {} ({} events replayed): ready",
                            thousands(target),
                            thousands(target - self.start_position)
                        );
                    }
                    return done;
                }
                _ = tick.tick() => tracing::info!(
                    "replaying {} / {} events",
                    thousands(self.position()),
                    thousands(target)
                ),
            }
        }
    }

    /// Waits until every projection has applied `position` (read-your-own-writes).
    pub async fn wait_for(&self, position: u64) -> Result<(), WaitError> {
        self.fed.wait_for(position, SETTLE_TIMEOUT).await
    }

    /// Every read model at one position. Hold it briefly.
    pub fn read(&self) -> Reading<'_, ReadModels> {
        self.fed.read()
    }

    /// The directory and the register read together, for decisions that need both.
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot(self.read())
    }
}

impl Deref for Projections {
    type Target = Views;

    fn deref(&self) -> &Views {
        &self.views
    }
}

/// The read models at one position, for decisions that need several of them.
pub struct Snapshot<'a>(Reading<'a, ReadModels>);

impl Deref for Snapshot<'_> {
    type Target = ReadModels;

    fn deref(&self) -> &ReadModels {
        &self.0
    }
}

impl Snapshot<'_> {
    pub fn world(&self) -> World<'_> {
        World::now(&self.0)
    }
}

/// 1234567 → "1,234,567", for log lines people read.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_000_079), "1,000,079");
    }
}
