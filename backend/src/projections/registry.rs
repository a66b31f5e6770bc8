//! The one place where the server's projections are started.

use super::{LogSummary, Progress, Projected};
use crate::store::EventStore;

#[derive(Clone)]
pub struct Projections {
    pub log_summary: Projected<LogSummary>,
}

impl Projections {
    pub fn start(store: &EventStore) -> Self {
        Self {
            log_summary: Projected::start(store, "log_summary", LogSummary::default()),
        }
    }

    /// The first projection that has stopped, with its reason (for readiness).
    pub fn failure(&self) -> Option<(&'static str, String)> {
        match self.log_summary.progress() {
            Progress::Failed(reason) => Some((self.log_summary.name(), reason)),
            Progress::At(_) => None,
        }
    }
}
