//! The API's route table: every route of `/api/v1`, with the access it requires. The router and the
//! OpenAPI document are both built from this table, and a test walks it, so that no route can exist
//! without a declared access, and none is missing from the document.
//!
//! Access is enforced structurally: a route is either deliberately `Public`, or `Permit(action,
//! target)`, and then the authorizing layer runs before its handler — it resumes the session (401
//! without one), checks the CSRF token of state-changing requests (403, recorded in the security
//! log, without it), and asks Cedar (403, recorded, when refused). A handler cannot forget to
//! authorize: it never sees the request otherwise.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::Router;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use uuid::Uuid;

use super::authorize::authorize;
use super::{
    assets, documents, health, idempotency, integration, me, openapi, organisation, sign_in,
    transparency, AppState,
};
use crate::authz::{Action, Kind, World};

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// Deliberately open: health, sign-in, the OpenAPI document.
    Public,
    /// A signed-in person whom Cedar permits `Action` on `Target`.
    Permit(Action, Target),
}

/// The Cedar resource of a request, declared with the route by its area.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The organisation as a whole (its lists, what is created at its top).
    Organisation,
    /// The caller themself.
    Caller,
    /// The resource of `kind` that the path parameter names.
    Path(&'static str, &'static Kind),
    /// A resource of `kind` found from what the path parameter names (a grant is decided on its
    /// asset): the area's function gives its id.
    Via(
        &'static str,
        &'static Kind,
        fn(World<'_>, Uuid) -> Option<Uuid>,
    ),
    /// As `Path`; but when the caller may not see the resource, or the id names none, decided as
    /// the action on the organisation instead, so that the answer is the same for a hidden
    /// resource and a missing one (no existence oracle). The handler then must not name it.
    PathOrOrganisation(&'static str, &'static Kind, Action),
}

impl Target {
    /// The kind of resource decided on, if it is not the organisation or the caller.
    pub fn kind(self) -> Option<&'static Kind> {
        match self {
            Self::Organisation | Self::Caller => None,
            Self::Path(_, kind) | Self::Via(_, kind, _) | Self::PathOrOrganisation(_, kind, _) => {
                Some(kind)
            }
        }
    }
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
    /// Whether the route answers `?as_of=` with the past (see [`super::as_of`]).
    pub as_of: bool,
    handler: MethodRouter<AppState>,
}

/// Declares routes, one a line, in each area's `routes()`:
/// `METHOD "/path" => handler, access, "summary" [, takes Request] [, gives Response] [, status N]
/// [, as_of = true];` — `as_of = true` for a list or detail that answers `?as_of=` with the past.
macro_rules! api_routes {
    ($(
        $method:ident $path:literal => $handler:expr, $access:expr, $summary:literal
        $(, takes $takes:ty)? $(, gives $gives:ty)? $(, status $status:literal)? $(, as_of = $as_of:literal)?;
    )*) => {
        vec![$({
            let route = $crate::http::routes::route(
                axum::http::Method::$method,
                $path,
                $access,
                $summary,
                axum::routing::on(axum::routing::MethodFilter::$method, $handler),
            );
            $(let route = route.takes::<$takes>();)?
            $(let route = route.gives::<$gives>();)?
            $(let route = route.status($status);)?
            $(let route = route.with_as_of($as_of);)?
            route
        }),*]
    };
}
pub(crate) use api_routes;

/// A route of the API (what [`api_routes!`] builds).
pub(crate) fn route(
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
        as_of: false,
        handler,
    }
}

impl ApiRoute {
    pub(crate) fn takes<T: JsonSchema>(mut self) -> Self {
        self.request = Some(schema::<T>);
        self
    }

    pub(crate) fn gives<T: JsonSchema>(mut self) -> Self {
        self.response = Some(schema::<T>);
        self
    }

    pub(crate) fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub(crate) fn with_as_of(mut self, as_of: bool) -> Self {
        self.as_of = as_of;
        self
    }
}

/// Every route of the API: each area declares its own.
pub fn table() -> Vec<ApiRoute> {
    [
        health::routes(),
        openapi::routes(),
        sign_in::routes(),
        me::routes(),
        organisation::routes(),
        assets::routes(),
        documents::routes(),
        integration::routes(),
        transparency::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
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
            (state.clone(), route.access, route.as_of),
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
