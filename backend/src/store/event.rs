use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::hash::Hash;

/// The id of one stream (one aggregate: an asset, a person, a policy document...).
/// Only built through [`StreamId::parse`], so an id in hand is always valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct StreamId(String);

impl StreamId {
    pub const MAX_LEN: usize = 200;

    pub fn parse(value: impl Into<String>) -> Result<Self, super::AppendError> {
        let value = value.into();
        let valid = !value.is_empty()
            && value.len() <= Self::MAX_LEN
            && value.starts_with(|c: char| c.is_ascii_alphanumeric())
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.:/".contains(c));
        if valid {
            Ok(Self(value))
        } else {
            Err(super::AppendError::InvalidStreamId(value))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StreamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Optimistic concurrency: what the caller believes the stream's version to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// No check.
    Any,
    /// The stream must not exist yet.
    NoStream,
    /// The stream's newest event must have exactly this version (1 = one event so far).
    Exact(u64),
}

impl ExpectedVersion {
    pub(super) fn matches(self, actual: u64) -> bool {
        match self {
            Self::Any => true,
            Self::NoStream => actual == 0,
            Self::Exact(version) => actual == version,
        }
    }
}

impl fmt::Display for ExpectedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("any"),
            Self::NoStream => f.write_str("no stream"),
            Self::Exact(version) => write!(f, "{version}"),
        }
    }
}

/// Where a command came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Web,
    Api,
    Cli,
    System,
}

/// Who did it, why, and as part of what: recorded with every event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The person or API client that issued the command; `None` for the system itself.
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub correlation_id: Option<Uuid>,
    #[serde(default)]
    pub causation_id: Option<Uuid>,
    #[serde(default)]
    pub trace_id: Option<String>,
    pub source: Source,
}

impl Metadata {
    pub fn system() -> Self {
        Self {
            actor: None,
            correlation_id: None,
            causation_id: None,
            trace_id: None,
            source: Source::System,
        }
    }

    pub fn by(actor: impl Into<String>, source: Source) -> Self {
        Self {
            actor: Some(actor.into()),
            ..Self::system().with_source(source)
        }
    }

    pub fn with_source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }
}

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Chosen by the caller, so that a retried append is recognised (idempotency).
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    /// Must be a JSON object.
    pub payload: serde_json::Value,
    pub metadata: Metadata,
}

impl NewEvent {
    pub fn new(
        event_type: impl Into<String>,
        schema_version: u32,
        payload: serde_json::Value,
        metadata: Metadata,
    ) -> Self {
        Self {
            event_id: Uuid::now_v7(),
            event_type: event_type.into(),
            schema_version,
            payload,
            metadata,
        }
    }
}

/// An event as it is stored: every field the hash covers, exactly as written (and so as an export
/// of the log carries it, for an auditor to hash again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub position: u64,
    pub stream_id: String,
    pub stream_version: u64,
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    /// Canonical JSON text (see [`super::hash`]).
    pub payload: String,
    pub metadata: String,
    /// Microseconds since the Unix epoch, UTC.
    pub recorded_at_micros: i64,
    pub prev_hash: Hash,
    pub hash: Hash,
}

/// An event as readers see it: decoded and upcast to the current schema version of its type.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedEvent {
    pub position: u64,
    pub stream_id: StreamId,
    pub stream_version: u64,
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    pub payload: serde_json::Value,
    pub metadata: Metadata,
    pub recorded_at: OffsetDateTime,
    pub hash: Hash,
}

/// What a successful append tells the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendOutcome {
    /// Global position of the batch's first event.
    pub first_position: u64,
    /// Global position of the batch's last event: wait for projections to reach this.
    pub last_position: u64,
    /// The stream's version after the batch: the next append's expected version.
    pub stream_version: u64,
}
