//! 連携システム in Cedar: a client system is a principal of its own type (`Client`), decided only
//! for the actions the schema declares it for, and only when its token's scopes cover the action
//! ([`scope_of`]); its managers' actions; what reading its stream takes.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{Entity, EntityTypeName, RestrictedExpression};
use mamori_shared::integration::Scope;
use uuid::Uuid;

use super::entities::uid;
use super::{Action, Resource, StreamReading, World};

impl Action {
    /// See the client systems, their tokens (never a value), subscriptions and deliveries.
    pub const CLIENTS_VIEW: Self = Self::new("clients.view");
    /// Register and change them, issue, rotate and revoke tokens, subscribe and replay.
    pub const CLIENTS_MANAGE: Self = Self::new("clients.manage");
    /// Read the event feed (each event then decided by what reading its stream takes).
    pub const FEED_READ: Self = Self::new("feed.read");
}

/// The scope a token needs for `action`: every action the schema declares for a client has one
/// (a test holds the two lists together); `None` for the rest, which no token may do.
pub fn scope_of(action: Action) -> Option<Scope> {
    match action.code() {
        "assets.list" | "asset.view" => Some(Scope::AssetsRead),
        "documents.list" | "document.view" => Some(Scope::DocumentsRead),
        "feed.read" => Some(Scope::FeedRead),
        _ => None,
    }
}

/// Whether `principal`'s scopes cover `action`: always for a person; for a client system, when
/// one of its scopes is the action's (read from today's read models).
pub fn within_scopes(principals: World<'_>, principal: Uuid, action: Action) -> bool {
    match principals.integration.clients.get(&principal) {
        None => true,
        Some(client) => scope_of(action).is_some_and(|scope| client.scopes.contains(&scope)),
    }
}

pub(super) fn client_type() -> EntityTypeName {
    EntityTypeName::from_str(&format!("{}::Client", super::NAMESPACE)).expect("a valid type name")
}

/// The client `id` as a principal, if it is registered. Its scopes are not in it: they are checked
/// before Cedar is asked, so that no policy needs to repeat them.
pub(super) fn client_entity(world: World<'_>, id: Uuid) -> Option<Entity> {
    let client = world.integration.clients.get(&id)?;
    let attrs = HashMap::from([(
        "organisation".to_owned(),
        RestrictedExpression::new_string(client.organisation.clone()),
    )]);
    Entity::new(uid("Client", &id.to_string()), attrs, HashSet::new()).ok()
}

/// A client's events are read by those who see the clients.
pub(super) const STREAMS: &[StreamReading] = &[StreamReading {
    prefix: "client-",
    decided_on: |_, _| Some((Action::CLIENTS_VIEW, Resource::organisation())),
}];
