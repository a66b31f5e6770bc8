//! The transparency log's Cedar action: decided on the organisation, since the tree, its
//! checkpoints and proofs are one record of the whole log (and hold hashes only).

use super::Action;

impl Action {
    pub const LOG_READ: Self = Self::new("log.read");
    pub const LOG_COSIGN: Self = Self::new("log.cosign");
}
