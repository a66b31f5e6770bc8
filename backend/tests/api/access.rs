//! Every route of the API, walked from the router's own table: without a session it answers 401,
//! and for a principal that no policy permits, 403 — except the routes deliberately public.

use mamori::authz::{policy_files, Authorizer};
use mamori::http::routes::{table, Access, Target};
use reqwest::StatusCode;

use crate::helpers::{spawn_app_on, spawn_demo_app, Backend};

/// Fills `{param}` segments with a real id so that the request reaches the authorization of an
/// existing resource; any other parameter (a new area's) with an id that names nothing, which
/// must be refused just the same.
fn concrete(path: &str, (department, person, asset, grant): &Ids) -> String {
    let known = path
        .replace("{department_id}", department)
        .replace("{person_id}", person)
        .replace("{asset_id}", asset)
        .replace("{grant_id}", grant);
    known
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "00000000-0000-0000-0000-000000000000"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_non_public_route_refuses_a_request_without_a_session() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let ids = some_ids(&app);
    let mut checked = 0;
    for route in table() {
        let path = concrete(route.path, &ids);
        let response = app
            .client
            .request(route.method.clone(), app.url(&format!("/api/v1{path}")))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        match route.access {
            Access::Public => assert_ne!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{} {}",
                route.method,
                route.path
            ),
            Access::Permit(..) => {
                assert_eq!(
                    response.status(),
                    StatusCode::UNAUTHORIZED,
                    "{} {}",
                    route.method,
                    route.path
                );
                assert_eq!(
                    response.headers()["content-type"],
                    "application/problem+json"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 15,
        "the table has its protected routes ({checked})"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_non_public_route_refuses_a_principal_no_policy_permits() {
    // The real schema and no permit at all: whoever signs in is permitted nothing.
    let schemas = policy_files(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../policies"
    )))
    .unwrap()
    .into_iter()
    .filter(|(name, _)| name.ends_with(".cedarschema"))
    .collect();
    let deny_all = Authorizer::from_files(schemas).unwrap();
    let app = spawn_app_on(Backend::Sqlite, deny_all).await;
    mamori::demo::seed(&app.state.store, &app.state.projections)
        .await
        .unwrap();
    let ids = some_ids(&app);
    let session = app.sign_in("tokatsu").await;
    for route in table() {
        if matches!(route.access, Access::Public) {
            continue;
        }
        let path = concrete(route.path, &ids);
        let response = session
            .request(route.method.clone(), &format!("/api/v1{path}"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        // An asset the caller may not see is "not found" rather than "forbidden": its existence
        // is not confirmed. Either way, refused.
        let hides = |target: Target| target.kind().is_some_and(|k| k.hidden_unless.is_some());
        let expected = match route.access {
            Access::Permit(_, Target::PathOrOrganisation(..)) => StatusCode::FORBIDDEN,
            Access::Permit(_, target) if hides(target) => StatusCode::NOT_FOUND,
            _ => StatusCode::FORBIDDEN,
        };
        assert_eq!(
            response.status(),
            expected,
            "{} {}",
            route.method,
            route.path
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_are_written_to_the_security_log() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let staff = app.sign_in("shokuin").await;
    let response = staff
        .send(
            reqwest::Method::POST,
            "/api/v1/departments",
            &serde_json::json!({"name": "x"}),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let log = crate::organisation::security_log(&app).await;
    assert!(log
        .iter()
        .any(|(kind, payload)| kind == "security.authorization_denied"
            && payload["action"] == "organisation.manage"
            && payload["person_id"] == staff.me.person_id.to_string()));
}

type Ids = (String, String, String, String);

/// Real ids of each kind, so that requests reach the authorization of an existing resource.
fn some_ids(app: &crate::helpers::TestApp) -> Ids {
    let snapshot = app.state.projections.snapshot();
    let department = snapshot
        .directory
        .departments
        .keys()
        .next()
        .unwrap()
        .to_string();
    let person = snapshot
        .directory
        .person_by_login("shokuin")
        .unwrap()
        .id
        .to_string();
    let asset = snapshot.register.assets.keys().next().unwrap().to_string();
    let grant = snapshot.register.grants.keys().next().unwrap().to_string();
    (department, person, asset, grant)
}

/// An action a route declares is one the schema has: a misspelt code would be refused by Cedar on
/// every request, and would pass unnoticed by the walks above.
#[test]
fn every_route_action_is_in_the_schema() {
    let authz = Authorizer::embedded().unwrap();
    for route in table() {
        if let Access::Permit(action, target) = route.access {
            assert!(
                authz.action(action.code()).is_some(),
                "{} {}: {}",
                route.method,
                route.path,
                action.code()
            );
            if let Target::PathOrOrganisation(_, _, instead) = target {
                assert!(authz.action(instead.code()).is_some(), "{}", instead.code());
            }
        }
    }
}
