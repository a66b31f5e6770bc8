//! An entity's timeline: each event of its streams with who, when, why, from where and under which
//! trace — naming people and departments as they were named then, never by bare ids.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One step of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryEntry {
    pub position: u64,
    /// The stream (the entity) the event is of: `asset-<id>`, `person-<id>`, ...
    #[serde(default)]
    pub stream_id: String,
    pub event_type: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub actor_id: Option<String>,
    /// The actor's name when they acted, or none for the system.
    pub actor_name: Option<String>,
    pub reason: Option<String>,
    /// Where the command came from: `web`, `cli`, `api`, `system`.
    #[serde(default)]
    pub source: String,
    /// The OpenTelemetry trace of the request that wrote it, if any.
    #[serde(default)]
    pub trace_id: Option<String>,
    pub data: serde_json::Value,
    /// The people and departments `data` names (by id), as they were named at the event.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// The event's hash in the log's chain.
    pub hash: String,
}
