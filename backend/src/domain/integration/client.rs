use std::collections::BTreeMap;

use mamori_shared::events::integration::{
    ClientChanged, ClientRegistered, IntegrationEvent, SubscriptionCreated, SubscriptionDisabled,
    TokenIssued, TokenRevoked,
};
use mamori_shared::integration::Scope;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{text_field, IntegrationError};
use crate::domain::Aggregate;

/// A client has at most this many tokens in use at once (rotation keeps it at one or two).
pub const MAX_TOKENS: usize = 20;
/// ... and this many subscriptions delivering.
pub const MAX_SUBSCRIPTIONS: usize = 20;
/// No token lives longer: an integration renews its tokens at least yearly.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::days(366);

/// A client system (連携システム), its tokens and its subscriptions.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Client {
    pub registered: bool,
    /// Each token's expiry, and whether it was revoked.
    pub tokens: BTreeMap<Uuid, (OffsetDateTime, bool)>,
    /// Each subscription, and whether it still delivers.
    pub subscriptions: BTreeMap<Uuid, bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientCommand {
    Register(ClientRegistered),
    Change(ClientChanged),
    /// The value was made at the edge; only its hash and its first characters come here.
    Issue {
        token: TokenIssued,
        now: OffsetDateTime,
    },
    Revoke {
        client_id: Uuid,
        token_id: Uuid,
        now: OffsetDateTime,
    },
    /// The URL was checked at the edge (its form, where it points).
    Subscribe(SubscriptionCreated),
    Unsubscribe(SubscriptionDisabled),
}

impl Client {
    fn active_tokens(&self, now: OffsetDateTime) -> usize {
        self.tokens
            .values()
            .filter(|(expires, revoked)| !revoked && *expires > now)
            .count()
    }
}

/// Name, organisation, contact and scopes as a client may have them.
fn valid_details(
    name: &str,
    organisation: &str,
    contact: &str,
    scopes: &[Scope],
) -> Result<(String, String, String, Vec<Scope>), IntegrationError> {
    let name = text_field(name, "name", 200, true)?;
    let organisation = text_field(organisation, "organisation", 200, true)?;
    let contact = text_field(contact, "contact", 200, false)?;
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(IntegrationError::InvalidField {
            field: "scopes",
            limit: "at least one scope",
        });
    }
    Ok((name, organisation, contact, scopes))
}

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

impl Aggregate for Client {
    type Key = Uuid;
    type Command = ClientCommand;
    type Event = IntegrationEvent;
    type Error = IntegrationError;

    fn stream_name(key: &Uuid) -> String {
        format!("client-{key}")
    }

    fn decide(&self, command: ClientCommand) -> Result<Vec<IntegrationEvent>, IntegrationError> {
        if !self.registered && !matches!(command, ClientCommand::Register(_)) {
            return Err(IntegrationError::NotFound);
        }
        match command {
            ClientCommand::Register(registered) => {
                if self.registered {
                    return Err(IntegrationError::AlreadyExists);
                }
                let (name, organisation, contact, scopes) = valid_details(
                    &registered.name,
                    &registered.organisation,
                    &registered.contact,
                    &registered.scopes,
                )?;
                Ok(vec![IntegrationEvent::ClientRegistered(ClientRegistered {
                    name,
                    organisation,
                    contact,
                    scopes,
                    ..registered
                })])
            }
            ClientCommand::Change(changed) => {
                let (name, organisation, contact, scopes) = valid_details(
                    &changed.name,
                    &changed.organisation,
                    &changed.contact,
                    &changed.scopes,
                )?;
                Ok(vec![IntegrationEvent::ClientChanged(ClientChanged {
                    name,
                    organisation,
                    contact,
                    scopes,
                    ..changed
                })])
            }
            ClientCommand::Issue { mut token, now } => {
                if self.tokens.contains_key(&token.token_id) {
                    return Err(IntegrationError::AlreadyExists);
                }
                token.label = text_field(&token.label, "label", 100, true)?;
                let expires = parse_time(&token.expires_at)
                    .filter(|at| *at > now && *at <= now + MAX_TOKEN_LIFETIME)
                    .ok_or(IntegrationError::InvalidField {
                        field: "expires_at",
                        limit: "a date-time (RFC 3339) in the future, at most 366 days away",
                    })?;
                let mut events = Vec::new();
                let mut active = self.active_tokens(now);
                if let Some(old) = token.replaces {
                    match self.tokens.get(&old) {
                        None => return Err(IntegrationError::NotFound),
                        Some((expires, revoked)) if *revoked || *expires <= now => {
                            return Err(IntegrationError::TokenNotActive)
                        }
                        Some(_) => active -= 1,
                    }
                    events.push(IntegrationEvent::TokenRevoked(TokenRevoked {
                        client_id: token.client_id,
                        token_id: old,
                    }));
                }
                if active >= MAX_TOKENS {
                    return Err(IntegrationError::TooManyTokens(MAX_TOKENS));
                }
                token.expires_at = crate::clock::rfc3339(
                    i64::try_from(expires.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX),
                );
                // The new token first: a reader of the log sees the replacement, then the revocation.
                events.insert(0, IntegrationEvent::TokenIssued(token));
                Ok(events)
            }
            ClientCommand::Revoke {
                client_id,
                token_id,
                now,
            } => match self.tokens.get(&token_id) {
                None => Err(IntegrationError::NotFound),
                Some((expires, revoked)) if *revoked || *expires <= now => {
                    Err(IntegrationError::TokenNotActive)
                }
                Some(_) => Ok(vec![IntegrationEvent::TokenRevoked(TokenRevoked {
                    client_id,
                    token_id,
                })]),
            },
            ClientCommand::Subscribe(subscription) => {
                if self
                    .subscriptions
                    .contains_key(&subscription.subscription_id)
                {
                    return Err(IntegrationError::AlreadyExists);
                }
                if self.subscriptions.values().filter(|on| **on).count() >= MAX_SUBSCRIPTIONS {
                    return Err(IntegrationError::TooManySubscriptions(MAX_SUBSCRIPTIONS));
                }
                let types = &subscription.event_types;
                let well_formed =
                    |t: &String| t == "*" || mamori_shared::integration::is_event_type(t);
                if types.is_empty() || types.len() > 50 || !types.iter().all(well_formed) {
                    return Err(IntegrationError::InvalidField {
                        field: "event_types",
                        limit: "1 to 50 event types (area.event_name), or \"*\"",
                    });
                }
                Ok(vec![IntegrationEvent::SubscriptionCreated(subscription)])
            }
            ClientCommand::Unsubscribe(disabled) => {
                match self.subscriptions.get(&disabled.subscription_id) {
                    None => Err(IntegrationError::NotFound),
                    Some(false) => Err(IntegrationError::SubscriptionOff),
                    Some(true) => Ok(vec![IntegrationEvent::SubscriptionDisabled(disabled)]),
                }
            }
        }
    }

    fn evolve(&mut self, event: &IntegrationEvent) {
        match event {
            IntegrationEvent::ClientRegistered(_) => self.registered = true,
            IntegrationEvent::ClientChanged(_) => {}
            IntegrationEvent::TokenIssued(e) => {
                let expires = parse_time(&e.expires_at).unwrap_or(OffsetDateTime::UNIX_EPOCH);
                self.tokens.insert(e.token_id, (expires, false));
            }
            IntegrationEvent::TokenRevoked(e) => {
                if let Some(token) = self.tokens.get_mut(&e.token_id) {
                    token.1 = true;
                }
            }
            IntegrationEvent::SubscriptionCreated(e) => {
                self.subscriptions.insert(e.subscription_id, true);
            }
            IntegrationEvent::SubscriptionDisabled(e) => {
                self.subscriptions.insert(e.subscription_id, false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const ID: Uuid = Uuid::from_u128(7);
    const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    fn registered() -> Client {
        let mut client = Client::default();
        let events = client
            .decide(ClientCommand::Register(ClientRegistered {
                client_id: ID,
                name: " 県庁 資産管理システム ".into(),
                organisation: "宮城県 総務部".into(),
                contact: "".into(),
                scopes: vec![Scope::FeedRead, Scope::AssetsRead, Scope::FeedRead],
            }))
            .unwrap();
        let IntegrationEvent::ClientRegistered(e) = &events[0] else {
            panic!()
        };
        assert_eq!(e.name, "県庁 資産管理システム");
        assert_eq!(e.scopes, vec![Scope::AssetsRead, Scope::FeedRead]);
        events.iter().for_each(|e| client.evolve(e));
        client
    }

    fn token(id: u128, expires_at: &str, replaces: Option<Uuid>) -> ClientCommand {
        ClientCommand::Issue {
            token: TokenIssued {
                client_id: ID,
                token_id: Uuid::from_u128(id),
                label: "本番".into(),
                prefix: "mamori_abcd".into(),
                sha256: "0".repeat(64),
                expires_at: expires_at.into(),
                replaces,
            },
            now: NOW,
        }
    }

    fn apply(client: &mut Client, command: ClientCommand) -> Vec<IntegrationEvent> {
        let events = client.decide(command).unwrap();
        events.iter().for_each(|e| client.evolve(e));
        events
    }

    #[test]
    fn a_client_needs_a_name_an_organisation_and_a_scope() {
        let refused = Client::default().decide(ClientCommand::Register(ClientRegistered {
            client_id: ID,
            name: "x".into(),
            organisation: "y".into(),
            contact: "".into(),
            scopes: vec![],
        }));
        assert!(matches!(
            refused,
            Err(IntegrationError::InvalidField {
                field: "scopes",
                ..
            })
        ));
        assert_eq!(
            Client::default().decide(ClientCommand::Revoke {
                client_id: ID,
                token_id: ID,
                now: NOW
            }),
            Err(IntegrationError::NotFound)
        );
    }

    #[test]
    fn a_token_expires_within_a_year_and_is_revoked_once() {
        let mut client = registered();
        for bad in ["2026-12-01T08:00:00Z", "2028-01-01T00:00:00Z", "明日"] {
            assert!(matches!(
                client.decide(token(1, bad, None)),
                Err(IntegrationError::InvalidField {
                    field: "expires_at",
                    ..
                })
            ));
        }
        let issued = apply(&mut client, token(1, "2027-06-01T09:00:00+09:00", None));
        let IntegrationEvent::TokenIssued(e) = &issued[0] else {
            panic!()
        };
        assert_eq!(e.expires_at, "2027-06-01T00:00:00Z", "kept in UTC");
        let revoke = ClientCommand::Revoke {
            client_id: ID,
            token_id: Uuid::from_u128(1),
            now: NOW,
        };
        apply(&mut client, revoke.clone());
        assert_eq!(client.decide(revoke), Err(IntegrationError::TokenNotActive));
    }

    #[test]
    fn a_rotation_issues_the_new_token_and_revokes_the_old_in_one_decision() {
        let mut client = registered();
        apply(&mut client, token(1, "2027-06-01T00:00:00Z", None));
        let events = apply(
            &mut client,
            token(2, "2027-06-01T00:00:00Z", Some(Uuid::from_u128(1))),
        );
        assert!(matches!(&events[..], [
            IntegrationEvent::TokenIssued(new),
            IntegrationEvent::TokenRevoked(old),
        ] if new.token_id == Uuid::from_u128(2) && old.token_id == Uuid::from_u128(1)));
        assert_eq!(
            client.decide(token(3, "2027-06-01T00:00:00Z", Some(Uuid::from_u128(1)))),
            Err(IntegrationError::TokenNotActive),
            "a revoked token is not rotated"
        );
    }

    #[test]
    fn active_tokens_are_bounded() {
        let mut client = registered();
        for id in 0..MAX_TOKENS as u128 {
            apply(&mut client, token(100 + id, "2027-06-01T00:00:00Z", None));
        }
        assert_eq!(
            client.decide(token(1, "2027-06-01T00:00:00Z", None)),
            Err(IntegrationError::TooManyTokens(MAX_TOKENS))
        );
        // A rotation keeps the count.
        apply(
            &mut client,
            token(1, "2027-06-01T00:00:00Z", Some(Uuid::from_u128(100))),
        );
    }

    #[test]
    fn a_subscription_names_event_types_and_is_turned_off_once() {
        let mut client = registered();
        let subscribe = |types: &[&str]| {
            ClientCommand::Subscribe(SubscriptionCreated {
                client_id: ID,
                subscription_id: Uuid::from_u128(9),
                url: "https://example.jp/hook".into(),
                event_types: types.iter().map(|t| (*t).to_owned()).collect(),
                from_position: 10,
            })
        };
        for bad in [&[][..], &["Assets Registered"], &[""]] {
            assert!(matches!(
                client.decide(subscribe(bad)),
                Err(IntegrationError::InvalidField {
                    field: "event_types",
                    ..
                })
            ));
        }
        apply(&mut client, subscribe(&["assets.asset_registered", "*"]));
        let off = ClientCommand::Unsubscribe(SubscriptionDisabled {
            client_id: ID,
            subscription_id: Uuid::from_u128(9),
            reason: "gone".into(),
        });
        apply(&mut client, off.clone());
        assert_eq!(client.decide(off), Err(IntegrationError::SubscriptionOff));
    }
}
