//! The OpenAPI 3.1 document, generated from the route table and the API types' JSON Schemas.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use super::routes::{api_routes, table, Access, ApiRoute};

pub async fn document() -> Json<Value> {
    Json(build())
}

/// The reference page: rendered from the document once (the route table does not change while
/// the server runs), with its own CSP (one inline style, nothing else).
pub async fn reference() -> Response {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let page = PAGE.get_or_init(|| crate::text::reference::render(&build()));
    let mut response = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.clone(),
    )
        .into_response();
    if let Ok(csp) = HeaderValue::from_str(&crate::text::page::style_only_policy(
        crate::text::reference::STYLE,
    )) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// The problems each status can carry (their `type`), as the server's [`ApiError`](super::error::ApiError) sends them.
fn problem_types(status: u16) -> &'static [&'static str] {
    match status {
        400 => &["/problems/bad-request"],
        401 => &[
            "/problems/unauthenticated",
            "/problems/invalid-token",
            "/problems/sign-in-refused",
        ],
        403 => &[
            "/problems/forbidden",
            "/problems/csrf",
            "/problems/insufficient-scope",
        ],
        404 => &["/problems/not-found"],
        409 => &["/problems/conflict", "/problems/idempotency-in-progress"],
        412 => &["/problems/precondition-failed"],
        413 => &["/problems/payload-too-large"],
        415 => &["/problems/unsupported-media-type"],
        422 => &["/problems/validation", "/problems/idempotency-key-reused"],
        428 => &["/problems/precondition-required"],
        429 => &["/problems/rate-limited"],
        _ => &[
            "/problems/unavailable",
            "/problems/starting-up",
            "/problems/busy",
        ],
    }
}

fn describe(status: u16) -> &'static str {
    match status {
        400 => "Malformed: the JSON, a query parameter (or one the route does not take), a header",
        401 => "No session, or a token that is unknown, expired or revoked (WWW-Authenticate: Bearer error=\"invalid_token\")",
        403 => "Not permitted by the policies; a session's change without X-CSRF-Token; a token whose scopes do not cover it (WWW-Authenticate: Bearer error=\"insufficient_scope\")",
        404 => "No such resource, or one the caller may not see (the same answer)",
        409 => "Conflicts with the current state; or the first request with this Idempotency-Key is still being answered",
        412 => "If-Match names an older version: the current one is in ETag",
        413 => "The body is larger than the route takes",
        415 => "The body is not JSON",
        422 => "A value breaks a rule of the domain (the field is named in `errors`); an Idempotency-Key already used for another request",
        428 => "If-Match is required",
        429 => "Too many requests (sign-in attempts, or a client's requests a minute); see Retry-After",
        _ => "Starting up (replaying the log) or the store is failing; see Retry-After",
    }
}

fn problem(status: u16) -> Value {
    let mut response = json!({
        "description": describe(status),
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        "x-problem-types": problem_types(status),
    });
    if matches!(status, 429 | 503) {
        response["headers"] = json!({"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}});
    }
    if status == 412 {
        response["headers"] = json!({"ETag": {"description": "The current version", "schema": {"type": "string", "pattern": "^\"[0-9]+\"$"}}});
    }
    if matches!(status, 401 | 403) {
        response["headers"] = json!({"WWW-Authenticate": {"description": "For a bearer token: RFC 6750's error", "schema": {"type": "string"}}});
    }
    response
}

/// Whether a schema (or the definition it refers to) has a `version` property: its answer carries
/// the version as ETag.
fn is_versioned(schema: &Value, definitions: &Map<String, Value>) -> bool {
    let resolved = match schema.get("$ref").and_then(|r| r.as_str()) {
        Some(reference) => definitions
            .get(reference.rsplit('/').next().unwrap_or_default())
            .unwrap_or(&Value::Null),
        None => schema,
    };
    resolved
        .get("properties")
        .and_then(|p| p.get("version"))
        .is_some()
}

/// Every event type a reader of the feed (or a webhook) can be given: its schema version and the
/// schema of its `data`.
fn event_payloads(generator: &mut schemars::SchemaGenerator) -> Value {
    use mamori_shared::events::{
        assets::AssetEvent, documents::DocumentEvent, integration::IntegrationEvent,
        organisation::OrganisationEvent, DomainEvent,
    };
    let mut types = Map::new();
    let areas = [
        (
            OrganisationEvent::SCHEMA_VERSION,
            OrganisationEvent::payload_schemas(generator),
        ),
        (
            AssetEvent::SCHEMA_VERSION,
            AssetEvent::payload_schemas(generator),
        ),
        (
            DocumentEvent::SCHEMA_VERSION,
            DocumentEvent::payload_schemas(generator),
        ),
        (
            IntegrationEvent::SCHEMA_VERSION,
            IntegrationEvent::payload_schemas(generator),
        ),
    ];
    for (version, payloads) in areas {
        for (event_type, schema) in payloads {
            types.insert(
                event_type.to_owned(),
                json!({"schema_version": version, "data": schema}),
            );
        }
    }
    Value::Object(types)
}

/// The webhook a subscription receives (Standard Webhooks), one for every event type.
fn webhooks(events: &Value) -> Value {
    let bodies: Vec<Value> = events
        .as_object()
        .into_iter()
        .flatten()
        .map(|(event_type, about)| {
            json!({
                "type": "object",
                "required": ["type", "timestamp", "data"],
                "properties": {
                    "type": {"const": event_type},
                    "timestamp": {"type": "string", "format": "date-time", "description": "When the event was recorded"},
                    "data": about["data"],
                },
            })
        })
        .collect();
    json!({
        "event": {
            "post": {
                "summary": "An event a subscription asked for, delivered to its URL (Standard Webhooks)",
                "parameters": [
                    {"name": "webhook-id", "in": "header", "required": true, "description": "The delivery's id: the same on every retry and replay; process each once", "schema": {"type": "string", "pattern": "^msg_[0-9a-f]{32}$"}},
                    {"name": "webhook-timestamp", "in": "header", "required": true, "description": "Seconds since the Unix epoch, when this attempt was signed", "schema": {"type": "integer"}},
                    {"name": "webhook-signature", "in": "header", "required": true, "description": "`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` keyed by the bytes of the subscription's `whsec_` secret", "schema": {"type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+$"}},
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"oneOf": bodies}}}},
                "responses": {
                    "2XX": {"description": "Delivered"},
                    "410": {"description": "Gone: the subscription is turned off, nothing more is sent"},
                    "default": {"description": "Retried with exponential backoff and jitter for about three days (10 attempts), or after Retry-After"},
                },
            },
        },
    })
}

pub fn build() -> Value {
    let mut generator = SchemaSettings::openapi3()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let mut paths = Map::new();
    for route in table() {
        let mut operation = Map::new();
        let method = route.method.as_str().to_lowercase();
        operation.insert(
            "operationId".into(),
            json!(format!(
                "{method}{}",
                route.path.replace(['/', '{', '}', '.', '-'], "_")
            )),
        );
        operation.insert("summary".into(), json!(route.summary));
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| match name.strip_prefix('*') {
                // The rest of the path (a tile's `<L>/<N>[.p/<W>]`).
                Some(rest) => json!({"name": rest, "in": "path", "required": true, "schema": {"type": "string"}}),
                None if name.ends_with("_id") => json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}),
                // A kind of document (the committee's rules).
                None if name == "kind" => json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "enum": mamori_shared::documents::DocumentKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()}}),
                // A log position or a tree size.
                None => json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}}),
            })
            .collect();
        for (name, schema) in route.query_parameters(&mut generator) {
            let description = schema
                .get("description")
                .cloned()
                .unwrap_or_else(|| json!(""));
            parameters.push(json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema}));
        }
        let permit = match route.access {
            Access::Permit(action, _) => Some(action),
            Access::Public => None,
        };
        let changes = !route.method.is_safe() && permit.is_some();
        if route.if_match {
            parameters.push(json!({
                "name": "If-Match", "in": "header", "required": true,
                "description": "The version being changed, as the resource's ETag gave it (`\"3\"`): 412 if it is no longer the current one, 428 without.",
                "schema": {"type": "string", "pattern": "^(W/)?\"?[0-9]+\"?$"},
            }));
        }
        if changes {
            parameters.push(json!({
                "name": "Idempotency-Key", "in": "header", "required": false,
                "description": "A retry with the same key, method, path and body gets the first answer and writes nothing; the same key for another request is 422.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
            }));
            parameters.push(json!({
                "name": "X-CSRF-Token", "in": "header", "required": false,
                "description": "Required with a cookie session (the `csrf_token` of `GET /me` or the sign-in's answer; 403 without); not with a bearer token.",
                "schema": {"type": "string", "minLength": 1},
            }));
        }
        if route.as_of {
            parameters.push(json!({
                "name": super::as_of::PARAM, "in": "query", "required": false,
                "description": "Answer as the fold of the log up to a past moment gives it: a log position (0 to the head), or a date-time with its offset (the last event recorded at or before it; not in the future). Decided by today's policies on today's caller; the past offers no actions.",
                "schema": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "format": "date-time"}]},
            }));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), json!(parameters));
        }
        match permit {
            None => {
                operation.insert("security".into(), json!([]));
            }
            Some(action) => {
                operation.insert("x-cedar-action".into(), json!(action.code()));
                let mut security = vec![json!({"session": []})];
                if let Some(scope) = crate::authz::integration::scope_of(action) {
                    security.push(json!({"bearer": [scope.code()]}));
                    operation.insert("x-scope".into(), json!(scope.code()));
                }
                operation.insert("security".into(), json!(security));
            }
        }
        if let Some(request) = route.request {
            let schema = request(&mut generator);
            let limit = super::body_limit(route.path);
            operation.insert(
                "requestBody".into(),
                json!({
                    "required": true,
                    "description": format!("JSON (application/json), at most {limit} bytes (413 beyond); unknown fields are refused (400)."),
                    "content": {"application/json": {"schema": schema}},
                    "x-max-bytes": limit,
                }),
            );
        }
        let mut success = json!({"description": "Success"});
        let mut versioned = false;
        if let Some(response) = route.response {
            let schema = response(&mut generator);
            versioned = is_versioned(schema.as_value(), generator.definitions());
            success["content"] = json!({"application/json": {"schema": schema}});
        }
        let mut headers = Map::new();
        if versioned {
            headers.insert("ETag".into(), json!({"description": "The resource's version, for the next change's If-Match", "schema": {"type": "string", "pattern": "^\"[0-9]+\"$"}}));
        }
        if route.as_of {
            headers.insert(super::as_of::HEADER.into(), json!({"description": "With `as_of`: the log position the answer was folded up to", "schema": {"type": "integer", "minimum": 0}}));
        }
        if route.status == 201 {
            headers.insert("Location".into(), json!({"description": "Where the new resource is read", "schema": {"type": "string"}}));
        }
        if !headers.is_empty() {
            success["headers"] = Value::Object(headers);
        }
        let mut responses = Map::new();
        responses.insert(route.status.to_string(), success);
        if changes {
            responses.insert("202".into(), json!({"description": "Committed at `position`, not yet visible: do not send again as a new command", "content": {"application/json": {"schema": {"type": "object", "required": ["status", "position"], "properties": {"status": {"const": "accepted"}, "position": {"type": "integer", "minimum": 1}}}}}}));
        }
        let has_path_params = route.path.contains('{');
        let mut statuses = vec![400];
        if permit.is_some() {
            statuses.extend([401, 403]);
        }
        if has_path_params || permit.is_some() {
            statuses.push(404);
        }
        if changes {
            statuses.push(409);
        }
        if route.if_match {
            statuses.extend([412, 428]);
        }
        if route.request.is_some() {
            statuses.extend([413, 415]);
        }
        if route.request.is_some() || route.query.is_some() || changes || route.as_of {
            statuses.push(422);
        }
        let client_may = permit.is_some_and(|a| crate::authz::integration::scope_of(a).is_some());
        if client_may || route.path == "/auth/sign-in" {
            statuses.push(429);
        }
        if !matches!(route.path, "/health" | "/openapi.json" | "/reference") {
            statuses.push(503);
        }
        for status in statuses {
            responses.insert(status.to_string(), problem(status));
        }
        operation.insert("responses".into(), Value::Object(responses));
        let path = format!("/api/v1{}", route.path.replace("{*", "{"));
        paths
            .entry(path)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("a path item is an object")
            .insert(method, Value::Object(operation));
    }
    generator.subschema_for::<mamori_shared::api::problem::Problem>();
    let events = event_payloads(&mut generator);
    let webhooks = webhooks(&events);
    if let Some(feed) = paths
        .get_mut("/api/v1/feed")
        .and_then(|item| item.get_mut("get"))
    {
        feed["x-event-types"] = events.clone();
    }
    let schemas = generator.take_definitions(true);
    let scopes: Vec<String> = mamori_shared::integration::Scope::ALL
        .iter()
        .map(|s| format!("`{}`", s.code()))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Mamori API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!("Mamori (守り): an event-sourced ISMS for Japanese local-government bodies. Errors are RFC 9457 problem+json with English and Japanese titles (`x-problem-types` lists each status's `type`s). Writes to existing resources need If-Match with the version from the ETag. People sign in (a cookie session, with X-CSRF-Token on every change); client systems (連携システム) send `Authorization: Bearer mamori_…`, a token whose scopes ({}) cover the operation (`x-scope`) and whom the policies permit (`x-cedar-action`). A human-readable reference: /api/v1/reference.", scopes.join(", ")),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "webhooks": webhooks,
        "x-event-types": events,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE, "description": "A person's session, from POST /api/v1/auth/sign-in."},
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "mamori_ and 43 characters", "description": "A client system's token, issued by the CISO or the 統括 (POST /api/v1/clients/{client_id}/tokens). The scopes listed with an operation are the ones its client must hold."},
            },
        },
        "security": [{"session": []}],
    })
}

/// This file's routes (see [`routes::table`](super::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use Access::Public;
    api_routes! {
        GET "/openapi.json" => document, Public, "This API's OpenAPI 3.1 document";
        GET "/reference" => reference, Public, "This API's reference, as a page (HTML, from the same document)";
    }
}
