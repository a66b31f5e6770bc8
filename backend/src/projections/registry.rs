//! The one place where the server's projections are started.

use std::sync::RwLockReadGuard;

use super::{Directory, LogSummary, Progress, Projected, Register};
use crate::authz::World;
use crate::store::EventStore;

#[derive(Clone)]
pub struct Projections {
    pub log_summary: Projected<LogSummary>,
    pub directory: Projected<Directory>,
    pub register: Projected<Register>,
}

impl Projections {
    pub fn start(store: &EventStore) -> Self {
        Self {
            log_summary: Projected::start(store, "log_summary", LogSummary::default()),
            directory: Projected::start(store, "directory", Directory::default()),
            register: Projected::start(store, "register", Register::default()),
        }
    }

    /// The first projection that has stopped, with its reason (for readiness).
    pub fn failure(&self) -> Option<(&'static str, String)> {
        [
            (self.log_summary.name(), self.log_summary.progress()),
            (self.directory.name(), self.directory.progress()),
            (self.register.name(), self.register.progress()),
        ]
        .into_iter()
        .find_map(|(name, progress)| match progress {
            Progress::Failed(reason) => Some((name, reason)),
            Progress::At(_) => None,
        })
    }

    /// Waits until every projection has applied `position` (read-your-own-writes).
    pub async fn wait_for(&self, position: u64) -> Result<(), super::WaitError> {
        let timeout = std::time::Duration::from_secs(10);
        self.log_summary.wait_for(position, timeout).await?;
        self.directory.wait_for(position, timeout).await?;
        self.register.wait_for(position, timeout).await
    }
}

/// The directory and the register read together, for decisions that need both.
pub struct Snapshot<'a> {
    pub directory: RwLockReadGuard<'a, Directory>,
    pub register: RwLockReadGuard<'a, Register>,
}

impl Snapshot<'_> {
    pub fn world(&self) -> World<'_> {
        World {
            directory: &self.directory,
            register: &self.register,
        }
    }
}

impl Projections {
    /// Reads the directory, then the register (always in this order). Hold it briefly.
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            directory: self.directory.read(),
            register: self.register.read(),
        }
    }
}
