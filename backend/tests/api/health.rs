use mamori_shared::api::health::{Health, ServiceStatus};
use mamori_shared::api::problem::Problem;
use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_reports_version_and_database() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, ServiceStatus::Ok);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(health.database.kind, "sqlite");
    assert_eq!(health.database.status, ServiceStatus::Ok);
    assert_eq!(health.database.head_position, Some(0));
}

#[tokio::test]
async fn probes_answer() {
    let app = spawn_app().await;
    let live = app.get("/healthz").await;
    assert_eq!(live.status(), StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn unknown_api_paths_are_problem_json_404s() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.kind, "/problems/not-found");
    assert_eq!(problem.status, 404);
    assert_eq!(problem.title_ja, "見つかりません");
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_any_handler() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/health"))
        .header("content-type", "application/json")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/health", "/api/v1/nope", "/healthz"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("http"),
            "{path}: the CSP names no external origin: {csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    }
}

/// Until the projections have the whole log, the server says it is not ready and the API answers
/// 503 with a reason (here the log holds an event the directory cannot read, so it never catches up).
#[tokio::test]
async fn not_ready_until_the_projections_have_the_log() {
    use mamori::authz::Authorizer;
    use mamori::database::Database;
    use mamori::http::Settings;
    use mamori::server::Server;
    use mamori::store::{EventStore, ExpectedVersion, Metadata, NewEvent, StreamId};
    use sqlx::sqlite::SqliteConnectOptions;

    let dir = tempfile::tempdir().unwrap();
    let db =
        Database::connect_sqlite(SqliteConnectOptions::new().filename(dir.path().join("m.db")))
            .await
            .unwrap();
    db.migrate().await.unwrap();
    let store = EventStore::open(db.clone(), Default::default())
        .await
        .unwrap();
    let unreadable = NewEvent::new(
        "organisation.person_registered",
        1,
        serde_json::json!({"not": "a person"}),
        Metadata::system(),
    );
    store
        .append(
            &StreamId::parse("person-x").unwrap(),
            ExpectedVersion::Any,
            vec![unreadable],
        )
        .await
        .unwrap();
    let server = Server::start_with(
        "127.0.0.1:0".parse().unwrap(),
        db,
        Authorizer::embedded().unwrap(),
        Settings::default(),
    )
    .await
    .expect("the server starts and serves while replaying");
    let address = server.local_addr();
    tokio::spawn(server.run(std::future::pending()));
    let url = |path: &str| format!("http://{address}{path}");
    let client = reqwest::Client::new();
    let live = client.get(url("/healthz")).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let ready = client.get(url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    // The replay meets the unreadable event a moment after the start: until then the answer is
    // "starting up", after it "unavailable", naming the projection; both are 503.
    let mut problem = None;
    for _ in 0..200 {
        let sign_in = client
            .post(url("/api/v1/auth/sign-in"))
            .json(&serde_json::json!({"login": "ciso", "password": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(sign_in.status(), StatusCode::SERVICE_UNAVAILABLE);
        let answer: Problem = sign_in.json().await.unwrap();
        if answer.kind == "/problems/unavailable" {
            problem = Some(answer);
            break;
        }
        assert_eq!(answer.kind, "/problems/starting-up");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let problem = problem.expect("the failed projection is named");
    assert_eq!(problem.kind, "/problems/unavailable");
    let health = client.get(url("/api/v1/health")).send().await.unwrap();
    assert_eq!(
        health.status(),
        StatusCode::OK,
        "the health document still answers"
    );
}
