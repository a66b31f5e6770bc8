//! The transparency log over HTTP (C2SP tlog-tiles under `/api/v1/log/`): the latest signed
//! checkpoint, the tiles and entry bundles, proofs for one event and between two sizes, and the
//! verifier key — hashes only; and what an auditor reads of the events themselves, limited by Cedar:
//! the export and the search.

mod log;
mod search;

use super::routes::ApiRoute;

pub(crate) fn routes() -> Vec<ApiRoute> {
    log::routes()
}
