//! `Idempotency-Key`: a retried command gets the first answer and writes nothing.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_demo_app, Backend};
use crate::on_both;

async fn a_retry_with_the_same_key_gets_the_first_answer(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let admin = app.sign_in("tokatsu").await;
    let create = |name: &str, key: &str| {
        admin
            .request(Method::POST, "/api/v1/departments")
            .header("idempotency-key", key)
            .json(&json!({"name": name}))
            .send()
    };
    let first = create("情報政策課", "retry-1").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let location = first.headers()["location"].clone();
    let etag = first.headers()["etag"].clone();
    let body = first.text().await.unwrap();
    let head = app.state.store.head();

    let retried = create("情報政策課", "retry-1").await.unwrap();
    assert_eq!(retried.status(), StatusCode::CREATED);
    assert_eq!(retried.headers()["location"], location);
    assert_eq!(retried.headers()["etag"], etag);
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    assert_eq!(retried.text().await.unwrap(), body);
    assert_eq!(app.state.store.head(), head, "the retry wrote nothing");
    let named = app
        .state
        .projections
        .directory
        .read()
        .departments
        .values()
        .filter(|d| d.name == "情報政策課")
        .count();
    assert_eq!(named, 1, "one department, not two");

    // The same key for another request is refused.
    let other = create("総務課分室", "retry-1").await.unwrap();
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = other.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/idempotency-key-reused");
    assert_eq!(app.state.store.head(), head);

    // Keys are per caller: another person's same key is a request of its own.
    let ciso = app.sign_in("ciso").await;
    let theirs = ciso
        .request(Method::POST, "/api/v1/departments")
        .header("idempotency-key", "retry-1")
        .json(&json!({"name": "情報政策課"}))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::CREATED);
    assert!(theirs.headers().get("idempotent-replayed").is_none());

    // A refusal is kept too: the retry gets the same refusal without running again.
    let bad = create("", "retry-2").await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_again = create("", "retry-2").await.unwrap();
    assert_eq!(bad_again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_again.headers()["idempotent-replayed"], "true");
}
on_both!(a_retry_with_the_same_key_gets_the_first_answer);

#[tokio::test]
async fn a_malformed_key_is_refused() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let admin = app.sign_in("tokatsu").await;
    let head = app.state.store.head();
    let refused = admin
        .request(Method::POST, "/api/v1/departments")
        .header("idempotency-key", "x".repeat(256))
        .json(&json!({"name": "長すぎる鍵"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.state.store.head(), head);
}

/// A command whose events are committed but not yet shown answers 202 with their position, so that
/// the client does not retry it as a failure (and act twice).
#[tokio::test]
async fn committed_but_not_yet_visible_is_accepted_not_an_error() {
    use axum::response::IntoResponse;
    use mamori::http::error::ApiError;

    let app = spawn_demo_app(Backend::Sqlite).await;
    let beyond = app.state.store.head() + 1_000;
    match app.state.settle(Some(beyond)).await {
        Err(ApiError::Accepted { position }) => assert_eq!(position, beyond),
        other => panic!("expected Accepted, got {other:?}"),
    }
    let response = ApiError::Accepted { position: beyond }.into_response();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["position"], beyond);
}

/// What one caller's keys can make the server keep is bounded: past the cap, a keyed request is
/// refused (429) and writes nothing; the same request without a key runs as usual.
#[tokio::test]
async fn the_answers_kept_for_one_caller_are_bounded() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let admin = app.sign_in("tokatsu").await;
    let mamori::database::Database::Sqlite(pool) = app.state.store.database() else {
        unreachable!("a SQLite app")
    };
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) \
         INSERT INTO idempotency_keys (principal, key, request_hash, created_at, status, headers, body) \
         SELECT $1, 'earlier-' || i, 'h', $2, 201, '[]', x'' FROM n",
    )
    .bind(admin.me.person_id.to_string())
    .bind(mamori::clock::now_micros())
    .execute(pool)
    .await
    .unwrap();
    let head = app.state.store.head();
    let refused = admin
        .request(Method::POST, "/api/v1/departments")
        .header("idempotency-key", "one-more")
        .json(&json!({"name": "上限の確認"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.state.store.head(), head, "nothing written");
    let without_key = admin
        .send(
            Method::POST,
            "/api/v1/departments",
            &json!({"name": "上限の確認"}),
            None,
        )
        .await;
    assert_eq!(without_key.status(), StatusCode::CREATED);
}
