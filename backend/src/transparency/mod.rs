//! The log as a transparency log (RFC 9162, C2SP tlog-tiles / tlog-checkpoint): a Merkle tree
//! whose entries are the events' chain hashes, so that an outside party holding an earlier
//! checkpoint can tell whether the log was shortened or rewritten since.

pub mod merkle;
