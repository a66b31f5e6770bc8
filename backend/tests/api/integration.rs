//! Client systems over HTTP: tokens (scopes, expiry, rotation, revocation, never stored), the
//! event feed (every visible event exactly once across pages while appends run, never another),
//! and webhooks (signed, retried with one id, stopped by 410, exactly once across a restart).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::HeaderMap;
use base64::Engine;
use futures::TryStreamExt;
use mamori::http::Settings;
use mamori_shared::api::integration::{
    ClientView, CreatedSubscription, DeliveryView, FeedPage, IssuedToken,
};
use mamori_shared::api::page::Page;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, spawn_demo_app_with, Backend, SignedIn, TestApp};
use crate::on_both;

fn in_days(days: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::days(days))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

async fn register(tokatsu: &SignedIn<'_>, scopes: &[&str]) -> ClientView {
    let created = tokatsu
        .send(
            Method::POST,
            "/api/v1/clients",
            &json!({"name": "県 資産照会システム", "organisation": "宮城県 総務部", "contact": "情報政策課", "scopes": scopes}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    created.json().await.unwrap()
}

async fn issue(
    tokatsu: &SignedIn<'_>,
    client: Uuid,
    version: u64,
    expires_at: &str,
) -> IssuedToken {
    let issued = tokatsu
        .send(
            Method::POST,
            &format!("/api/v1/clients/{client}/tokens"),
            &json!({"label": "本番", "expires_at": expires_at}),
            Some(version),
        )
        .await;
    assert_eq!(issued.status(), StatusCode::CREATED);
    assert_eq!(issued.headers()["cache-control"], "no-store");
    issued.json().await.unwrap()
}

fn with_token(app: &TestApp, method: Method, path: &str, token: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, app.url(path))
        .header("authorization", format!("Bearer {token}"))
}

async fn status(app: &TestApp, path: &str, token: &str) -> StatusCode {
    with_token(app, Method::GET, path, token)
        .send()
        .await
        .unwrap()
        .status()
}

/// The token refusals recorded in the security log, by reason.
async fn refusals(app: &TestApp) -> Vec<String> {
    let stream = mamori::store::StreamId::parse("security-log").unwrap();
    let events: Vec<_> = app
        .state
        .store
        .read_stream(&stream, 0)
        .try_collect()
        .await
        .unwrap();
    events
        .into_iter()
        .filter(|e| e.event_type == "security.token_refused")
        .map(|e| e.payload["reason"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn a_token_is_scoped_expires_rotates_and_is_revoked(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let shokuin = app.sign_in("shokuin").await;
    let refused = shokuin
        .send(
            Method::POST,
            "/api/v1/clients",
            &json!({"name": "x", "organisation": "y", "scopes": ["assets:read"]}),
            None,
        )
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "staff do not register clients"
    );
    let client = register(&tokatsu, &["assets:read"]).await;
    let issued = issue(&tokatsu, client.id, client.version, &in_days(30)).await;
    let token = issued.value.clone();
    assert!(token.starts_with("mamori_") && token.len() == 50, "{token}");
    assert!(token.starts_with(&issued.token.prefix));

    // The register, as the policies let a client see it: never the top levels.
    let seen: Page<Value> = with_token(&app, Method::GET, "/api/v1/assets?limit=500", &token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all: Page<Value> = tokatsu
        .get("/api/v1/assets?limit=500")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        seen.total > 0 && seen.total < all.total,
        "{} of {}",
        seen.total,
        all.total
    );
    assert!(seen.items.iter().all(|a| a["level"] != "top"));

    // Beyond its scopes: 403 insufficient_scope, said in WWW-Authenticate.
    for path in ["/api/v1/feed", "/api/v1/people", "/api/v1/documents"] {
        let response = with_token(&app, Method::GET, path, &token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        let challenge = response.headers()["www-authenticate"].to_str().unwrap();
        assert!(challenge.contains("insufficient_scope"), "{challenge}");
    }
    let write = with_token(
        &app,
        Method::POST,
        &format!("/api/v1/departments/{}/assets", tokatsu.me.department_id),
        &token,
    )
    .json(&json!({"name": "x", "kind": "information"}))
    .send()
    .await
    .unwrap();
    assert_eq!(write.status(), StatusCode::FORBIDDEN, "no token writes");

    // Unknown or malformed: 401 invalid_token.
    let unknown = format!("mamori_{}", "A".repeat(43));
    assert_eq!(
        status(&app, "/api/v1/assets", &unknown).await,
        StatusCode::UNAUTHORIZED
    );
    let malformed = app
        .client
        .get(app.url("/api/v1/assets"))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::UNAUTHORIZED);
    assert!(malformed.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));

    // Its last use is shown; its value never is, nor stored anywhere.
    let view: ClientView = tokatsu
        .get(&format!("/api/v1/clients/{}", client.id))
        .await
        .json()
        .await
        .unwrap();
    let shown = &view.tokens[0];
    assert!(shown.last_used_at.is_some() && shown.last_used_from.as_deref() == Some("127.0.0.1"));
    let events: Vec<_> = app.state.store.read_all(0).try_collect().await.unwrap();
    assert!(events
        .iter()
        .all(|e| !e.payload.to_string().contains(&token[7..])));
    assert!(!serde_json::to_string(&view).unwrap().contains(&token[7..]));

    // Rotation: the new value works, the old is refused at once.
    let rotated = tokatsu
        .send(
            Method::POST,
            &format!(
                "/api/v1/clients/{}/tokens/{}/rotate",
                client.id, issued.token.id
            ),
            &json!({}),
            Some(issued.client_version),
        )
        .await;
    assert_eq!(rotated.status(), StatusCode::CREATED);
    let rotated: IssuedToken = rotated.json().await.unwrap();
    assert_eq!(rotated.token.replaces, Some(issued.token.id));
    assert_eq!(rotated.token.label, "本番");
    assert_eq!(
        status(&app, "/api/v1/assets", &token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, "/api/v1/assets", &rotated.value).await,
        StatusCode::OK
    );

    // Revoked: refused from the next request on.
    let revoked = tokatsu
        .request(
            Method::DELETE,
            &format!("/api/v1/clients/{}/tokens/{}", client.id, rotated.token.id),
        )
        .header("if-match", format!("\"{}\"", rotated.client_version))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let revoked: ClientView = revoked.json().await.unwrap();
    assert!(revoked.tokens.iter().all(|t| t.status == "revoked"));
    assert_eq!(
        status(&app, "/api/v1/assets", &rotated.value).await,
        StatusCode::UNAUTHORIZED
    );

    // Expired: refused once its time has come.
    let soon = (time::OffsetDateTime::now_utc() + time::Duration::seconds(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let short = issue(&tokatsu, client.id, revoked.version, &soon).await;
    assert_eq!(
        status(&app, "/api/v1/assets", &short.value).await,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(
        status(&app, "/api/v1/assets", &short.value).await,
        StatusCode::UNAUTHORIZED
    );

    // Bad input: 422 naming the field, nothing written.
    let bad = tokatsu
        .send(
            Method::POST,
            &format!("/api/v1/clients/{}/tokens", client.id),
            &json!({"label": "", "expires_at": in_days(400)}),
            Some(short.client_version),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Every refusal is in the security log (each kind once a minute per token or address).
    let reasons = refusals(&app).await;
    for reason in ["insufficient_scope", "unknown", "revoked", "expired"] {
        assert!(
            reasons.iter().any(|r| r == reason),
            "{reason} in {reasons:?}"
        );
    }
    let before = reasons.len();
    for _ in 0..20 {
        status(&app, "/api/v1/assets", &unknown).await;
    }
    assert_eq!(refusals(&app).await.len(), before, "a flood adds nothing");
}
on_both!(a_token_is_scoped_expires_rotates_and_is_revoked);

async fn the_feed_serves_every_visible_event_once_while_appends_run(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let client = register(&tokatsu, &["assets:read", "feed:read"]).await;
    let token = issue(&tokatsu, client.id, client.version, &in_days(30))
        .await
        .value;

    // Appends run while the feed is read, a page of 7 at a time.
    let writer = {
        let (url, client, cookie, csrf) = (
            app.url(&format!(
                "/api/v1/departments/{}/assets",
                tokatsu.me.department_id
            )),
            app.client.clone(),
            format!("mamori_session={}", tokatsu.token),
            tokatsu.me.csrf_token.clone(),
        );
        tokio::spawn(async move {
            for i in 0..30 {
                let response = client
                    .post(&url)
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&json!({"name": format!("連携テスト資産 {i}"), "kind": "information"}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
            }
        })
    };
    let mut served = Vec::new();
    let mut after = None::<String>;
    let mut quiet = 0;
    loop {
        let path = match &after {
            None => "/api/v1/feed?limit=7".to_owned(),
            Some(cursor) => format!("/api/v1/feed?limit=7&after={cursor}"),
        };
        let page: FeedPage = with_token(&app, Method::GET, &path, &token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(page.items.windows(2).all(|w| w[0].position < w[1].position));
        let empty = page.items.is_empty();
        served.extend(page.items);
        after = Some(page.next);
        if writer.is_finished() && empty {
            quiet += 1;
            if quiet == 2 {
                break;
            }
        }
    }
    writer.await.unwrap();

    // What the client may read, decided afresh over the whole log.
    let events: Vec<_> = app.state.store.read_all(0).try_collect().await.unwrap();
    let expected: HashSet<Uuid> = {
        let snapshot = app.state.projections.snapshot();
        events
            .iter()
            .filter(|e| {
                app.state.authz.may_read_stream(
                    snapshot.world(),
                    client.id,
                    e.stream_id.as_str(),
                    mamori::clock::today(),
                )
            })
            .map(|e| e.event_id)
            .collect()
    };
    let ids: Vec<Uuid> = served.iter().map(|i| i.id).collect();
    let unique: HashSet<Uuid> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no event twice");
    assert_eq!(unique, expected, "every visible event, and no other");
    assert!(
        served
            .iter()
            .filter(|i| i.event_type == "assets.asset_registered")
            .count()
            >= 30
    );
    assert!(
        events.len() > expected.len(),
        "some events are not the client's to see"
    );

    // Types filter; a cursor that is none is 422.
    let registered: FeedPage = with_token(
        &app,
        Method::GET,
        "/api/v1/feed?types=assets.asset_registered&limit=1000",
        &token,
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(registered
        .items
        .iter()
        .all(|i| i.event_type == "assets.asset_registered"));
    assert_eq!(
        status(&app, "/api/v1/feed?after=zzz", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        status(&app, "/api/v1/feed?limit=0", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}
on_both!(the_feed_serves_every_visible_event_once_while_appends_run);

/// What the receiver got: (headers, body) of each request.
type Received = Arc<Mutex<Vec<(HeaderMap, Vec<u8>)>>>;

/// A webhook receiver on loopback that answers each request with the next of `answers` (the last
/// one for every request after).
async fn receiver(answers: Vec<(u16, Option<&'static str>)>) -> (String, Received) {
    let received: Received = Arc::default();
    let seen = received.clone();
    let handler = move |headers: HeaderMap, body: axum::body::Bytes| {
        let seen = seen.clone();
        let answers = answers.clone();
        async move {
            let n = {
                let mut seen = seen.lock().unwrap();
                seen.push((headers, body.to_vec()));
                seen.len()
            };
            let (status, retry_after) = answers[(n - 1).min(answers.len() - 1)];
            let mut response = axum::response::Response::new(axum::body::Body::empty());
            *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", seconds.parse().unwrap());
            }
            response
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/mamori", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            axum::Router::new().route("/hooks/mamori", axum::routing::post(handler)),
        )
        .await
        .unwrap();
    });
    (url, received)
}

/// Checks a delivery's signature with another HMAC implementation (ring's), as a receiver would.
fn verify(secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let signed = format!(
        "{}.{}.{}",
        headers["webhook-id"].to_str().unwrap(),
        headers["webhook-timestamp"].to_str().unwrap(),
        String::from_utf8_lossy(body)
    );
    let tag = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key),
        signed.as_bytes(),
    );
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(tag.as_ref())
    );
    headers["webhook-signature"]
        .to_str()
        .unwrap()
        .split(' ')
        .any(|sig| sig == expected)
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..150 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen in time");
}

async fn new_asset(member: &SignedIn<'_>, name: &str) {
    let created = member
        .send(
            Method::POST,
            &format!("/api/v1/departments/{}/assets", member.me.department_id),
            &json!({"name": name, "kind": "information"}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

async fn subscribe(
    tokatsu: &SignedIn<'_>,
    client: Uuid,
    version: u64,
    url: &str,
) -> reqwest::Response {
    tokatsu
        .send(
            Method::POST,
            &format!("/api/v1/clients/{client}/subscriptions"),
            &json!({"url": url, "event_types": ["assets.asset_registered"]}),
            Some(version),
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn webhooks_are_signed_retried_with_one_id_and_stopped_by_gone() {
    let settings = || Settings {
        webhooks_allow_private: true,
        ..Settings::default()
    };
    // Loopback is refused unless the deployment allows it.
    let closed = spawn_demo_app(Backend::Sqlite).await;
    let tokatsu = closed.sign_in("tokatsu").await;
    let client = register(&tokatsu, &["assets:read", "feed:read"]).await;
    let refused = subscribe(
        &tokatsu,
        client.id,
        client.version,
        "http://127.0.0.1:9/hook",
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    drop(tokatsu);
    closed.shut_down().await.unwrap();

    let app = spawn_demo_app_with(Backend::Sqlite, settings()).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let client = register(&tokatsu, &["assets:read", "feed:read"]).await;
    // 500 twice (Retry-After: 1), then 200.
    let (url, received) = receiver(vec![(500, Some("1")), (500, Some("1")), (204, None)]).await;
    let created = subscribe(&tokatsu, client.id, client.version, &url).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: CreatedSubscription = created.json().await.unwrap();
    assert!(created.secret.starts_with("whsec_"));
    new_asset(&tokatsu, "Webhook 試験資産 1").await;
    until("three attempts", || received.lock().unwrap().len() >= 3).await;
    let attempts = received.lock().unwrap().clone();
    let ids: HashSet<_> = attempts
        .iter()
        .map(|(h, _)| h["webhook-id"].clone())
        .collect();
    assert_eq!(ids.len(), 1, "one webhook-id across retries");
    for (headers, body) in &attempts {
        assert!(verify(&created.secret, headers, body), "a valid signature");
        let body: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(body["type"], "assets.asset_registered");
        assert_eq!(body["data"]["name"], "Webhook 試験資産 1");
        assert!(body["timestamp"].as_str().is_some());
    }
    // The answer is recorded just after it came.
    let mut delivery = None;
    for _ in 0..50 {
        let log: Page<DeliveryView> = tokatsu
            .get(&format!("/api/v1/clients/{}/deliveries", client.id))
            .await
            .json()
            .await
            .unwrap();
        if let Some(d) = log.items.iter().find(|d| d.status == "delivered") {
            delivery = Some(d.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delivery = delivery.expect("delivered");
    assert_eq!(delivery.status, "delivered");
    assert_eq!(delivery.attempts, 3);
    assert_eq!(delivery.last_status, Some(204));

    // Replay: once more, with the same id.
    let replayed = tokatsu
        .send(
            Method::POST,
            &format!(
                "/api/v1/clients/{}/deliveries/{}/replay",
                client.id, delivery.id
            ),
            &json!({}),
            None,
        )
        .await;
    assert_eq!(replayed.status(), StatusCode::OK);
    until("the replay", || received.lock().unwrap().len() == 4).await;
    assert_eq!(
        received.lock().unwrap()[3].0["webhook-id"],
        delivery.id.as_str()
    );

    // A receiver that answers 410: the subscription stops, nothing more is sent.
    let (gone_url, gone) = receiver(vec![(410, None)]).await;
    let view: ClientView = tokatsu
        .get(&format!("/api/v1/clients/{}", client.id))
        .await
        .json()
        .await
        .unwrap();
    let second: CreatedSubscription = subscribe(&tokatsu, client.id, view.version, &gone_url)
        .await
        .json()
        .await
        .unwrap();
    new_asset(&tokatsu, "Webhook 試験資産 2").await;
    until("the 410", || gone.lock().unwrap().len() == 1).await;
    let mut off = false;
    for _ in 0..50 {
        let view: ClientView = tokatsu
            .get(&format!("/api/v1/clients/{}", client.id))
            .await
            .json()
            .await
            .unwrap();
        let s = view
            .subscriptions
            .iter()
            .find(|s| s.id == second.subscription.id)
            .unwrap();
        if !s.active {
            assert_eq!(s.disabled_reason.as_deref(), Some("gone"));
            off = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(off, "turned off by the system");
    new_asset(&tokatsu, "Webhook 試験資産 3").await;
    // The first subscription had both assets (2 and 3).
    until("the first receiver's deliveries", || {
        received.lock().unwrap().len() == 6
    })
    .await;
    assert_eq!(gone.lock().unwrap().len(), 1, "nothing after 410");

    // An event committed while the server is down is delivered once after it starts again; what
    // was delivered before is not sent again.
    drop(tokatsu);
    let mut app = app;
    app.stop().await;
    {
        let (store, projections) = mamori::server::open(app.state.store.database().clone())
            .await
            .unwrap();
        let owner = projections
            .directory
            .read()
            .person_by_login("tokatsu")
            .unwrap()
            .department_id;
        let tokatsu_id = projections
            .directory
            .read()
            .person_by_login("tokatsu")
            .unwrap()
            .id;
        let asset = Uuid::now_v7();
        mamori::commands::execute::<mamori::domain::assets::Asset>(
            &store,
            &asset,
            None,
            mamori::domain::assets::AssetCommand::Register {
                asset_id: asset,
                name: "停止中に登録".into(),
                kind: mamori_shared::assets::AssetKind::Information,
                owner_department_id: owner,
                custodian_id: None,
                tier: None,
                location: String::new(),
                description: String::new(),
                details: Default::default(),
            },
            mamori::store::Metadata::by(tokatsu_id.to_string(), mamori::store::Source::Cli),
        )
        .await
        .unwrap();
    }
    let app = app.restart_with(settings()).await;
    for _ in 0..300 {
        if received.lock().unwrap().len() >= 7 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if received.lock().unwrap().len() < 7 {
        let (rows, _) =
            mamori::webhooks::outbox::of_client(app.state.store.database(), client.id, 0, 20)
                .await
                .unwrap();
        let cursor = mamori::webhooks::outbox::cursor(app.state.store.database())
            .await
            .unwrap();
        panic!(
            "no delivery after the restart: cursor {cursor:?}, head {}, shown {}, {rows:#?}",
            app.state.store.head(),
            app.state.projections.position()
        );
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let all = received.lock().unwrap().clone();
    let seen: Vec<String> = all
        .iter()
        .map(|(h, b)| {
            let body: Value = serde_json::from_slice(b).unwrap();
            format!("{:?} {}", h["webhook-id"], body["data"]["name"])
        })
        .collect();
    assert_eq!(all.len(), 7, "exactly once, nothing repeated: {seen:#?}");
    let last: Value = serde_json::from_slice(&all[6].1).unwrap();
    assert_eq!(last["data"]["name"], "停止中に登録");
    app.shut_down().await.unwrap();
}

/// Reads server-sent events from `response` until one whose data contains `needle`: its id.
async fn next_event_with(response: &mut reqwest::Response, needle: &str) -> (String, Value) {
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("an event in time")
            .unwrap()
            .expect("the stream goes on");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let message: String = buffer.drain(..end + 2).collect();
            let id = message
                .lines()
                .find_map(|l| l.strip_prefix("id:"))
                .map(|s| s.trim().to_owned());
            let data = message
                .lines()
                .find_map(|l| l.strip_prefix("data:"))
                .map(|s| s.trim().to_owned());
            if let (Some(id), Some(data)) = (id, data) {
                if data.contains(needle) {
                    return (id, serde_json::from_str(&data).unwrap());
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_live_feed_follows_appends_and_resumes_after_the_last_event_id() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let client = register(&tokatsu, &["assets:read", "feed:read"]).await;
    let token = issue(&tokatsu, client.id, client.version, &in_days(30))
        .await
        .value;
    let live = |last: Option<String>| {
        let mut request = with_token(
            &app,
            Method::GET,
            "/api/v1/feed/live?types=assets.asset_registered",
            &token,
        );
        if let Some(last) = last {
            request = request.header("last-event-id", last);
        }
        request.send()
    };
    let mut stream = live(None).await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    new_asset(&tokatsu, "ライブ 1").await;
    let (first, item) = next_event_with(&mut stream, "ライブ 1").await;
    assert_eq!(item["type"], "assets.asset_registered");
    assert_eq!(item["cursor"], first.as_str());
    drop(stream);
    // Appended while no one listens: the reconnect gets it first, from where it left off.
    new_asset(&tokatsu, "ライブ 2").await;
    let mut resumed = live(Some(first)).await.unwrap();
    let (_, item) = next_event_with(&mut resumed, "ライブ").await;
    assert_eq!(item["data"]["name"], "ライブ 2");
    let bad = live(Some("not-a-cursor".into())).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_is_decided_again_and_not_sent_once_the_client_may_no_longer_read_it() {
    let settings = Settings {
        webhooks_allow_private: true,
        ..Settings::default()
    };
    let app = spawn_demo_app_with(Backend::Sqlite, settings).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let client = register(&tokatsu, &["assets:read", "feed:read"]).await;
    let (url, received) = receiver(vec![(503, Some("3"))]).await;
    let created: CreatedSubscription = subscribe(&tokatsu, client.id, client.version, &url)
        .await
        .json()
        .await
        .unwrap();
    new_asset(&tokatsu, "再判定の資産").await;
    until("the first attempt", || received.lock().unwrap().len() == 1).await;
    // The client loses the scope: the next attempt is not sent.
    let changed = tokatsu
        .send(
            Method::PUT,
            &format!("/api/v1/clients/{}", client.id),
            &json!({"name": client.name, "organisation": client.organisation, "contact": client.contact, "scopes": ["documents:read"]}),
            Some(created.client_version),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let mut settled = None;
    for _ in 0..80 {
        let log: Page<DeliveryView> = tokatsu
            .get(&format!("/api/v1/clients/{}/deliveries", client.id))
            .await
            .json()
            .await
            .unwrap();
        if let Some(d) = log.items.iter().find(|d| d.status == "failed") {
            settled = Some(d.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let settled = settled.expect("the delivery is dropped");
    assert!(settled.last_error.unwrap().contains("no longer read"));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(received.lock().unwrap().len(), 1, "nothing more was sent");
}
