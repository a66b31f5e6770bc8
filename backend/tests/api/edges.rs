//! The edges of the server: oversized bodies, slow clients, too many connections, graceful shutdown,
//! and the refused requests that must leave a trace in the security log.

use std::time::Duration;

use mamori::http::Settings;
use mamori_shared::api::assets::{AssetView, GrantView};
use mamori_shared::api::problem::Problem;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{spawn_demo_app, spawn_demo_app_with, Backend, TestApp};
use crate::organisation::security_log;

/// An upper bound for what must happen "soon": reaching it is a failure, never a pass.
const PATIENCE: Duration = Duration::from_secs(20);

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address).await.unwrap()
}

/// Reads until the server closes the connection (or `PATIENCE` runs out: a failure).
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answer))
        .await
        .expect("the server ends the connection")
        .ok();
    String::from_utf8_lossy(&answer).into_owned()
}

/// Reads until a whole response head has arrived.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&answer).contains("\r\n\r\n") {
        let read = tokio::time::timeout(PATIENCE, stream.read(&mut buffer))
            .await
            .expect("an answer arrives")
            .unwrap();
        assert_ne!(read, 0, "closed without an answer");
        answer.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn assert_problem(answer: &str, status: u16, kind: &str) {
    assert!(
        answer.starts_with(&format!("HTTP/1.1 {status} ")),
        "{answer}"
    );
    assert!(
        answer
            .to_lowercase()
            .contains("content-type: application/problem+json"),
        "{answer}"
    );
    assert!(
        answer.contains(&format!("\"/problems/{kind}\"")),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_1_mib_is_413_problem_json() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let body = json!({"login": "shokuin", "password": "x".repeat(1024 * 1024)});
    let response = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.kind, "/problems/payload-too-large");

    // The same without a length announced: the body is cut off as it is read.
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: mamori\r\nContent-Type: application/json\r\n\
              Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    send_chunked_over_a_mebibyte(&mut stream).await;
    assert_problem(&read_head(&mut stream).await, 413, "payload-too-large");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_does_not_finish_its_headers_is_disconnected() {
    let settings = Settings {
        header_read_timeout: Duration::from_secs(1),
        ..Settings::default()
    };
    let app = spawn_demo_app_with(Backend::Sqlite, settings).await;
    let mut stream = connect(&app).await;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: mamori\r\n")
        .await
        .unwrap();
    // Never a blank line: the server gives up on the request and closes.
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_that_takes_too_long_is_408_but_a_live_stream_is_not_cut() {
    let settings = Settings {
        request_timeout: Duration::from_secs(1),
        ..Settings::default()
    };
    let app = spawn_demo_app_with(Backend::Sqlite, settings).await;
    let staff = app.sign_in("shokuin").await;
    let manager = app.sign_in("sekinin").await;
    let mut events = staff.get("/api/v1/assets/events").await;
    assert_eq!(events.status(), StatusCode::OK);

    // A body announced and never sent.
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: mamori\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"login\":",
        )
        .await
        .unwrap();
    assert_problem(&read_head(&mut stream).await, 408, "request-timeout");

    // The stream opened before that is still open past the timeout, and carries the next change.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let assets: mamori_shared::api::page::Page<AssetView> = manager
        .get("/api/v1/assets?limit=500")
        .await
        .json()
        .await
        .unwrap();
    let minutes = assets
        .items
        .into_iter()
        .find(|a| a.name == "企画会議議事録")
        .unwrap();
    let changed = manager
        .send(Method::POST, &format!("/api/v1/assets/{}/classification", minutes.id), &json!({"classification": {"confidentiality": "1", "integrity": "1", "availability": "1"}, "reason": "公開済み"}), Some(minutes.version))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let mut received = String::new();
    while !received.contains(&minutes.id.to_string()) {
        let chunk = tokio::time::timeout(PATIENCE, events.chunk())
            .await
            .expect("a change arrives")
            .unwrap()
            .expect("the stream stays open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_past_the_cap_wait_until_one_ends() {
    let settings = Settings {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(600),
        ..Settings::default()
    };
    let app = spawn_demo_app_with(Backend::Sqlite, settings).await;
    let first = connect(&app).await;
    let _second = connect(&app).await;
    let mut third = connect(&app).await;
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: mamori\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buffer)).await;
    assert!(early.is_err(), "answered while two connections were open");
    drop(first);
    let answer = read_to_close(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_lets_the_request_in_flight_finish() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let mut stream = connect(&app).await;
    let body = br#"{"login": "shokuin", "password": "wrong-password"}"#;
    let head = format!(
        "POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: mamori\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    // The request has started when the server stops; it still gets its answer.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let address = app.address;
    let stopping = tokio::spawn(app.shut_down());
    tokio::time::sleep(Duration::from_millis(200)).await;
    stream.write_all(&body[10..]).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    tokio::time::timeout(PATIENCE, stopping)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(address).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_without_the_csrf_token_is_recorded() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let session = app.sign_in("shokuin").await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/sign-out"))
        .header("cookie", format!("mamori_session={}", session.token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let log = security_log(&app).await;
    let refused: Vec<_> = log
        .iter()
        .filter(|(kind, _)| kind == "security.csrf_refused")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(refused.len(), 1, "{log:?}");
    assert_eq!(refused[0]["person_id"], session.me.person_id.to_string());
    assert_eq!(refused[0]["method"], "POST");
    assert_eq!(refused[0]["path"], "/api/v1/auth/sign-out");
    assert_eq!(refused[0]["address"], "127.0.0.1");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_self_approval_is_recorded() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let manager = app.sign_in("kanrisha").await;
    let assets: mamori_shared::api::page::Page<AssetView> = manager
        .get("/api/v1/assets?limit=500")
        .await
        .json()
        .await
        .unwrap();
    // An asset the manager administers: they may decide requests on it, but not their own.
    let mut administered = None;
    for asset in &assets.items {
        let grants = format!("/api/v1/assets/{}/grants", asset.id);
        if manager.get(&grants).await.status() == StatusCode::OK {
            administered = Some(asset);
            break;
        }
    }
    let asset = administered.expect("the manager administers an asset");
    let requested = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/grants", asset.id),
            &json!({"access": "use", "reason": "作業のため", "until": "2099-12-31"}),
            None,
        )
        .await;
    assert_eq!(requested.status(), StatusCode::CREATED);
    let grant: GrantView = requested.json().await.unwrap();
    let own = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/approve", grant.id),
            &json!({"reason": "自分で承認"}),
            Some(grant.version),
        )
        .await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    let log = security_log(&app).await;
    let refused: Vec<_> = log
        .iter()
        .filter(|(kind, _)| kind == "security.self_approval_refused")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(refused.len(), 1, "{log:?}");
    assert_eq!(refused[0]["person_id"], manager.me.person_id.to_string());
    assert_eq!(refused[0]["grant_id"], grant.id.to_string());
}

/// An `Idempotency-Key` makes the body be read before the handler: still 413, not 400.
#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_chunked_body_with_an_idempotency_key_is_too_large() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let admin = app.sign_in("tokatsu").await;
    let mut stream = connect(&app).await;
    let head = format!(
        "POST /api/v1/departments HTTP/1.1\r\nHost: mamori\r\nContent-Type: application/json\r\n\
         Cookie: mamori_session={}\r\nX-CSRF-Token: {}\r\nIdempotency-Key: big-1\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        admin.token, admin.me.csrf_token
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    send_chunked_over_a_mebibyte(&mut stream).await;
    assert_problem(&read_head(&mut stream).await, 413, "payload-too-large");
}

/// A chunked body of 1.25 MiB, announced nowhere; the server may close before it is all sent.
async fn send_chunked_over_a_mebibyte(stream: &mut TcpStream) {
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..20 {
        let head = format!("{:x}\r\n", chunk.len());
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(&chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
}
