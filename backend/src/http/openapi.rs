//! The OpenAPI 3.1 document, generated from the route table and the API types' JSON Schemas.

use axum::Json;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use super::routes::{api_routes, table, Access, ApiRoute};

pub async fn document() -> Json<Value> {
    Json(build())
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
                // A log position or a tree size.
                None => json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}}),
            })
            .collect();
        let changes = !route.method.is_safe() && matches!(route.access, Access::Permit(..));
        if changes {
            parameters.push(json!({
                "name": "Idempotency-Key", "in": "header", "required": false,
                "description": "A retry with the same key, method, path and body gets the first answer and writes nothing; the same key for another request is 422.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
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
        match route.access {
            Access::Public => {
                operation.insert("security".into(), json!([]));
            }
            Access::Permit(action, _) => {
                operation.insert("x-cedar-action".into(), json!(action.code()));
            }
        }
        if let Some(request) = route.request {
            let schema = request(&mut generator);
            operation.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": schema}}}),
            );
        }
        let mut success = json!({"description": "Success"});
        if let Some(response) = route.response {
            success["content"] = json!({"application/json": {"schema": response(&mut generator)}});
        }
        if route.as_of {
            success["headers"] = json!({super::as_of::HEADER: {"description": "With `as_of`: the log position the answer was folded up to", "schema": {"type": "integer", "minimum": 0}}});
        }
        let problem = json!({"description": "An RFC 9457 problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
        let mut responses = Map::new();
        responses.insert(route.status.to_string(), success);
        if changes {
            responses.insert("202".into(), json!({"description": "Committed at `position`, not yet visible: do not send again as a new command", "content": {"application/json": {"schema": {"type": "object", "required": ["status", "position"], "properties": {"status": {"const": "accepted"}, "position": {"type": "integer", "minimum": 1}}}}}}));
        }
        if !matches!(route.path, "/health" | "/openapi.json") {
            responses.insert("503".into(), json!({"description": "Starting up (replaying the log) or the store is failing; see Retry-After", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}));
        }
        responses.insert("default".into(), problem);
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
    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Mamori API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Mamori (守り): an event-sourced ISMS for Japanese local-government bodies. Errors are RFC 9457 problem+json with English and Japanese titles. Writes to existing resources need If-Match with the version from the ETag.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE},
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
    }
}
