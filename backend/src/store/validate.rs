//! Checks every append before it reaches the writer, so a bad batch is refused without touching the
//! database.

use std::collections::HashSet;

use uuid::Uuid;

use super::error::AppendError;
use super::event::{ExpectedVersion, NewEvent, StreamId};
use super::hash::canonical_json;
use super::plan::{Group, Request};

/// Size limits of one append. An ISMS event is a few hundred bytes; the limits stop a runaway client
/// from filling the log, not legitimate use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Payload plus metadata of one event, in bytes of canonical JSON.
    pub max_event_bytes: usize,
    /// Events of one stream in one append.
    pub max_batch_events: usize,
    /// Events of one append over several streams (a scheme adoption reclassifies every asset).
    pub max_group_events: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_event_bytes: 256 * 1024,
            max_batch_events: 1_000,
            max_group_events: 20_000,
        }
    }
}

/// An event checked and encoded, ready to be hashed and written.
#[derive(Debug, Clone)]
pub(super) struct PreparedEvent {
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    pub payload: String,
    pub metadata: String,
}

/// Checks an append over several streams: each part as [`prepare`] does, except that a part may
/// have no events (it only checks its stream's version); the append as a whole needs one event,
/// at most `max_group_events`, and no event id twice.
pub(super) fn prepare_group(
    parts: Vec<(StreamId, ExpectedVersion, Vec<NewEvent>)>,
    limits: &Limits,
) -> Result<Group, AppendError> {
    let total: usize = parts.iter().map(|(_, _, events)| events.len()).sum();
    if total == 0 {
        return Err(AppendError::EmptyBatch);
    }
    if total > limits.max_group_events {
        return Err(AppendError::BatchTooLarge {
            count: total,
            limit: limits.max_group_events,
        });
    }
    let mut seen = HashSet::with_capacity(total);
    parts
        .into_iter()
        .map(|(stream, expected, events)| {
            let events = if events.is_empty() {
                StreamId::parse(stream.as_str())?;
                Vec::new()
            } else {
                prepare(&stream, events, limits)?
            };
            for event in &events {
                if !seen.insert(event.event_id) {
                    return Err(AppendError::DuplicateEventId(event.event_id));
                }
            }
            Ok(Request {
                stream,
                expected,
                events,
            })
        })
        .collect()
}

pub(super) fn prepare(
    stream: &StreamId,
    events: Vec<NewEvent>,
    limits: &Limits,
) -> Result<Vec<PreparedEvent>, AppendError> {
    // A StreamId is valid by construction; re-checking guards against one deserialised some other way.
    StreamId::parse(stream.as_str())?;
    if events.is_empty() {
        return Err(AppendError::EmptyBatch);
    }
    if events.len() > limits.max_batch_events {
        return Err(AppendError::BatchTooLarge {
            count: events.len(),
            limit: limits.max_batch_events,
        });
    }
    let mut seen = HashSet::with_capacity(events.len());
    events
        .into_iter()
        .map(|event| {
            if !seen.insert(event.event_id) {
                return Err(AppendError::DuplicateEventId(event.event_id));
            }
            if !valid_event_type(&event.event_type) {
                return Err(AppendError::InvalidEventType(event.event_type));
            }
            if !event.payload.is_object() {
                return Err(AppendError::PayloadNotObject {
                    event_id: event.event_id,
                });
            }
            let payload = canonical_json(&event.payload);
            let metadata = canonical_json(
                &serde_json::to_value(&event.metadata).expect("metadata always serialises"),
            );
            let size = payload.len() + metadata.len();
            if size > limits.max_event_bytes {
                return Err(AppendError::EventTooLarge {
                    event_id: event.event_id,
                    size,
                    limit: limits.max_event_bytes,
                });
            }
            Ok(PreparedEvent {
                event_id: event.event_id,
                event_type: event.event_type,
                schema_version: event.schema_version,
                payload,
                metadata,
            })
        })
        .collect()
}

fn valid_event_type(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}
