//! How a client system shows: its tokens without their values, with their last use.

use mamori_shared::api::integration::{ClientView, SubscriptionView, TokenView};
use uuid::Uuid;

use crate::authz::{Action, Resource, World};
use crate::clock::{now_micros, rfc3339, today};
use crate::domain::integration::Client;
use crate::http::extract::Caller;
use crate::http::respond::Shown;
use crate::http::AppState;
use crate::projections::integration::{ClientEntry, SubscriptionEntry};

impl Shown for Client {
    type View = ClientView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/clients/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(ClientView, u64)> {
        let client = world.integration.clients.get(&id)?;
        let allowed = state.authz.permitted(
            world,
            caller.principal_id,
            Resource::organisation(),
            &[Action::CLIENTS_MANAGE],
            today(),
        );
        Some((client_view(state, client, allowed), client.version))
    }
}

pub fn client_view(state: &AppState, client: &ClientEntry, allowed: Vec<String>) -> ClientView {
    let now = now_micros();
    let uses = state.token_uses.get(client.tokens.iter().map(|t| t.id));
    ClientView {
        id: client.id,
        name: client.name.clone(),
        organisation: client.organisation.clone(),
        contact: client.contact.clone(),
        scopes: client.scopes.clone(),
        registered_at: rfc3339(client.registered_at),
        tokens: client
            .tokens
            .iter()
            .rev()
            .map(|t| {
                let used = uses.get(&t.id);
                TokenView {
                    id: t.id,
                    label: t.label.clone(),
                    prefix: t.prefix.clone(),
                    status: t.status(now).to_owned(),
                    issued_at: rfc3339(t.issued_at),
                    expires_at: rfc3339(t.expires_at),
                    revoked_at: t.revoked_at.map(rfc3339),
                    last_used_at: used.map(|(at, _)| rfc3339(*at)),
                    last_used_from: used.map(|(_, from)| from.clone()),
                    replaces: t.replaces,
                }
            })
            .collect(),
        subscriptions: client
            .subscriptions
            .iter()
            .rev()
            .map(subscription_view)
            .collect(),
        version: client.version,
        allowed: Some(allowed),
    }
}

pub fn subscription_view(s: &SubscriptionEntry) -> SubscriptionView {
    SubscriptionView {
        id: s.id,
        url: s.url.clone(),
        event_types: s.event_types.clone(),
        active: s.disabled.is_none(),
        disabled_reason: s.disabled.clone(),
        created_at: rfc3339(s.created_at),
    }
}
