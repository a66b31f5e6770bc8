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
    assets, documents, health, idempotency, integration, me, oidc, openapi, organisation, sign_in,
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
    /// Its query parameters, as a struct's schema (each property one parameter); for a list of
    /// [`ListParams`](super::list::ListParams), only those of `filters` it honours (`offset` and
    /// `limit` among them when it pages) and `sort` when it has `sorts`. The server refuses any
    /// other parameter (400).
    pub query: Option<SchemaFn>,
    pub filters: &'static [&'static str],
    /// The fields a list sorts by (`-field` descending); the first is the default.
    pub sorts: &'static [&'static str],
    /// Whether it changes an existing resource at the version the caller saw (`If-Match`).
    pub if_match: bool,
    handler: MethodRouter<AppState>,
}

/// Declares routes, one a line, in each area's `routes()`:
/// `METHOD "/path" => handler, access, "summary" [, takes Request] [, gives Response] [, status N]
/// [, as_of = true] [, query Query [, filters [..]] [, sorts SORTS]] [, if_match = true];` — `as_of = true`
/// for a list or detail that answers `?as_of=` with the past; `query` the struct its handler reads
/// the query into; `if_match` when it takes `If-Match` (`Change`, `IfMatch`).
macro_rules! api_routes {
    ($(
        $method:ident $path:literal => $handler:expr, $access:expr, $summary:literal
        $(, takes $takes:ty)? $(, gives $gives:ty)? $(, status $status:literal)? $(, as_of = $as_of:literal)?
        $(, query $query:ty $(, filters [$($filter:literal),*])? $(, sorts $sorts:expr)?)? $(, if_match = $if_match:literal)?;
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
            $(
                let route = route.with_query::<$query>();
                $(let route = route.with_filters(&[$($filter),*]);)?
                $(let route = route.with_sorts($sorts);)?
            )?
            $(let route = route.with_if_match($if_match);)?
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
        query: None,
        filters: &[],
        sorts: &[],
        if_match: false,
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

    pub(crate) fn with_query<T: JsonSchema>(mut self) -> Self {
        self.query = Some(schema::<T>);
        self
    }

    pub(crate) fn with_filters(mut self, filters: &'static [&'static str]) -> Self {
        self.filters = filters;
        self
    }

    pub(crate) fn with_sorts(mut self, sorts: &'static [&'static str]) -> Self {
        self.sorts = sorts;
        self
    }

    /// Whether it takes `If-Match` (428 without).
    pub(crate) fn with_if_match(mut self, if_match: bool) -> Self {
        self.if_match = if_match;
        self
    }

    /// The query parameters it declares, by name, with their schemas (from its `query` struct; a
    /// list's as narrowed by its filters and sorts).
    pub fn query_parameters(
        &self,
        generator: &mut SchemaGenerator,
    ) -> Vec<(String, serde_json::Value)> {
        let Some(query) = self.query else {
            return Vec::new();
        };
        let schema = query(generator);
        let resolved = match schema.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default().to_owned();
                generator
                    .definitions()
                    .get(&name)
                    .cloned()
                    .unwrap_or_default()
            }
            None => schema.to_value(),
        };
        let properties = resolved
            .get("properties")
            .and_then(|p| p.as_object())
            .cloned()
            .unwrap_or_default();
        // A list's parameters (ListParams: paging, sort, filters) are narrowed to what it honours.
        let is_list = properties.contains_key("sort") && properties.contains_key("offset");
        properties
            .into_iter()
            .filter(|(name, _)| {
                !is_list
                    || (name == "sort" && !self.sorts.is_empty())
                    || self.filters.contains(&name.as_str())
            })
            .map(|(name, mut schema)| {
                if name == "sort" {
                    let keys: Vec<String> = self
                        .sorts
                        .iter()
                        .flat_map(|k| [(*k).to_owned(), format!("-{k}")])
                        .collect();
                    schema = serde_json::json!({
                        "type": "string",
                        "enum": keys,
                        "default": self.sorts.first(),
                        "description": "The field to sort by; `-field` for descending.",
                    });
                }
                (name, schema)
            })
            .collect()
    }
}

/// Every route of the API: each area declares its own.
pub fn table() -> Vec<ApiRoute> {
    [
        health::routes(),
        openapi::routes(),
        sign_in::routes(),
        oidc::routes(),
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
    let mut generator = schemars::generate::SchemaSettings::openapi3().into_generator();
    table().into_iter().fold(Router::new(), |router, route| {
        // A query parameter the route does not declare is refused before anything else: what the
        // OpenAPI document says a route takes is what it takes.
        let mut declared: Vec<String> = route
            .query_parameters(&mut generator)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        if route.as_of {
            declared.push(super::as_of::PARAM.to_owned());
        }
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
        let guarded = if matches!(route.path, "/health" | "/openapi.json" | "/reference") {
            guarded
        } else {
            guarded.layer(middleware::from_fn_with_state(
                state.clone(),
                until_caught_up,
            ))
        };
        let guarded = guarded.layer(middleware::from_fn_with_state(
            std::sync::Arc::new(declared),
            only_declared_query,
        ));
        router.route(route.path, guarded)
    })
}

async fn only_declared_query(
    State(declared): State<std::sync::Arc<Vec<String>>>,
    request: Request,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let unknown = form_urlencoded::parse(query.as_bytes())
        .map(|(name, _)| name)
        .find(|name| !declared.iter().any(|d| d == name));
    match unknown {
        Some(name) => super::error::ApiError::BadRequest {
            detail: format!(
                "unknown query parameter {name:?}; this route takes: {}",
                if declared.is_empty() {
                    "none".to_owned()
                } else {
                    declared.join(", ")
                }
            ),
            field: Some(name.into_owned()),
        }
        .into_response(),
        None => next.run(request).await,
    }
}

async fn until_caught_up(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.projections_ready() {
        Ok(()) => next.run(request).await,
        Err(not_ready) => not_ready.into_response(),
    }
}
