//! The log as a transparency log (RFC 9162, C2SP tlog-tiles / tlog-checkpoint): a Merkle tree
//! whose entries are the events' chain hashes, so that an outside party holding an earlier
//! checkpoint can tell whether the log was shortened or rewritten since.

/// The log's origin when none is configured (`MAMORI_LOG_ORIGIN`).
pub const DEFAULT_ORIGIN: &str = "mamori.localhost/log";

pub mod audit;
pub mod checkpoints;
pub mod merkle;
pub mod note;
pub mod tiles;
pub mod tree;
