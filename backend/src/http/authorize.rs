//! The authorizing layer every `Permit` route runs before its handler: it resumes the session (401
//! without one), checks the CSRF token of state-changing requests (403, recorded in the security
//! log, without it), resolves the route's [`Target`] to a Cedar resource and asks Cedar (403,
//! recorded, when refused; 404 for a resource whose kind hides what the caller may not see).

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mamori_shared::events::security::{AuthorizationDenied, CsrfRefused, TokenRefused};
use std::net::{IpAddr, SocketAddr};
use uuid::Uuid;

use super::as_of::{self, AsOf};
use super::error::ApiError;
use super::extract::{Caller, Via};
use super::routes::{Access, Target};
use super::{AppState, TrustedProxies};
use crate::auth::api_tokens::{self, Bearer};
use crate::auth::{security_log, sessions, CSRF_HEADER, SESSION_COOKIE};
use crate::authz::{integration, Action, Resource};
use crate::clock::{now_micros, today};

pub(super) async fn authorize(
    State((state, access, as_of)): State<(AppState, Access, bool)>,
    request: Request,
    next: Next,
) -> Response {
    match check(&state, access, as_of, request).await {
        Ok((request, past)) => {
            let mut response = next.run(request).await;
            if let Some(position) = past {
                response
                    .headers_mut()
                    .insert(as_of::HEADER, axum::http::HeaderValue::from(position));
            }
            response
        }
        Err(error) => error.into_response(),
    }
}

/// The request, let through, and the log position it is answered as of (an as-of view).
async fn check(
    state: &AppState,
    access: Access,
    declares_as_of: bool,
    request: Request,
) -> Result<(Request, Option<u64>), ApiError> {
    let Access::Permit(action, target) = access else {
        return Ok((request, None));
    };
    let (mut parts, body) = request.into_parts();
    let address = client_address(&parts, &state.settings.trusted_proxies);
    let now = now_micros();
    let via = match api_tokens::bearer(&parts.headers) {
        Bearer::Token(sha256) => {
            client_token(state, action, &sha256, &parts, &address, now).await?
        }
        Bearer::Malformed => return Err(ApiError::InvalidToken),
        Bearer::Absent => {
            let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
                // Without a session, only what the policies make public to a visitor, and only
                // to read.
                let public = parts.method.is_safe()
                    && matches!(target, Target::Organisation)
                    && state.authz.admits_visitor(action)
                    && state.authz.visitor_allowed(
                        state.projections.snapshot().world(),
                        action,
                        Resource::organisation(),
                    );
                return if public {
                    Ok((Request::from_parts(parts, body), None))
                } else {
                    Err(ApiError::Unauthenticated)
                };
            };
            let session =
                sessions::resume(state.store.database(), &token, state.settings.sessions, now)
                    .await?
                    .ok_or(ApiError::Unauthenticated)?;
            if !parts.method.is_safe() {
                check_csrf(state, &parts, &session, &address).await?;
            }
            Via::Session(session)
        }
    };
    let principal_id = match &via {
        Via::Session(session) => session.person_id,
        Via::Token { client_id, .. } => *client_id,
    };
    let past = as_of::take(state, &mut parts, declares_as_of).await?;
    let params = RawPathParams::from_request_parts(&mut parts, state)
        .await
        .map_err(|_| ApiError::NotFound)?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| *key == name)
            .and_then(|(_, value)| Uuid::parse_str(value).ok())
            .ok_or(ApiError::NotFound)
    };
    let decision = {
        let seen = past.as_ref().map_or_else(AsOf::default, Clone::clone);
        let seen = seen.read(state);
        let world = seen.world();
        let day = today();
        let allowed = |action, resource| {
            state
                .authz
                .is_allowed(world, principal_id, action, resource, day)
        };
        let (action, resource) = match target {
            Target::Organisation => (action, Some(Resource::organisation())),
            Target::Caller => (action, Some(Resource::person(principal_id))),
            Target::Path(name, kind) => (action, Some(Resource::of(kind, param(name)?))),
            Target::Via(name, kind, find) => (
                action,
                find(world, param(name)?).map(|id| Resource::of(kind, id)),
            ),
            Target::PathOrOrganisation(name, kind, instead) => {
                let resource = Resource::of(kind, param(name)?);
                let seen = resource.exists(world)
                    && kind
                        .hidden_unless
                        .is_none_or(|view| allowed(view, resource));
                if seen {
                    (action, Some(resource))
                } else {
                    // Nothing about the resource, not even whether it exists, may shape the answer.
                    (instead, Some(Resource::organisation()))
                }
            }
        };
        // The kind decided on: the resource's (after a fallback to the organisation), else the
        // route's when what it names is missing.
        let hidden = resource
            .map_or(target.kind(), |resource| Some(resource.kind))
            .and_then(|kind| kind.hidden_unless);
        let active = match via {
            Via::Session(_) => world
                .principals()
                .directory
                .people
                .get(&principal_id)
                .is_some_and(|p| p.active),
            Via::Token { .. } => true,
        };
        match resource.filter(|resource| resource.exists(world)) {
            _ if !active => Verdict::Deactivated,
            None => {
                // Say "not found" only to those who may see the organisation (no probing for ids);
                // a hidden kind is always "not found", as a hidden one is.
                Verdict::Missing(
                    if hidden.is_some()
                        || allowed(Action::ORGANISATION_VIEW, Resource::organisation())
                    {
                        ApiError::NotFound
                    } else {
                        ApiError::Forbidden
                    },
                )
            }
            Some(resource) if allowed(action, resource) => Verdict::Allowed,
            Some(resource) => Verdict::Denied(
                action,
                resource,
                match hidden {
                    // A resource the caller may not see does not exist for them.
                    Some(view) if action == view || !allowed(view, resource) => ApiError::NotFound,
                    _ => ApiError::Forbidden,
                },
            ),
        }
    };
    let caller = Caller {
        principal_id,
        via,
        address,
    };
    match decision {
        Verdict::Allowed => {}
        Verdict::Deactivated => {
            // The person was deactivated: their sessions end now, not at the next timeout.
            sessions::end_all(state.store.database(), principal_id, now).await?;
            return Err(ApiError::Unauthenticated);
        }
        Verdict::Missing(answer) => return Err(answer),
        Verdict::Denied(action, resource, answer) => {
            record_refusal(state, &caller, action, resource).await;
            return Err(answer);
        }
    }
    parts.extensions.insert(caller);
    let position = past.as_ref().and_then(|p| p.past()).map(|p| p.position);
    if let Some(past) = past {
        parts.extensions.insert(past);
    }
    Ok((Request::from_parts(parts, body), position))
}

/// A state-changing request of a session must carry its CSRF token (a token never needs one: no
/// browser sends it on its own).
async fn check_csrf(
    state: &AppState,
    parts: &Parts,
    session: &sessions::Session,
    address: &str,
) -> Result<(), ApiError> {
    let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if sent.is_some_and(|sent| constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes())) {
        return Ok(());
    }
    security_log::csrf_refused(
        &state.store,
        CsrfRefused {
            person_id: session.person_id,
            method: parts.method.to_string(),
            path: original_path(parts),
            address: address.to_owned(),
        },
    )
    .await;
    Err(ApiError::Csrf)
}

/// The path as the client sent it (`parts.uri` lost the `/api/v1` it is nested under).
fn original_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<OriginalUri>()
        .map_or(parts.uri.path(), |OriginalUri(uri)| uri.path())
        .to_owned()
}

/// A client system's token: known, live, with the scope `action` needs, within its client's rate.
/// Every refusal is recorded (boundedly: [`api_tokens::RefusalGate`]); every use updates the
/// token's last use.
async fn client_token(
    state: &AppState,
    action: Action,
    sha256: &str,
    parts: &Parts,
    address: &str,
    now: i64,
) -> Result<Via, ApiError> {
    let found = {
        let snapshot = state.projections.snapshot();
        let world = snapshot.world();
        world.integration.token(sha256).map(|(client, token)| {
            (
                client.id,
                token.id,
                token.status(now),
                integration::within_scopes(world, client.id, action),
                integration::scope_of(action),
            )
        })
    };
    let refuse = |reason: &'static str, client: Option<(Uuid, Uuid)>, gate_key: String| {
        let recorded = state.token_refusals.admit(&gate_key);
        let event = TokenRefused {
            reason: reason.to_owned(),
            client_id: client.map(|c| c.0),
            token_id: client.map(|c| c.1),
            action: matches!(reason, "insufficient_scope").then(|| action.code().to_owned()),
            resource: None,
            method: parts.method.to_string(),
            path: original_path(parts),
            address: address.to_owned(),
        };
        async move {
            if recorded {
                security_log::token_refused(&state.store, event).await;
            }
        }
    };
    let Some((client_id, token_id, status, scoped, scope)) = found else {
        refuse("unknown", None, format!("unknown:{address}")).await;
        return Err(ApiError::InvalidToken);
    };
    let ids = Some((client_id, token_id));
    if status != "active" {
        refuse(status, ids, format!("{token_id}:{status}")).await;
        return Err(ApiError::InvalidToken);
    }
    if !scoped {
        let key = format!("{token_id}:scope:{}", action.code());
        refuse("insufficient_scope", ids, key).await;
        return Err(ApiError::InsufficientScope {
            scope: scope.map_or("none", |s| s.code()),
        });
    }
    if let Err(wait) = state.client_limiter.take(client_id) {
        return Err(ApiError::ClientRateLimited {
            retry_after: wait.as_secs().max(1),
        });
    }
    let recorded = state
        .token_uses
        .record(state.store.database(), token_id, now, address)
        .await;
    if let Err(error) = recorded {
        // The request is answered all the same: the last use is what the screen shows, not a rule.
        tracing::warn!(%error, "cannot record a token's use");
    }
    Ok(Via::Token {
        client_id,
        token_id,
    })
}

/// Whether a long-lived answer (a live stream) may go on: its session is live, or its token is
/// still active. A database error is tried again a few times (a busy pool, a reconnect), then ends
/// the stream: it fails closed, and the client reconnects.
pub async fn still_signed_in(state: &AppState, caller: &Caller) -> bool {
    let session = match &caller.via {
        Via::Session(session) => session.id,
        Via::Token {
            client_id,
            token_id,
        } => {
            let integration = state.projections.integration.read();
            return integration.clients.get(client_id).is_some_and(|client| {
                client
                    .tokens
                    .iter()
                    .any(|t| t.id == *token_id && t.is_active(now_micros()))
            });
        }
    };
    let mut pause = std::time::Duration::from_millis(100);
    let mut tries = 0;
    loop {
        tries += 1;
        match sessions::is_live(
            state.store.database(),
            session,
            state.settings.sessions,
            now_micros(),
        )
        .await
        {
            Ok(live) => return live,
            Err(error) if tries < 4 => {
                tracing::debug!(%error, "cannot check a live stream's session; trying again");
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot check a live stream's session; the stream ends");
                return false;
            }
        }
    }
}

/// A second decision a handler needs besides the route's own (e.g. an owner change is decided on
/// the department the asset goes to as well): asked of Cedar, and refused like the route's, 403 and
/// recorded in the security log.
pub async fn authorize_also(
    state: &AppState,
    caller: &Caller,
    action: Action,
    resource: Resource,
) -> Result<(), ApiError> {
    let allowed = {
        let snapshot = state.projections.snapshot();
        state.authz.is_allowed(
            snapshot.world(),
            caller.principal_id,
            action,
            resource,
            today(),
        )
    };
    if allowed {
        return Ok(());
    }
    record_refusal(state, caller, action, resource).await;
    Err(ApiError::Forbidden)
}

async fn record_refusal(state: &AppState, caller: &Caller, action: Action, resource: Resource) {
    match caller.via {
        Via::Session(_) => {
            security_log::authorization_denied(
                &state.store,
                AuthorizationDenied {
                    person_id: caller.principal_id,
                    action: action.code().to_owned(),
                    resource: resource.to_string(),
                    address: caller.address.clone(),
                },
            )
            .await;
        }
        Via::Token {
            client_id,
            token_id,
        } => {
            // A client's refusals, as its bad tokens', are recorded boundedly: a loop in an
            // integration must not fill the log.
            let key = format!("{token_id}:forbidden:{}:{resource}", action.code());
            if state.token_refusals.admit(&key) {
                security_log::token_refused(
                    &state.store,
                    TokenRefused {
                        reason: "forbidden".to_owned(),
                        client_id: Some(client_id),
                        token_id: Some(token_id),
                        action: Some(action.code().to_owned()),
                        resource: Some(resource.to_string()),
                        method: String::new(),
                        path: String::new(),
                        address: caller.address.clone(),
                    },
                )
                .await;
            }
        }
    }
}

enum Verdict {
    Allowed,
    Deactivated,
    /// The resource does not exist: the answer to give.
    Missing(ApiError),
    /// Cedar refused the action on the resource: recorded, then the answer to give.
    Denied(Action, Resource, ApiError),
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The client's IP address: the TCP peer's, or — when the peer is a trusted proxy — the rightmost
/// address of `Forwarded: for=` (else `X-Forwarded-For`) that is not itself a trusted proxy. Each
/// trusted proxy appends the address it saw; whatever lies left of the first untrusted one was
/// written by the client and proves nothing. The one place that says who a request comes from.
pub fn client_address(parts: &Parts, trusted: &TrustedProxies) -> String {
    let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".to_owned();
    };
    let mut client = peer.ip().to_canonical();
    if trusted.contains(client) {
        for hop in forwarded_hops(&parts.headers).into_iter().rev() {
            // An entry that is no address ("unknown", an obfuscated name) ends the walk: the
            // proxy that wrote it is the last address known.
            let Some(hop) = hop else { break };
            client = hop;
            if !trusted.contains(hop) {
                break;
            }
        }
    }
    client.to_string()
}

/// The forwarding chain, client first: `Forwarded` (RFC 7239) if present, else `X-Forwarded-For`.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let elements = |name: header::HeaderName| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let forwarded: Vec<_> = elements(header::FORWARDED)
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| forwarded_node(value))
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    elements(header::HeaderName::from_static("x-forwarded-for"))
        .iter()
        .map(|hop| forwarded_node(hop))
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn forwarded_node(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    let ip = match text.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next()?.parse().ok(),
        None => text.parse().ok().or_else(|| {
            text.rsplit_once(':')
                .and_then(|(ip, _port)| ip.parse::<std::net::Ipv4Addr>().ok())
                .map(IpAddr::V4)
        }),
    };
    ip.map(|ip: IpAddr| ip.to_canonical())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(peer: &str, headers: &[(&str, &str)], trusted: &str) -> String {
        let mut request = axum::http::Request::builder();
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        client_address(&parts, &TrustedProxies::parse(trusted).unwrap())
    }

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_proxy() {
        let xff = [("x-forwarded-for", "203.0.113.9")];
        assert_eq!(
            address("10.0.0.1:5000", &xff, ""),
            "10.0.0.1",
            "off by default"
        );
        assert_eq!(address("192.0.2.7:5000", &xff, "10.0.0.0/8"), "192.0.2.7");
        assert_eq!(address("10.0.0.1:5000", &xff, "10.0.0.0/8"), "203.0.113.9");
        assert_eq!(address("10.0.0.1:5000", &[], "10.0.0.1"), "10.0.0.1");
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        // The client claims to be 1.1.1.1; the outer proxy 10.0.0.2 saw 198.51.100.4.
        let xff = [("x-forwarded-for", "1.1.1.1, 198.51.100.4, 10.0.0.2")];
        assert_eq!(address("10.0.0.1:1", &xff, "10.0.0.0/8"), "198.51.100.4");
        let split = [
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "198.51.100.4"),
        ];
        assert_eq!(address("10.0.0.1:1", &split, "10.0.0.1"), "198.51.100.4");
        let all_trusted = [("x-forwarded-for", "10.0.0.3, 10.0.0.2")];
        assert_eq!(
            address("10.0.0.1:1", &all_trusted, "10.0.0.0/8"),
            "10.0.0.3"
        );
        let garbage = [("x-forwarded-for", "1.1.1.1, unknown")];
        assert_eq!(address("10.0.0.1:1", &garbage, "10.0.0.1"), "10.0.0.1");
    }

    #[test]
    fn forwarded_is_read_with_ports_quotes_and_ipv6() {
        let forwarded = [(
            "forwarded",
            "for=1.1.1.1, for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.2:80;by=10.0.0.1",
        )];
        assert_eq!(
            address("10.0.0.1:1", &forwarded, "10.0.0.0/8"),
            "2001:db8::7"
        );
        let both = [
            ("forwarded", "for=198.51.100.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ];
        assert_eq!(
            address("[::ffff:10.0.0.1]:1", &both, "10.0.0.1"),
            "198.51.100.4",
            "Forwarded first; a v4-mapped peer is its v4 address"
        );
    }
}
