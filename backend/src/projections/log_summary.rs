use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Projection, ProjectionError};
use crate::store::RecordedEvent;

/// What the log holds, in numbers: shown on the dashboard and used by replay benchmarks.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogSummary {
    pub events: u64,
    pub last_position: u64,
    pub streams: HashSet<String>,
    pub events_by_type: BTreeMap<String, u64>,
}

impl Projection for LogSummary {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        if event.position != self.last_position + 1 {
            return Err(ProjectionError {
                position: event.position,
                reason: format!("expected position {}", self.last_position + 1),
            });
        }
        self.events += 1;
        self.last_position = event.position;
        if !self.streams.contains(event.stream_id.as_str()) {
            self.streams.insert(event.stream_id.to_string());
        }
        // A replay folds millions of events of a few dozen types: no allocation per event.
        match self.events_by_type.get_mut(&event.event_type) {
            Some(count) => *count += 1,
            None => {
                self.events_by_type.insert(event.event_type.clone(), 1);
            }
        }
        Ok(())
    }
}
