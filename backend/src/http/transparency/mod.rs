//! The transparency log over HTTP (C2SP tlog-tiles under `/api/v1/log/`): the latest signed
//! checkpoint, the tiles and entry bundles, proofs for one event and between two sizes, and the
//! verifier key. Everything here is hashes: reading it reveals no event's content.

mod log;

use super::routes::ApiRoute;

pub(crate) fn routes() -> Vec<ApiRoute> {
    log::routes()
}
