//! The transparency log: proofs as JSON (hashes in standard base64).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/log/consistency/{old_size}/{new_size}`: the tree of `old_size` entries is a prefix
/// of the tree of `new_size` (RFC 9162 §2.1.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    pub old_root: String,
    pub new_root: String,
    pub proof: Vec<String>,
}

/// `GET /api/v1/log/inclusion/{position}`: the event at `position` (entry `position - 1`) is in
/// the tree of `size` entries (RFC 9162 §2.1.3); `entry` is its chain hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InclusionProof {
    pub index: u64,
    pub size: u64,
    pub entry: String,
    pub root: String,
    pub proof: Vec<String>,
}

/// `POST /api/v1/log/cosignatures`: a checkpoint of this log with a witness's cosignature line(s)
/// added; answered with the newest checkpoint and every cosignature kept for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cosigned {
    /// A C2SP signed note.
    pub checkpoint: String,
}

/// `GET /api/v1/log/summary`: what the auditor's page shows of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogSummary {
    /// The log's name (the checkpoints' first line).
    pub origin: String,
    /// The verifier key auditors keep (C2SP signed-note vkey).
    pub verifier_key: String,
    /// Events in the log now.
    pub head: u64,
    /// The newest checkpoint: its tree size, root (base64), when it was signed (RFC 3339), and the
    /// note itself with its witnesses' cosignatures.
    pub checkpoint_size: u64,
    pub checkpoint_root: String,
    pub checkpoint_signed_at: String,
    pub checkpoint: String,
    /// The witnesses whose cosignatures the newest checkpoint carries.
    pub witnesses: Vec<String>,
}

/// One signed checkpoint of the history (`GET /api/v1/log/checkpoints`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckpointView {
    pub size: u64,
    /// Base64.
    pub root: String,
    /// RFC 3339.
    pub signed_at: String,
    /// The signed note, with its witnesses' cosignatures.
    pub checkpoint: String,
}

/// `GET /api/v1/log/events`: a page of the log's events that match, as timeline steps, in log order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogSearch {
    pub items: Vec<super::timeline::HistoryEntry>,
    /// The position to continue after (`?after=`), or none at the end of the log. A page scans a
    /// bounded stretch of the log, so it may hold fewer items than asked for, or none, and still
    /// have more after it.
    pub next: Option<u64>,
}
