//! The record's integrity (記録の検証): the transparency log as auditors, the committee and the
//! CISO check it — the verifier key, the newest signed checkpoint and its witnesses, and the export
//! the offline command checks, and a search of the log within what Cedar lets the reader read.

pub mod integrity;
pub mod routes;
pub mod search;
