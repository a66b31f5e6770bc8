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
