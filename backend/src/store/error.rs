use thiserror::Error;

use super::event::StreamId;

/// Failures of the store itself: the database, or data in it that cannot be decoded.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored event at position {position} cannot be decoded: {reason}")]
    Corrupt { position: u64, reason: String },
    #[error("cannot upcast {event_type} v{from_version} at position {position}: {reason}")]
    Upcast {
        position: u64,
        event_type: String,
        from_version: u32,
        reason: String,
    },
    #[error("the append could not be committed: {0}")]
    Commit(String),
    #[error("a read of the log failed: {0}")]
    Read(String),
    #[error("the event store's writer has stopped")]
    WriterStopped,
}

/// Why an append was refused. Nothing of the batch is written in any of these cases.
#[derive(Debug, Error)]
pub enum AppendError {
    #[error("stream {stream} is at version {actual}, expected {expected}")]
    Conflict {
        stream: StreamId,
        expected: String,
        actual: u64,
    },
    #[error("invalid stream id {0:?}: 1 to 200 characters, letters, digits and - _ . : / only, starting with a letter or digit")]
    InvalidStreamId(String),
    #[error("invalid event type {0:?}: 1 to 100 characters, letters, digits, '.' and '_' only")]
    InvalidEventType(String),
    #[error("the payload of event {event_id} is not a JSON object")]
    PayloadNotObject { event_id: uuid::Uuid },
    #[error("event {event_id} is {size} bytes, over the limit of {limit}")]
    EventTooLarge {
        event_id: uuid::Uuid,
        size: usize,
        limit: usize,
    },
    #[error("a batch holds {count} events, over the limit of {limit}")]
    BatchTooLarge { count: usize, limit: usize },
    #[error("an append needs at least one event")]
    EmptyBatch,
    #[error("event id {0} appears twice in the batch")]
    DuplicateEventId(uuid::Uuid),
    #[error("event id {event_id} is already in the log, but not as this batch (stream {stream}, or a different set of events)")]
    IdempotencyMismatch {
        event_id: uuid::Uuid,
        stream: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}
