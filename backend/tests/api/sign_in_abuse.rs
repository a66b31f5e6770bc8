//! Sign-in under attack: long logins, parallel guesses, a full password queue, a flood of refusals
//! in the security log, and client addresses behind a reverse proxy.

use mamori::http::{Settings, TrustedProxies};
use mamori_shared::api::problem::Problem;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_demo_app, spawn_demo_app_with, Backend, TestApp};
use crate::on_both;
use crate::organisation::security_log;

async fn sign_in(app: &TestApp, login: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap()
}

fn sign_ins(log: &[(String, Value)], outcome: &str) -> Vec<Value> {
    log.iter()
        .filter(|(kind, p)| kind == "security.sign_in_attempted" && p["outcome"] == outcome)
        .map(|(_, p)| p.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_longer_than_64_characters_is_refused_naming_the_field() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let response = sign_in(&app, &"a".repeat(65), "whatever-password").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "login");
    assert!(
        security_log(&app).await.is_empty(),
        "nothing was attempted, nothing is recorded"
    );
}

async fn parallel_guesses_are_all_counted(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let guesses = (0..8).map(|i| {
        let app = &app;
        async move {
            sign_in(app, "shokuin", &format!("wrong-password-{i}"))
                .await
                .status()
        }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        (checked, limited),
        (5, 3),
        "five passwords checked, whatever the timing: {answers:?}"
    );
    assert_eq!(
        app.try_sign_in("shokuin", mamori::demo::DEMO_PASSWORD)
            .await
            .err(),
        Some(StatusCode::TOO_MANY_REQUESTS)
    );
}
on_both!(parallel_guesses_are_all_counted);

#[tokio::test(flavor = "multi_thread")]
async fn a_full_password_queue_answers_503_with_retry_after() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    // Every place in the queue taken, as by a burst of sign-ins in flight.
    let places: Vec<_> = std::iter::from_fn(|| app.state.password_workers.admit().ok()).collect();
    assert!(!places.is_empty());
    let response = sign_in(&app, "shokuin", mamori::demo::DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.kind, "/problems/busy");
    assert!(!problem.title_ja.is_empty());
    drop(places);
    assert!(
        app.try_sign_in("shokuin", mamori::demo::DEMO_PASSWORD)
            .await
            .is_ok(),
        "not counted against the account"
    );
}

async fn a_flood_of_refusals_is_recorded_once_then_summarised(backend: Backend) {
    let mut app = spawn_demo_app(backend).await;
    let mut answers = Vec::new();
    // 20 failures lock the address; the 10 attempts after are refused unchecked.
    for i in 0..30 {
        let response = sign_in(&app, &format!("nobody-{i}"), "wrong-password").await;
        answers.push(response.status());
    }
    assert_eq!(
        answers
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        10
    );
    let log = security_log(&app).await;
    assert_eq!(
        sign_ins(&log, "refused").len(),
        20,
        "checked attempts, each"
    );
    let limited = sign_ins(&log, "rate_limited");
    assert_eq!(limited.len(), 1, "the first refusal of the address only");
    assert_eq!(limited[0]["address"], "127.0.0.1");

    // The period's summary is written at the latest at shutdown.
    app.stop().await;
    let log = security_log(&app).await;
    let summaries: Vec<_> = log
        .iter()
        .filter(|(kind, _)| kind == "security.sign_in_refusals_summarised")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(summaries.len(), 1, "{log:?}");
    assert_eq!(summaries[0]["rate_limited"], 9);
    assert_eq!(summaries[0]["busy"], 0);
    assert!(summaries[0]["from"].as_str().unwrap() <= summaries[0]["until"].as_str().unwrap());
}
on_both!(a_flood_of_refusals_is_recorded_once_then_summarised);

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_the_forwarded_client_is_the_address() {
    let settings = Settings {
        trusted_proxies: TrustedProxies::parse("127.0.0.1").unwrap(),
        ..Settings::default()
    };
    let app = spawn_demo_app_with(Backend::Sqlite, settings).await;
    let forwarded = |app: &TestApp, client: &str, login: &str, password: &str| {
        app.client
            .post(app.url("/api/v1/auth/sign-in"))
            // The client's own claim first, then what the proxy saw.
            .header("x-forwarded-for", format!("10.9.9.9, {client}"))
            .json(&json!({"login": login, "password": password}))
            .send()
    };
    let response = forwarded(&app, "203.0.113.5", "shokuin", "wrong-password")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let log = security_log(&app).await;
    assert_eq!(sign_ins(&log, "refused")[0]["address"], "203.0.113.5");

    // Throttled per client, not per proxy: one client's failures leave the others alone.
    for i in 0..25 {
        let _ = forwarded(&app, "203.0.113.5", &format!("x{i}"), "wrong")
            .await
            .unwrap();
    }
    let limited = forwarded(&app, "203.0.113.5", "shokuin", "wrong").await;
    assert_eq!(limited.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    let other = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .header("forwarded", "for=198.51.100.7")
        .json(&json!({"login": "kaikei", "password": mamori::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);

    // Without the setting, the headers are ignored: the peer is the client.
    let direct = spawn_demo_app(Backend::Sqlite).await;
    let response = forwarded(&direct, "203.0.113.5", "shokuin", "wrong-password")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let log = security_log(&direct).await;
    assert_eq!(sign_ins(&log, "refused")[0]["address"], "127.0.0.1");
}
