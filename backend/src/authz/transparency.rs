//! The transparency log's Cedar action: decided on the organisation, since the tree, its
//! checkpoints and proofs are one record of the whole log (and hold hashes only).

use super::{Action, Resource, StreamReading};

impl Action {
    pub const LOG_READ: Self = Self::new("log.read");
    pub const LOG_COSIGN: Self = Self::new("log.cosign");
    pub const LOG_WITNESS: Self = Self::new("log.witness");
    pub const SECURITY_LOG_READ: Self = Self::new("security_log.read");
}

/// The security log (sign-in attempts, refusals: who tried what, from where) is read by those the
/// policies name; in an export, others see only its hashes.
pub(super) const STREAMS: &[StreamReading] = &[StreamReading {
    prefix: mamori_shared::events::security::STREAM,
    decided_on: |_, _| Some((Action::SECURITY_LOG_READ, Resource::organisation())),
}];
