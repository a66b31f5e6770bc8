//! 連携システム as the server reads them: each client with its scopes, tokens and subscriptions,
//! and the tokens by the SHA-256 of their value (what a request's `Authorization` is looked up by).

use std::collections::{BTreeMap, HashMap};

use mamori_shared::events::integration::IntegrationEvent;
use mamori_shared::integration::Scope;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::register::micros;
use super::{Projection, ProjectionError};
use crate::codec;
use crate::store::RecordedEvent;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Integration {
    pub clients: BTreeMap<Uuid, ClientEntry>,
    /// SHA-256 (hex) of a token's value → (client, token).
    pub tokens_by_hash: HashMap<String, (Uuid, Uuid)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientEntry {
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    pub contact: String,
    pub scopes: Vec<Scope>,
    pub registered_at: i64,
    /// Oldest first.
    pub tokens: Vec<TokenEntry>,
    pub subscriptions: Vec<SubscriptionEntry>,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenEntry {
    pub id: Uuid,
    pub label: String,
    pub prefix: String,
    pub issued_at: i64,
    /// Microseconds since the epoch.
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub replaces: Option<Uuid>,
}

impl TokenEntry {
    /// Whether a request may use it at `now` (microseconds).
    pub fn is_active(&self, now: i64) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }

    /// active | expired | revoked
    pub fn status(&self, now: i64) -> &'static str {
        match self.revoked_at {
            Some(_) => "revoked",
            None if now >= self.expires_at => "expired",
            None => "active",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionEntry {
    pub id: Uuid,
    pub url: String,
    pub event_types: Vec<String>,
    pub from_position: u64,
    pub created_at: i64,
    pub disabled: Option<String>,
}

impl SubscriptionEntry {
    /// Whether it asks for events of `event_type`.
    pub fn wants(&self, event_type: &str) -> bool {
        self.event_types.iter().any(|t| t == "*" || t == event_type)
    }
}

impl Integration {
    /// The client and token a token's hash names.
    pub fn token(&self, sha256: &str) -> Option<(&ClientEntry, &TokenEntry)> {
        let (client, token) = self.tokens_by_hash.get(sha256)?;
        let client = self.clients.get(client)?;
        let token = client.tokens.iter().find(|t| t.id == *token)?;
        Some((client, token))
    }
}

fn parse_micros(text: &str) -> Option<i64> {
    let at =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(at.unix_timestamp_nanos() / 1_000).ok()
}

impl Projection for Integration {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        let failed = |reason: String| ProjectionError {
            position: event.position,
            reason,
        };
        let Some(domain_event) = codec::decode::<IntegrationEvent>(event).map_err(failed)? else {
            return Ok(());
        };
        let at = micros(event);
        let version = event.stream_version;
        if let IntegrationEvent::ClientRegistered(e) = &domain_event {
            self.clients.insert(
                e.client_id,
                ClientEntry {
                    id: e.client_id,
                    name: e.name.clone(),
                    organisation: e.organisation.clone(),
                    contact: e.contact.clone(),
                    scopes: e.scopes.clone(),
                    registered_at: at,
                    tokens: Vec::new(),
                    subscriptions: Vec::new(),
                    version,
                },
            );
            return Ok(());
        }
        let client_id = match &domain_event {
            IntegrationEvent::ClientRegistered(e) => e.client_id,
            IntegrationEvent::ClientChanged(e) => e.client_id,
            IntegrationEvent::TokenIssued(e) => e.client_id,
            IntegrationEvent::TokenRevoked(e) => e.client_id,
            IntegrationEvent::SubscriptionCreated(e) => e.client_id,
            IntegrationEvent::SubscriptionDisabled(e) => e.client_id,
        };
        let client = self
            .clients
            .get_mut(&client_id)
            .ok_or_else(|| failed(format!("unknown client {client_id}")))?;
        client.version = version;
        match domain_event {
            IntegrationEvent::ClientRegistered(_) => {}
            IntegrationEvent::ClientChanged(e) => {
                client.name = e.name;
                client.organisation = e.organisation;
                client.contact = e.contact;
                client.scopes = e.scopes;
            }
            IntegrationEvent::TokenIssued(e) => {
                let expires_at = parse_micros(&e.expires_at)
                    .ok_or_else(|| failed(format!("expires_at {:?}", e.expires_at)))?;
                self.tokens_by_hash
                    .insert(e.sha256, (e.client_id, e.token_id));
                client.tokens.push(TokenEntry {
                    id: e.token_id,
                    label: e.label,
                    prefix: e.prefix,
                    issued_at: at,
                    expires_at,
                    revoked_at: None,
                    replaces: e.replaces,
                });
            }
            IntegrationEvent::TokenRevoked(e) => {
                if let Some(token) = client.tokens.iter_mut().find(|t| t.id == e.token_id) {
                    token.revoked_at = Some(at);
                }
            }
            IntegrationEvent::SubscriptionCreated(e) => {
                client.subscriptions.push(SubscriptionEntry {
                    id: e.subscription_id,
                    url: e.url,
                    event_types: e.event_types,
                    from_position: e.from_position,
                    created_at: at,
                    disabled: None,
                });
            }
            IntegrationEvent::SubscriptionDisabled(e) => {
                if let Some(s) = client
                    .subscriptions
                    .iter_mut()
                    .find(|s| s.id == e.subscription_id)
                {
                    s.disabled = Some(e.reason);
                }
            }
        }
        Ok(())
    }
}
