//! The OpenAPI document is a contract: for every route, what it declares is what the server
//! enforces. Each declared constraint is tried with a value just outside it (refused, naming the
//! parameter or field) and just inside it (not refused for that reason); a query parameter no
//! route declares is refused; If-Match is required exactly where it is declared.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};

/// The document's schema `schema` points to (following `$ref`).
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(|r| r.as_str()) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            resolve(document, &document["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// The types a schema allows (`type` may be a list, with `null`).
fn types(schema: &Value) -> Vec<String> {
    match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(list) => list
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

thread_local! {
    /// The demo's ids, by the field names that hold them (a department_id is a real department).
    static IDS: std::cell::RefCell<BTreeMap<&'static str, String>> = std::cell::RefCell::default();
}

/// A real id for a field of this name, if the demo has one.
fn id_for(field: &str) -> Option<Value> {
    IDS.with(|ids| {
        let ids = ids.borrow();
        if !field.ends_with("_id") {
            return None;
        }
        let kind = if field.ends_with("department_id") {
            "department_id"
        } else if field.ends_with("person_id") || field == "custodian_id" {
            "person_id"
        } else {
            field
        };
        ids.get(kind)
            .filter(|id| !id.is_empty())
            .map(|id| json!(id))
    })
}

/// A value the schema allows, as plain as possible (`field`: the name it is under).
fn sample(document: &Value, schema: &Value, depth: usize) -> Value {
    sample_named(document, schema, depth, "")
}

fn sample_named(document: &Value, schema: &Value, depth: usize, field: &str) -> Value {
    if let Some(id) = id_for(field) {
        return id;
    }
    let schema = resolve(document, schema);
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    let example = schema.get("example").or_else(|| {
        schema
            .get("examples")
            .and_then(|e| e.as_array())
            .and_then(|e| e.first())
    });
    if let Some(example) = example {
        return example.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(|e| e.as_array())
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema.get(key).and_then(|v| v.as_array()).and_then(|v| {
            v.iter()
                .find(|s| !types(resolve(document, s)).contains(&"null".to_owned()))
                .or(v.first())
        }) {
            return sample(document, first, depth + 1);
        }
    }
    let kinds = types(schema);
    let kind = kinds
        .iter()
        .find(|t| *t != "null")
        .cloned()
        .unwrap_or_default();
    match kind.as_str() {
        "object" if depth < 6 => {
            let mut object = Map::new();
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            for name in required {
                object.insert(
                    name.to_owned(),
                    sample_named(document, &schema["properties"][name], depth + 1, name),
                );
            }
            Value::Object(object)
        }
        "array" => {
            let items = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array(
                (0..items)
                    .map(|_| sample(document, &schema["items"], depth + 1))
                    .collect(),
            )
        }
        "integer" | "number" => json!(schema["minimum"].as_i64().unwrap_or(0).max(0)),
        "boolean" => json!(false),
        "string" => match schema["format"].as_str() {
            Some("uuid") => json!(Uuid::nil()),
            Some("date") => json!(mamori::domain::format_date(mamori::clock::today())),
            Some("date-time") => json!(in_a_day()),
            _ => json!("あ".repeat(schema["minLength"].as_u64().unwrap_or(1).max(1) as usize)),
        },
        _ => Value::Null,
    }
}

fn in_a_day() -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Values just inside and just outside each constraint of a schema: (what is tried, inside,
/// outside).
fn probes(document: &Value, schema: &Value) -> Vec<(&'static str, Option<Value>, Value)> {
    let schema = resolve(document, schema);
    let mut probes = Vec::new();
    // A string of the right length is inside only if it also fits the pattern: a patterned
    // field is tried outside only.
    let free = schema.get("pattern").is_none();
    let text = |n: usize| json!("あ".repeat(n));
    if let Some(max) = schema["maxLength"].as_u64() {
        probes.push((
            "maxLength",
            free.then(|| text(max as usize)),
            text(max as usize + 1),
        ));
    }
    if let Some(min) = schema["minLength"].as_u64().filter(|m| *m > 0) {
        probes.push((
            "minLength",
            free.then(|| text(min as usize)),
            text(min as usize - 1),
        ));
    }
    if let Some(max) = schema["maximum"].as_i64() {
        probes.push(("maximum", Some(json!(max)), json!(max + 1)));
    }
    if let Some(min) = schema["minimum"].as_i64().filter(|m| *m > 0) {
        probes.push(("minimum", Some(json!(min)), json!(min - 1)));
    }
    if schema.get("enum").is_some() {
        probes.push(("enum", None, json!("no-such-value")));
    }
    match schema["format"].as_str() {
        Some("uuid") => probes.push(("format uuid", None, json!("not-a-uuid"))),
        Some("date-time") => probes.push((
            "format date-time",
            Some(json!(in_a_day())),
            json!("2026-13-45T99:00:00"),
        )),
        Some("date") => probes.push(("format date", None, json!("2026-13-45"))),
        _ => {}
    }
    probes
}

/// Whether an answer refuses `name` (a 400 or 422 whose problem names it, or names no field).
async fn refuses(response: reqwest::Response, name: &str) -> (bool, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let fields: Vec<String> = body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let named = fields.is_empty()
        || fields
            .iter()
            .any(|f| f.trim_start_matches('.').starts_with(name) || f.contains(name));
    let refused = matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
    ) && named;
    (refused, format!("{status} {body}"))
}

/// A concrete path: each `{name}` filled with a demo id of its kind, if there is one.
fn fill(path: &str, ids: &BTreeMap<&str, String>) -> Option<String> {
    let mut filled = path.to_owned();
    for segment in path.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let id = ids.get(name).filter(|id| !id.is_empty())?;
            filled = filled.replace(segment, id);
        }
    }
    Some(filled)
}

async fn demo_ids(app: &TestApp, tokatsu: &SignedIn<'_>) -> BTreeMap<&'static str, String> {
    let snapshot = app.state.projections.snapshot();
    let first = |ids: Vec<Uuid>| {
        ids.into_iter()
            .next()
            .map(|id| id.to_string())
            .unwrap_or_default()
    };
    let mut ids = BTreeMap::from([
        (
            "department_id",
            first(snapshot.directory.departments.keys().copied().collect()),
        ),
        (
            "person_id",
            first(snapshot.directory.people.keys().copied().collect()),
        ),
        (
            "asset_id",
            first(snapshot.register.assets.keys().copied().collect()),
        ),
        (
            "grant_id",
            first(snapshot.register.grants.keys().copied().collect()),
        ),
        (
            "document_id",
            first(snapshot.documents.documents.keys().copied().collect()),
        ),
        (
            "revision_id",
            first(snapshot.documents.revisions.keys().copied().collect()),
        ),
        (
            "training_id",
            first(snapshot.documents.trainings.keys().copied().collect()),
        ),
        ("kind", "procedure".to_owned()),
    ]);
    drop(snapshot);
    let client: Value = tokatsu
        .send(
            Method::POST,
            "/api/v1/clients",
            &json!({"name": "契約試験", "organisation": "県", "scopes": ["feed:read"]}),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    ids.insert("client_id", client["id"].as_str().unwrap().to_owned());
    ids
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_enforces_what_the_document_declares() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    // The CISO may do (nearly) everything: what is refused is refused for the value tried.
    let ciso = app.sign_in("ciso").await;
    let tokatsu = app.sign_in("tokatsu").await;
    let ids = demo_ids(&app, &tokatsu).await;
    IDS.with(|cell| *cell.borrow_mut() = ids.clone());
    let mut failures = Vec::new();
    let mut tried = 0;
    let mut if_match_seen = 0;
    let mut unsampled: Vec<String> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let route = path.trim_start_matches("/api/v1");
            let Some(concrete) = fill(path, &ids) else {
                continue;
            };
            // What would end the session the test runs as (signing out, its sessions, its
            // password) is tried on reads only.
            let ends_session = route.starts_with("/auth/")
                || route.starts_with("/me/sessions")
                || route == "/me/password";
            if ends_session && method != Method::GET {
                continue;
            }
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let send =
                |query: String, headers: Vec<(&'static str, String)>, body: Option<Value>| {
                    let mut request = ciso.request(
                        method.clone(),
                        &format!(
                            "{}{query}",
                            concrete.trim_start_matches(&format!("http://{}", app.address))
                        ),
                    );
                    for (name, value) in headers {
                        request = request.header(name, value);
                    }
                    if let Some(body) = body {
                        request = request.json(&body);
                    }
                    // A live stream answers at once and never ends: its body is not waited for.
                    request.timeout(std::time::Duration::from_secs(3))
                };

            // A query parameter the route does not declare is refused, naming it.
            let (refused, said) = refuses(
                send("?zz_undeclared=1".into(), vec![], None)
                    .send()
                    .await
                    .unwrap(),
                "zz_undeclared",
            )
            .await;
            if !refused {
                failures.push(format!(
                    "{method} {route}: an undeclared query parameter is answered {said}"
                ));
            }
            tried += 1;

            // Each declared query constraint, just outside and just inside (on reads).
            if method == Method::GET {
                for parameter in parameters.iter().filter(|p| p["in"] == "query") {
                    let name = parameter["name"].as_str().unwrap();
                    for (what, inside, outside) in probes(&document, &parameter["schema"]) {
                        let text =
                            |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                        let encode = |v: &Value| {
                            form_urlencoded::byte_serialize(text(v).as_bytes()).collect::<String>()
                        };
                        let (refused, said) = refuses(
                            send(format!("?{name}={}", encode(&outside)), vec![], None)
                                .send()
                                .await
                                .unwrap(),
                            name,
                        )
                        .await;
                        if !refused {
                            failures.push(format!(
                                "GET {route}: ?{name} outside its {what} is answered {said}"
                            ));
                        }
                        if let Some(inside) = inside {
                            let (refused, said) = refuses(
                                send(format!("?{name}={}", encode(&inside)), vec![], None)
                                    .send()
                                    .await
                                    .unwrap(),
                                name,
                            )
                            .await;
                            if refused {
                                failures.push(format!(
                                    "GET {route}: ?{name} inside its {what} is refused: {said}"
                                ));
                            }
                        }
                        tried += 1;
                    }
                }
            }

            let declares_if_match = parameters.iter().any(|p| p["name"] == "If-Match");
            let body_schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            let body = (!body_schema.is_null()).then(|| sample(&document, body_schema, 0));
            // Each declared constraint of the body's top-level fields, just outside (first: the
            // sample's own try below may create what a second one would conflict with).
            let mut field_failures = Vec::new();
            if let Some(body) = &body {
                let schema = resolve(&document, body_schema);
                // The version it is at (from the nearest resource above it that has one): a
                // stale one would be refused before the body is read.
                let mut version = None;
                if declares_if_match {
                    let mut above = concrete.clone();
                    while version.is_none() && above.matches('/').count() > 2 {
                        let answer = ciso.get(&above).await;
                        version = answer
                            .headers()
                            .get("etag")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        above = above
                            .rsplit_once('/')
                            .map(|(a, _)| a.to_owned())
                            .unwrap_or_default();
                    }
                }
                let headers = || {
                    version
                        .clone()
                        .map(|v| vec![("if-match", v)])
                        .unwrap_or_default()
                };
                for (field, field_schema) in schema["properties"].as_object().into_iter().flatten()
                {
                    for (what, _inside, outside) in probes(&document, field_schema) {
                        let mut bad = body.clone();
                        bad[field.as_str()] = outside.clone();
                        let response = send(String::new(), headers(), Some(bad))
                            .send()
                            .await
                            .unwrap();
                        let status = response.status();
                        // Refused for what is checked first (the caller, the version): not a
                        // statement about this field.
                        if matches!(
                            status,
                            StatusCode::FORBIDDEN
                                | StatusCode::NOT_FOUND
                                | StatusCode::PRECONDITION_FAILED
                                | StatusCode::CONFLICT
                        ) {
                            continue;
                        }
                        let (refused, said) = refuses(response, field).await;
                        if !refused {
                            field_failures.push(format!("{method} {route}: {field} outside its {what} ({outside}) is answered {said}"));
                        }
                        tried += 1;
                    }
                }
            }

            // If-Match: 428 without it where declared; never 428 where not. Where it is not
            // declared, that request is the sample's own try: if it is refused, what was refused
            // above says nothing of the field tried.
            let mut sampled = true;
            if method != Method::GET
                && operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty())
            {
                let baseline = send(String::new(), vec![], body.clone())
                    .send()
                    .await
                    .unwrap();
                let status = baseline.status();
                if declares_if_match {
                    if status == StatusCode::PRECONDITION_REQUIRED {
                        if_match_seen += 1;
                    } else if !matches!(
                        status,
                        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::CONFLICT
                    ) {
                        failures.push(format!(
                            "{method} {route}: declares If-Match, answered {status} without it"
                        ));
                    }
                } else if status == StatusCode::PRECONDITION_REQUIRED {
                    failures.push(format!(
                        "{method} {route}: answers 428 but declares no If-Match"
                    ));
                } else if matches!(
                    status,
                    StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
                ) {
                    sampled = false;
                    unsampled.push(format!(
                        "{method} {route}: {}",
                        baseline.text().await.unwrap_or_default()
                    ));
                }
                tried += 1;
            }
            if sampled {
                failures.extend(field_failures);
            }
        }
    }
    eprintln!(
        "bodies without a valid sample (their fields untried):\n{}",
        unsampled.join("\n")
    );
    assert!(tried > 200, "{tried} constraints tried");
    assert!(
        if_match_seen > 10,
        "If-Match enforced on {if_match_seen} routes"
    );
    assert!(
        failures.is_empty(),
        "{} of {tried} disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
