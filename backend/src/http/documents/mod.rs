//! Policy documents (情報セキュリティポリシー): documents, revisions and the committee's review,
//! acknowledgements, training, and the public basic policy.

mod committee;
mod compliance;
mod library;
pub(crate) mod public;
mod revisions;
mod trainings;
pub(crate) mod views;

use super::routes::ApiRoute;

pub(crate) fn routes() -> Vec<ApiRoute> {
    [
        library::routes(),
        revisions::routes(),
        committee::routes(),
        compliance::routes(),
        trainings::routes(),
        public::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
