//! The API's route table: every route of `/api/v1`, with the access it requires. The router and the
//! OpenAPI document are both built from this table, and a test walks it, so that no route can exist
//! without a declared access, and none is missing from the document.
//!
//! Access is enforced structurally: a route is either deliberately `Public`, or `Permit(action,
//! target)`, and then the authorizing layer runs before its handler — it resumes the session (401
//! without one), checks the CSRF token of state-changing requests (403, recorded in the security
//! log, without it), and asks Cedar (403, recorded, when refused). A handler cannot forget to
//! authorize: it never sees the request otherwise.

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{self, MethodRouter};
use axum::Router;
use mamori_shared::events::security::{AuthorizationDenied, CsrfRefused};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use std::net::{IpAddr, SocketAddr};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::Caller;
use super::TrustedProxies;
use super::{
    assets, departments, grants, health, idempotency, me, openapi, people, register_events,
    schemes, sign_in, AppState,
};
use crate::auth::{security_log, sessions, CSRF_HEADER, SESSION_COOKIE};
use crate::authz::{Action, Resource};
use crate::clock::{now_micros, today};

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Deliberately open: health, sign-in, the OpenAPI document.
    Public,
    /// A signed-in person whom Cedar permits `Action` on `Target`.
    Permit(Action, Target),
}

/// The Cedar resource of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Organisation,
    /// The `{department_id}` of the path.
    Department,
    /// The `{person_id}` of the path.
    Person,
    /// The caller themself.
    Caller,
    /// The `{asset_id}` of the path. An asset the caller may not see answers 404 on every route:
    /// its existence is not confirmed.
    Asset,
    /// The asset of the `{grant_id}` of the path (grants are decided on their asset).
    GrantAsset,
    /// The `{asset_id}` of an access request. If the caller may see the asset, decided on it; if
    /// not, or if the id names no asset, decided as `assets.request` on the organisation, so that
    /// the answer is the same for a hidden asset and a missing one (no existence oracle). The
    /// handler then records the request without naming the asset.
    RequestedAsset,
}

pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

pub fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

pub struct ApiRoute {
    pub method: Method,
    /// Relative to `/api/v1`, with `{name}` parameters.
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    pub request: Option<SchemaFn>,
    pub response: Option<SchemaFn>,
    /// The success status (200, 201, 204).
    pub status: u16,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    access: Access,
    summary: &'static str,
    handler: MethodRouter<AppState>,
) -> ApiRoute {
    ApiRoute {
        method,
        path,
        access,
        summary,
        request: None,
        response: None,
        status: 200,
        handler,
    }
}

impl ApiRoute {
    fn takes<T: JsonSchema>(mut self) -> Self {
        self.request = Some(schema::<T>);
        self
    }

    fn gives<T: JsonSchema>(mut self) -> Self {
        self.response = Some(schema::<T>);
        self
    }

    fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
}

/// Every route of the API.
pub fn table() -> Vec<ApiRoute> {
    use mamori_shared::api::{assets as r, auth as a, health as h, organisation as o, page::Page};
    use Access::{Permit, Public};
    use Action::*;
    use Method as M;
    use Target as T;
    vec![
        route(
            M::GET,
            "/health",
            Public,
            "Server health and version",
            routing::get(health::health),
        )
        .gives::<h::Health>(),
        route(
            M::GET,
            "/openapi.json",
            Public,
            "This API's OpenAPI 3.1 document",
            routing::get(openapi::document),
        ),
        route(
            M::POST,
            "/auth/sign-in",
            Public,
            "Sign in; sets the session cookie",
            routing::post(sign_in::sign_in),
        )
        .takes::<a::SignIn>()
        .gives::<a::Me>(),
        route(
            M::POST,
            "/auth/sign-out",
            Permit(SelfView, T::Caller),
            "End this session",
            routing::post(sign_in::sign_out),
        )
        .status(204),
        route(
            M::GET,
            "/me",
            Permit(SelfView, T::Caller),
            "Who I am, my roles, my CSRF token",
            routing::get(me::me),
        )
        .gives::<a::Me>(),
        route(
            M::GET,
            "/me/profile",
            Permit(SelfView, T::Caller),
            "My own record, with my role history",
            routing::get(me::profile),
        )
        .gives::<o::PersonView>(),
        route(
            M::PUT,
            "/me/password",
            Permit(SelfManage, T::Caller),
            "Change my password",
            routing::put(me::change_password),
        )
        .takes::<a::PasswordChange>()
        .status(204),
        route(
            M::GET,
            "/me/sessions",
            Permit(SelfView, T::Caller),
            "My open sessions",
            routing::get(me::sessions),
        )
        .gives::<Vec<a::SessionView>>(),
        route(
            M::DELETE,
            "/me/sessions",
            Permit(SelfManage, T::Caller),
            "Sign out everywhere",
            routing::delete(me::end_all_sessions),
        )
        .status(204),
        route(
            M::DELETE,
            "/me/sessions/{session_id}",
            Permit(SelfManage, T::Caller),
            "End one of my sessions",
            routing::delete(me::end_session),
        )
        .status(204),
        route(
            M::GET,
            "/departments",
            Permit(OrganisationView, T::Organisation),
            "Departments (paginated, filterable, sortable)",
            routing::get(departments::list),
        )
        .gives::<Page<o::DepartmentView>>(),
        route(
            M::POST,
            "/departments",
            Permit(OrganisationManage, T::Organisation),
            "Create a department",
            routing::post(departments::create),
        )
        .takes::<o::NewDepartment>()
        .gives::<o::DepartmentView>()
        .status(201),
        route(
            M::GET,
            "/departments/{department_id}",
            Permit(DepartmentView, T::Department),
            "One department",
            routing::get(departments::get),
        )
        .gives::<o::DepartmentView>(),
        route(
            M::PUT,
            "/departments/{department_id}",
            Permit(DepartmentManage, T::Department),
            "Rename a department (If-Match)",
            routing::put(departments::update),
        )
        .takes::<o::DepartmentChanges>()
        .gives::<o::DepartmentView>(),
        route(
            M::GET,
            "/people",
            Permit(OrganisationView, T::Organisation),
            "People (paginated, filterable, sortable)",
            routing::get(people::list),
        )
        .gives::<Page<o::PersonView>>(),
        route(
            M::POST,
            "/people",
            Permit(OrganisationManage, T::Organisation),
            "Register a person with an initial password",
            routing::post(people::create),
        )
        .takes::<o::NewPerson>()
        .gives::<o::PersonView>()
        .status(201),
        route(
            M::GET,
            "/people/{person_id}",
            Permit(PersonView, T::Person),
            "One person, with their role history",
            routing::get(people::get),
        )
        .gives::<o::PersonView>(),
        route(
            M::PUT,
            "/people/{person_id}",
            Permit(PersonManage, T::Person),
            "Change a person (If-Match)",
            routing::put(people::update),
        )
        .takes::<o::PersonChanges>()
        .gives::<o::PersonView>(),
        route(
            M::POST,
            "/people/{person_id}/deactivate",
            Permit(PersonManage, T::Person),
            "Deactivate a person and end their sessions (If-Match)",
            routing::post(people::deactivate),
        )
        .takes::<o::Deactivation>()
        .gives::<o::PersonView>(),
        route(
            M::POST,
            "/people/{person_id}/roles",
            Permit(PersonManage, T::Person),
            "Assign a role (If-Match)",
            routing::post(people::assign_role),
        )
        .takes::<o::NewRoleAssignment>()
        .gives::<o::PersonView>(),
        route(
            M::POST,
            "/people/{person_id}/roles/{assignment_id}/end",
            Permit(PersonManage, T::Person),
            "End a role assignment (If-Match)",
            routing::post(people::end_role),
        )
        .takes::<o::RoleEnd>()
        .gives::<o::PersonView>(),
        route(
            M::GET,
            "/assets",
            Permit(AssetsList, T::Organisation),
            "The asset register: the assets I may see (paginated, filterable, sortable)",
            routing::get(assets::list),
        )
        .gives::<Page<r::AssetView>>(),
        route(
            M::GET,
            "/assets/summary",
            Permit(AssetsList, T::Organisation),
            "The assets I may see, counted by confidentiality level",
            routing::get(assets::summary),
        )
        .gives::<r::RegisterSummary>(),
        route(
            M::GET,
            "/assets/export.csv",
            Permit(AssetsList, T::Organisation),
            "The register I may see, as CSV (UTF-8 with BOM)",
            routing::get(assets::export_csv),
        ),
        route(
            M::GET,
            "/assets/events",
            Permit(AssetsList, T::Organisation),
            "Live changes of assets I may see (server-sent events)",
            routing::get(register_events::stream),
        ),
        route(
            M::POST,
            "/departments/{department_id}/assets",
            Permit(AssetRegister, T::Department),
            "Register an asset the department owns",
            routing::post(assets::register),
        )
        .takes::<r::NewAsset>()
        .gives::<r::AssetView>()
        .status(201),
        route(
            M::GET,
            "/assets/{asset_id}",
            Permit(AssetView, T::Asset),
            "One asset",
            routing::get(assets::get),
        )
        .gives::<r::AssetView>(),
        route(
            M::GET,
            "/assets/{asset_id}/history",
            Permit(AssetView, T::Asset),
            "The asset's history: every event with actor, time and reason",
            routing::get(assets::history),
        )
        .gives::<Vec<r::HistoryEntry>>(),
        route(
            M::POST,
            "/assets/{asset_id}/classification",
            Permit(AssetManage, T::Asset),
            "Classify on all three axes, with a reason (If-Match)",
            routing::post(assets::classify),
        )
        .takes::<r::Classify>()
        .gives::<r::AssetView>(),
        route(
            M::POST,
            "/assets/{asset_id}/owner",
            Permit(AssetManage, T::Asset),
            "Change the owner department (If-Match)",
            routing::post(assets::change_owner),
        )
        .takes::<r::OwnerChange>()
        .gives::<r::AssetView>(),
        route(
            M::POST,
            "/assets/{asset_id}/custodian",
            Permit(AssetManage, T::Asset),
            "Change the custodian (If-Match)",
            routing::post(assets::change_custodian),
        )
        .takes::<r::CustodianChange>()
        .gives::<r::AssetView>(),
        route(
            M::POST,
            "/assets/{asset_id}/tier",
            Permit(AssetManage, T::Asset),
            "Move to another network tier (If-Match)",
            routing::post(assets::move_tier),
        )
        .takes::<r::TierChange>()
        .gives::<r::AssetView>(),
        route(
            M::POST,
            "/assets/{asset_id}/retire",
            Permit(AssetManage, T::Asset),
            "Retire the asset (If-Match)",
            routing::post(assets::retire),
        )
        .takes::<r::Reason>()
        .gives::<r::AssetView>(),
        route(
            M::GET,
            "/assets/{asset_id}/grants",
            Permit(AssetManage, T::Asset),
            "The asset's access grants",
            routing::get(grants::of_asset),
        )
        .gives::<Vec<r::GrantView>>(),
        route(
            M::POST,
            "/assets/{asset_id}/grants",
            Permit(AssetRequest, T::RequestedAsset),
            "Request access to an asset, by its id even if I cannot see it",
            routing::post(grants::request),
        )
        .takes::<r::GrantRequest>()
        .gives::<r::GrantView>()
        .status(201),
        route(
            M::GET,
            "/grants/mine",
            Permit(SelfView, T::Caller),
            "My access requests and grants",
            routing::get(grants::mine),
        )
        .gives::<Vec<r::GrantView>>(),
        route(
            M::GET,
            "/grants/inbox",
            Permit(SelfView, T::Caller),
            "Requests waiting for my decision",
            routing::get(grants::inbox),
        )
        .gives::<Vec<r::GrantView>>(),
        route(
            M::POST,
            "/grants/{grant_id}/approve",
            Permit(AssetManage, T::GrantAsset),
            "Approve a request (If-Match)",
            routing::post(grants::approve),
        )
        .takes::<r::Reason>()
        .gives::<r::GrantView>(),
        route(
            M::POST,
            "/grants/{grant_id}/reject",
            Permit(AssetManage, T::GrantAsset),
            "Reject a request (If-Match)",
            routing::post(grants::reject),
        )
        .takes::<r::Reason>()
        .gives::<r::GrantView>(),
        route(
            M::POST,
            "/grants/{grant_id}/revoke",
            Permit(AssetManage, T::GrantAsset),
            "Revoke a grant (If-Match)",
            routing::post(grants::revoke),
        )
        .takes::<r::Reason>()
        .gives::<r::GrantView>(),
        route(
            M::GET,
            "/classification/schemes",
            Permit(AssetsList, T::Organisation),
            "The classification schemes and the adopted one",
            routing::get(schemes::list),
        )
        .gives::<r::Schemes>(),
        route(
            M::POST,
            "/classification/adopt",
            Permit(OrganisationManage, T::Organisation),
            "Adopt another scheme, mapping every level in use",
            routing::post(schemes::adopt),
        )
        .takes::<r::AdoptScheme>()
        .gives::<r::Schemes>(),
    ]
}

/// The `/api/v1` router, built from [`table`].
pub fn api_router(state: &AppState) -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, route| {
        // Idempotency-Key needs the caller: inside the authorizing layer, on routes that have one.
        let handler = if matches!(route.access, Access::Permit(..)) {
            route.handler.layer(middleware::from_fn_with_state(
                state.clone(),
                idempotency::layer,
            ))
        } else {
            route.handler
        };
        let guarded = handler.layer(middleware::from_fn_with_state(
            (state.clone(), route.access),
            authorize,
        ));
        // Until the projections have replayed the log, answers drawn from them would be wrong
        // (a sign-in would not find its person): only the health and the document answer.
        let guarded = if matches!(route.path, "/health" | "/openapi.json") {
            guarded
        } else {
            guarded.layer(middleware::from_fn_with_state(
                state.clone(),
                until_caught_up,
            ))
        };
        router.route(route.path, guarded)
    })
}

async fn until_caught_up(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.projections_ready() {
        Ok(()) => next.run(request).await,
        Err(not_ready) => not_ready.into_response(),
    }
}

async fn authorize(
    State((state, access)): State<(AppState, Access)>,
    request: Request,
    next: Next,
) -> Response {
    match check(&state, access, request).await {
        Ok(request) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

async fn check(state: &AppState, access: Access, request: Request) -> Result<Request, ApiError> {
    let Access::Permit(action, target) = access else {
        return Ok(request);
    };
    let (mut parts, body) = request.into_parts();
    let address = client_address(&parts, &state.settings.trusted_proxies);
    let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(ApiError::Unauthenticated)?;
    let now = now_micros();
    let session = sessions::resume(state.store.database(), &token, state.settings.sessions, now)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let person_id = session.person_id;
    if !parts.method.is_safe() {
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if !sent
            .is_some_and(|sent| constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes()))
        {
            security_log::csrf_refused(
                &state.store,
                CsrfRefused {
                    person_id,
                    method: parts.method.to_string(),
                    // As the client sent it (`parts.uri` lost the `/api/v1` it is nested under).
                    path: parts
                        .extensions
                        .get::<OriginalUri>()
                        .map_or(parts.uri.path(), |OriginalUri(uri)| uri.path())
                        .to_owned(),
                    address,
                },
            )
            .await;
            return Err(ApiError::Csrf);
        }
    }
    let params = RawPathParams::from_request_parts(&mut parts, state)
        .await
        .map_err(|_| ApiError::NotFound)?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| *key == name)
            .and_then(|(_, value)| Uuid::parse_str(value).ok())
    };
    let mut action = action;
    let mut resource = match target {
        Target::Organisation => Resource::Organisation,
        Target::Caller => Resource::Person(person_id),
        Target::Department => {
            Resource::Department(param("department_id").ok_or(ApiError::NotFound)?)
        }
        Target::Person => Resource::Person(param("person_id").ok_or(ApiError::NotFound)?),
        Target::Asset | Target::RequestedAsset => {
            Resource::Asset(param("asset_id").ok_or(ApiError::NotFound)?)
        }
        Target::GrantAsset => {
            let grant = param("grant_id").ok_or(ApiError::NotFound)?;
            let register = state.projections.register.read();
            let asset = register.grants.get(&grant).map(|g| g.asset_id);
            Resource::Asset(asset.ok_or(ApiError::NotFound)?)
        }
    };
    let decision = {
        let snapshot = state.projections.snapshot();
        let directory = &snapshot.directory;
        let active = directory.people.get(&person_id).is_some_and(|p| p.active);
        let exists = |resource| match resource {
            Resource::Department(id) => directory.departments.contains_key(&id),
            Resource::Person(id) => directory.people.contains_key(&id),
            Resource::Asset(id) => snapshot.register.assets.contains_key(&id),
            Resource::Organisation => true,
        };
        let day = today();
        let allowed = |action, resource| {
            state
                .authz
                .is_allowed(snapshot.world(), person_id, action, resource, day)
        };
        if target == Target::RequestedAsset
            && !(exists(resource) && allowed(Action::AssetView, resource))
        {
            // Nothing about the asset, not even whether it exists, may shape the answer.
            (action, resource) = (Action::AssetsRequest, Resource::Organisation);
        }
        let is_asset = matches!(resource, Resource::Asset(_));
        if !active {
            Verdict::Deactivated
        } else if !exists(resource) {
            // Say "not found" only to those who may see the organisation (no probing for ids);
            // an asset is always "not found", as a hidden one is.
            Verdict::Missing(
                if is_asset || allowed(Action::OrganisationView, Resource::Organisation) {
                    ApiError::NotFound
                } else {
                    ApiError::Forbidden
                },
            )
        } else if allowed(action, resource) {
            Verdict::Allowed
        } else if is_asset && (action == Action::AssetView || !allowed(Action::AssetView, resource))
        {
            // An asset the caller may not see does not exist for them.
            Verdict::Denied(ApiError::NotFound)
        } else {
            Verdict::Denied(ApiError::Forbidden)
        }
    };
    match decision {
        Verdict::Allowed => {}
        Verdict::Deactivated => {
            // The person was deactivated: their sessions end now, not at the next timeout.
            sessions::end_all(state.store.database(), person_id, now).await?;
            return Err(ApiError::Unauthenticated);
        }
        Verdict::Missing(answer) => return Err(answer),
        Verdict::Denied(answer) => {
            record_refusal(state, person_id, action, resource, &address).await;
            return Err(answer);
        }
    }
    parts.extensions.insert(Caller {
        person_id,
        session,
        address,
    });
    Ok(Request::from_parts(parts, body))
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
            caller.person_id,
            action,
            resource,
            today(),
        )
    };
    if allowed {
        return Ok(());
    }
    record_refusal(state, caller.person_id, action, resource, &caller.address).await;
    Err(ApiError::Forbidden)
}

async fn record_refusal(
    state: &AppState,
    person_id: Uuid,
    action: Action,
    resource: Resource,
    address: &str,
) {
    security_log::authorization_denied(
        &state.store,
        AuthorizationDenied {
            person_id,
            action: action.code().to_owned(),
            resource: resource.to_string(),
            address: address.to_owned(),
        },
    )
    .await;
}

enum Verdict {
    Allowed,
    Deactivated,
    /// The resource does not exist: the answer to give.
    Missing(ApiError),
    /// Cedar refused: recorded, then the answer to give.
    Denied(ApiError),
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
