//! Domain events ↔ the log's records: the one codec of every area's events, for the write side
//! (commands) and the read side (projections) alike. An area's enum gets it by being declared with
//! `mamori_shared::domain_events!`.

pub use mamori_shared::events::DomainEvent;

use crate::store::{Metadata, NewEvent, RecordedEvent};

/// A domain event as a new entry of the log.
pub fn encode<E: DomainEvent>(event: &E, metadata: Metadata) -> NewEvent {
    NewEvent::new(
        event.event_type(),
        E::SCHEMA_VERSION,
        event.payload(),
        metadata,
    )
}

/// The domain event a record holds; `Ok(None)` if it is another enum's (another area's, or the
/// security log's).
pub fn decode<E: DomainEvent>(event: &RecordedEvent) -> Result<Option<E>, String> {
    E::from_stored(&event.event_type, &event.payload)
        .transpose()
        .map_err(|e| format!("{} at position {}: {e}", event.event_type, event.position))
}
