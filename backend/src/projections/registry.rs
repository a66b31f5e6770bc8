//! The one place where the server's projections are started.

use super::{Directory, LogSummary, Progress, Projected};
use crate::store::EventStore;

#[derive(Clone)]
pub struct Projections {
    pub log_summary: Projected<LogSummary>,
    pub directory: Projected<Directory>,
}

impl Projections {
    pub fn start(store: &EventStore) -> Self {
        Self {
            log_summary: Projected::start(store, "log_summary", LogSummary::default()),
            directory: Projected::start(store, "directory", Directory::default()),
        }
    }

    /// The first projection that has stopped, with its reason (for readiness).
    pub fn failure(&self) -> Option<(&'static str, String)> {
        [
            (self.log_summary.name(), self.log_summary.progress()),
            (self.directory.name(), self.directory.progress()),
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
        self.directory.wait_for(position, timeout).await
    }
}
