//! 連携システム (client systems): the systems of other bodies that call the API with tokens of
//! their own, their tokens (issued, rotated, revoked), their webhook subscriptions and the
//! delivery log. Managed by the CISO and the 統括; seen by those Cedar lets (`clients.view`).

pub mod detail;
pub mod list;
pub mod new;
pub mod routes;
pub mod secret;

use leptos::prelude::*;
use mamori_shared::integration::Scope;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::api::{self, ApiFailure};

/// The list of client systems.
pub const CLIENTS: &str = "/integrations";
/// The action that lets the caller register and change client systems (a view's `allowed`).
pub const CLIENTS_MANAGE: &str = "clients.manage";

/// The answer at the API path `path()` as text, one resource type for the area (see
/// `pages/documents::fetch`); read it with [`read`].
pub fn fetch(path: impl Fn() -> String + 'static) -> LocalResource<api::Text> {
    api::text_resource(Box::new(path))
}

/// What [`fetch`] got, read as `T` (reactive).
pub fn read<T: DeserializeOwned>(
    resource: LocalResource<api::Text>,
) -> Option<Result<T, ApiFailure>> {
    resource
        .get()
        .map(|answer| answer.and_then(|text| api::decode(&text)))
}

pub fn client_href(id: Uuid) -> String {
    format!("{CLIENTS}/{id}")
}

/// The API path of a client system.
pub fn client_api(id: Uuid) -> String {
    format!("/clients/{id}")
}

pub fn scope_key(scope: Scope) -> String {
    format!("scope.{}", scope.code())
}

/// The scopes, named in the user's language and joined (reactive where called).
pub fn scopes_text(i18n: crate::i18n::I18n, scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| i18n.t(&scope_key(*s)))
        .collect::<Vec<_>>()
        .join(match i18n.lang() {
            crate::i18n::Lang::Ja => "、",
            crate::i18n::Lang::En => ", ",
        })
}

/// A token's state as a badge: active, expired, revoked.
pub fn token_status(status: &str) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let key = format!("token.status.{status}");
    let class = match status {
        "active" => "badge badge-active",
        "revoked" => "badge badge-refused",
        _ => "badge badge-ended",
    };
    view! { <span class=class data-testid="token-status" data-status=status.to_owned()>{move || i18n.t(&key)}</span> }
}

/// A delivery's state as a badge: pending, delivered, failed, gone.
pub fn delivery_status(status: &str) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let key = format!("delivery.status.{status}");
    let class = match status {
        "delivered" => "badge badge-active",
        "pending" => "badge badge-upcoming",
        "failed" => "badge badge-refused",
        _ => "badge badge-ended",
    };
    view! { <span class=class data-testid="delivery-status" data-status=status.to_owned()>{move || i18n.t(&key)}</span> }
}
