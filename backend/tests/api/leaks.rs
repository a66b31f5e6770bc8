//! No answer shows what Cedar would not let its reader see. Every GET route of the route table is
//! asked by every demo person, with every path parameter filled by every real id of its kind, and
//! every id found anywhere in every answer (JSON, CSV) is checked against a decision about that one
//! item:
//!
//! - an asset: Cedar permits `asset.view`, or it is the asset of the reader's own request;
//! - a grant: it is the reader's own request, or Cedar permits `asset.manage` on its asset;
//! - a person or a department: Cedar permits `person.view` / `department.view`, or it is named inside
//!   the record of something the reader may see (an asset's owner and custodian, the actor of one of
//!   its events, a person's department).
//!
//! Driven by the route table and by the ids found in the answers, it covers a new area's routes as
//! they are added: a parameter `{thing_id}` is filled from the `thing_id` fields of earlier answers.

use std::collections::{BTreeMap, BTreeSet};

use mamori::authz::{Action, Resource, World};
use mamori::clock::today;
use mamori::http::routes::table;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

/// What an id in an answer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Department,
    Person,
    Asset,
    Grant,
    /// Not an entity Cedar decides on (a session, a role assignment, an id of a future area).
    Other,
}

struct Reader<'a> {
    app: &'a TestApp,
    person: Uuid,
}

impl Reader<'_> {
    fn with_world<T>(&self, f: impl FnOnce(World<'_>) -> T) -> T {
        let snapshot = self.app.state.projections.snapshot();
        f(snapshot.world())
    }

    fn allowed(&self, action: Action, resource: Resource) -> bool {
        self.with_world(|world| {
            self.app
                .state
                .authz
                .is_allowed(world, self.person, action, resource, today())
        })
    }

    fn kind(&self, id: Uuid) -> Kind {
        self.with_world(|world| {
            if world.register.assets.contains_key(&id) {
                Kind::Asset
            } else if world.register.grants.contains_key(&id) {
                Kind::Grant
            } else if world.directory.people.contains_key(&id) {
                Kind::Person
            } else if world.directory.departments.contains_key(&id) {
                Kind::Department
            } else {
                Kind::Other
            }
        })
    }

    /// The reader's own request for access (whatever its state), if `grant` is one.
    fn own_request(&self, grant: Uuid) -> bool {
        self.with_world(|world| {
            world
                .register
                .grants
                .get(&grant)
                .is_some_and(|g| g.person_id == self.person)
        })
    }

    /// Their own requests; the grants of the assets whose grants Cedar lets them see.
    fn may_see_grant(&self, grant: Uuid) -> bool {
        let asset = self.with_world(|world| world.register.grants.get(&grant).map(|g| g.asset_id));
        self.own_request(grant)
            || asset.is_some_and(|asset| self.allowed(Action::ASSET_GRANTS, Resource::asset(asset)))
    }

    fn may_see_asset(&self, asset: Uuid) -> bool {
        let asked: Vec<Uuid> = self.with_world(|world| {
            world
                .register
                .grants
                .values()
                .filter(|g| g.asset_id == asset)
                .map(|g| g.id)
                .collect()
        });
        self.allowed(Action::ASSET_VIEW, Resource::asset(asset))
            || asked.into_iter().any(|grant| self.own_request(grant))
    }

    /// Whether `id` is something the reader may see whose record may name people and departments.
    fn is_visible_record(&self, id: Uuid) -> bool {
        match self.kind(id) {
            Kind::Asset => self.allowed(Action::ASSET_VIEW, Resource::asset(id)),
            Kind::Grant => self.may_see_grant(id),
            Kind::Person => self.allowed(Action::PERSON_VIEW, Resource::person(id)),
            Kind::Department | Kind::Other => false,
        }
    }

    /// Whether the reader may be shown `id`, `within_visible` if it sits in a visible record.
    fn may_see(&self, id: Uuid, within_visible: bool) -> bool {
        match self.kind(id) {
            Kind::Asset => self.may_see_asset(id),
            Kind::Grant => self.may_see_grant(id),
            Kind::Person => {
                within_visible || self.allowed(Action::PERSON_VIEW, Resource::person(id))
            }
            Kind::Department => {
                within_visible || self.allowed(Action::DEPARTMENT_VIEW, Resource::department(id))
            }
            Kind::Other => true,
        }
    }
}

/// Every UUID written in `text` (alone, or inside e.g. `asset:<id>` or a CSV row).
fn uuids_in(text: &str) -> Vec<Uuid> {
    let bytes = text.as_bytes();
    let shape = |window: &[u8]| {
        window.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    };
    let mut found = Vec::new();
    let mut at = 0;
    while at + 36 <= bytes.len() {
        match (shape(&bytes[at..at + 36]), text.get(at..at + 36)) {
            (true, Some(candidate)) => {
                if let Ok(id) = Uuid::parse_str(candidate) {
                    found.push(id);
                }
                at += 36;
            }
            _ => at += 1,
        }
    }
    found
}

/// Checks every id in `value`; records what the reader should not have been shown.
fn walk(reader: &Reader<'_>, value: &Value, within_visible: bool, leaks: &mut Vec<Uuid>) {
    match value {
        Value::Object(fields) => {
            let here = within_visible
                || fields.values().any(|v| {
                    v.as_str()
                        .and_then(|s| Uuid::parse_str(s).ok())
                        .is_some_and(|id| reader.is_visible_record(id))
                });
            for (key, value) in fields {
                check_text(reader, key, here, leaks);
                walk(reader, value, here, leaks);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(reader, item, within_visible, leaks);
            }
        }
        Value::String(text) => check_text(reader, text, within_visible, leaks),
        _ => {}
    }
}

fn check_text(reader: &Reader<'_>, text: &str, within_visible: bool, leaks: &mut Vec<Uuid>) {
    leaks.extend(
        uuids_in(text)
            .into_iter()
            .filter(|id| !reader.may_see(*id, within_visible)),
    );
}

/// Collects the values of every `*_id` field, by field name, to fill parameters of the same name.
fn harvest(value: &Value, into: &mut BTreeMap<String, BTreeSet<String>>) {
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                if let (true, Some(text)) = (key.ends_with("_id"), value.as_str()) {
                    if Uuid::parse_str(text).is_ok() {
                        into.entry(key.clone()).or_default().insert(text.to_owned());
                    }
                }
                harvest(value, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| harvest(item, into)),
        _ => {}
    }
}

/// The `{name}` parameters of a route path.
fn parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// Every concrete path of a route: each parameter takes every value known for it (ids of its kind
/// in the demo data, else the values of same-named fields seen in answers).
fn concrete_paths(path: &str, known: &BTreeMap<String, BTreeSet<String>>) -> (Vec<String>, bool) {
    let mut paths = vec![path.to_owned()];
    let mut filled = true;
    for name in parameters(path) {
        let values: Vec<String> = match known.get(name) {
            Some(values) if !values.is_empty() => values.iter().cloned().collect(),
            _ => {
                filled = false;
                vec![Uuid::nil().to_string()]
            }
        };
        paths = paths
            .iter()
            .flat_map(|p| {
                values
                    .iter()
                    .map(move |v| p.replace(&format!("{{{name}}}"), v))
            })
            .collect();
    }
    (paths, filled)
}

fn demo_ids(app: &TestApp) -> BTreeMap<String, BTreeSet<String>> {
    let snapshot = app.state.projections.snapshot();
    let ids = |ids: Vec<Uuid>| ids.into_iter().map(|id| id.to_string()).collect();
    BTreeMap::from([
        (
            "department_id".to_owned(),
            ids(snapshot.directory.departments.keys().copied().collect()),
        ),
        (
            "person_id".to_owned(),
            ids(snapshot.directory.people.keys().copied().collect()),
        ),
        (
            "asset_id".to_owned(),
            ids(snapshot.register.assets.keys().copied().collect()),
        ),
        (
            "grant_id".to_owned(),
            ids(snapshot.register.grants.keys().copied().collect()),
        ),
    ])
}

async fn no_answer_shows_what_cedar_hides(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let logins: Vec<String> = {
        let directory = app.state.projections.directory.read();
        let mut logins: Vec<String> = directory.people.values().map(|p| p.login.clone()).collect();
        logins.sort();
        logins
    };
    assert!(logins.len() >= 10, "every demo person");
    let mut routes: Vec<_> = table()
        .into_iter()
        .filter(|r| r.method == Method::GET)
        .collect();
    // Routes without parameters first: their answers supply ids for the others.
    routes.sort_by_key(|r| parameters(r.path).len());
    let mut known = demo_ids(&app);
    let mut answered: BTreeMap<&str, bool> = BTreeMap::new();
    let mut checked = 0usize;
    let mut leaks: Vec<String> = Vec::new();
    for login in &logins {
        let session: SignedIn<'_> = app.sign_in(login).await;
        let reader = Reader {
            app: &app,
            person: session.me.person_id,
        };
        for route in &routes {
            let (paths, filled) = concrete_paths(route.path, &known);
            for path in paths {
                let response = session.get(&format!("/api/v1{path}")).await;
                let status = response.status();
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                // A redirect (single sign-on's) answers with another server's page, not records.
                if filled && !(300..400).contains(&route.status) {
                    *answered.entry(route.path).or_default() |= status == StatusCode::OK;
                }
                if content_type.starts_with("text/event-stream") {
                    // A live stream tells of changes yet to come: live.rs checks what it tells.
                    continue;
                }
                let body = response.text().await.unwrap();
                // The answer is about the path's own items: what it names belongs to them.
                let about_visible = status == StatusCode::OK
                    && uuids_in(&path)
                        .into_iter()
                        .any(|id| reader.is_visible_record(id));
                let mut found = Vec::new();
                match serde_json::from_str::<Value>(&body) {
                    Ok(json) => {
                        harvest(&json, &mut known);
                        walk(&reader, &json, about_visible, &mut found);
                    }
                    // Not JSON (the CSV export): each line is one record.
                    Err(_) => {
                        for line in body.lines() {
                            let visible_row = about_visible
                                || uuids_in(line)
                                    .into_iter()
                                    .any(|id| reader.is_visible_record(id));
                            check_text(&reader, line, visible_row, &mut found);
                        }
                    }
                }
                checked += uuids_in(&body).len();
                leaks.extend(
                    found
                        .into_iter()
                        .map(|id| format!("GET {path} as {login}: {id} ({:?})", reader.kind(id))),
                );
            }
        }
    }
    assert!(leaks.is_empty(), "answers show what Cedar hides:\n{}", {
        leaks.sort();
        leaks.dedup();
        leaks.join("\n")
    });
    let silent: Vec<_> = answered.iter().filter(|(_, ok)| !**ok).collect();
    assert!(
        silent.is_empty(),
        "every GET route answers someone: {silent:?}"
    );
    assert!(
        checked > 1_000,
        "the walk reads the demo data ({checked} ids)"
    );
}
on_both!(no_answer_shows_what_cedar_hides);
