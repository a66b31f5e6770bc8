//! The OpenAPI 3.1 document, generated from the route table and the API types' JSON Schemas.

use axum::Json;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use super::routes::{table, Access};

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
        let parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}))
            .collect();
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
        let problem = json!({"description": "An RFC 9457 problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
        let mut responses = Map::new();
        responses.insert(route.status.to_string(), success);
        responses.insert("default".into(), problem);
        operation.insert("responses".into(), Value::Object(responses));
        let path = format!("/api/v1{}", route.path);
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
