//! The live register (server-sent events) lives no longer than its session, and no longer than the
//! server: it ends at sign-out, "sign out everywhere", a password change, deactivation and either
//! timeout, and when the server shuts down.

use std::time::Duration;

use mamori::http::Settings;
use reqwest::{Method, Response, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{spawn_demo_app_with, Backend, SignedIn, TestApp};
use crate::on_both;

/// A hang guard, not a timing: every wait below ends long before it when the code is right.
const GUARD: Duration = Duration::from_secs(60);

/// Keep-alives (and so session checks) often enough that a test does not wait for them.
fn settings() -> Settings {
    Settings {
        live_keep_alive: Duration::from_millis(100),
        ..Settings::default()
    }
}

async fn open_stream(session: &SignedIn<'_>) -> Response {
    let events = session.get("/api/v1/assets/events").await;
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    events
}

/// Reads until the server ends the stream; panics if it stays open.
async fn ends(mut events: Response, what: &str) {
    let ended = tokio::time::timeout(GUARD, async {
        loop {
            match events.chunk().await {
                Ok(Some(_)) => continue,
                Ok(None) | Err(_) => return,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the live stream outlives {what}");
}

async fn set_session_times(app: &TestApp, person: Uuid, column: &str, value: i64) {
    let sql = format!("UPDATE sessions SET {column} = $1 WHERE person_id = $2");
    mamori::with_pool!(app.state.store.database(), pool => sqlx::query(&sql)
        .bind(value)
        .bind(person.to_string())
        .execute(pool)
        .await
        .map(drop))
    .unwrap();
}

async fn a_live_stream_ends_with_its_session(backend: Backend) {
    let app = spawn_demo_app_with(backend, settings()).await;

    let signed_out = app.sign_in("shokuin").await;
    let events = open_stream(&signed_out).await;
    let response = signed_out
        .send(Method::POST, "/api/v1/auth/sign-out", &json!({}), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    ends(events, "sign-out").await;

    let everywhere = app.sign_in("kaikei").await;
    let events = open_stream(&everywhere).await;
    let other = app.sign_in("kaikei").await;
    let response = other
        .send(Method::DELETE, "/api/v1/me/sessions", &json!({}), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    ends(events, "\"sign out everywhere\"").await;

    let old_password = app.sign_in("haken").await;
    let events = open_stream(&old_password).await;
    let other = app.sign_in("haken").await;
    let response = other
        .send(
            Method::PUT,
            "/api/v1/me/password",
            &json!({"current_password": mamori::demo::DEMO_PASSWORD, "new_password": "a-new-passphrase-2026"}),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    ends(events, "a password change in another session").await;

    let idle = app.sign_in("iin").await;
    let events = open_stream(&idle).await;
    set_session_times(&app, idle.me.person_id, "last_seen_at", 0).await;
    ends(events, "the idle timeout").await;

    let long = app.sign_in("csirt").await;
    let events = open_stream(&long).await;
    set_session_times(&app, long.me.person_id, "created_at", 0).await;
    ends(events, "the absolute timeout").await;

    let contractor = app.sign_in("itaku").await;
    let events = open_stream(&contractor).await;
    let admin = app.sign_in("tokatsu").await;
    let person = admin
        .get(&format!("/api/v1/people/{}", contractor.me.person_id))
        .await;
    let version: u64 = person.headers()["etag"]
        .to_str()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap();
    let response = admin
        .send(
            Method::POST,
            &format!("/api/v1/people/{}/deactivate", contractor.me.person_id),
            &json!({"reason": "契約終了"}),
            Some(version),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    ends(events, "the person's deactivation").await;
}
on_both!(a_live_stream_ends_with_its_session);

/// A stream re-checking its session is not the person using Mamori: it does not push the idle
/// timeout back.
#[tokio::test(flavor = "multi_thread")]
async fn keep_alives_do_not_refresh_the_session() {
    let app = spawn_demo_app_with(Backend::Sqlite, settings()).await;
    let staff = app.sign_in("shokuin").await;
    let mut events = open_stream(&staff).await;
    // Seen ten minutes ago: within the idle timeout, past the interval at which a request refreshes.
    let ten_minutes_ago = mamori::clock::now_micros() - 10 * 60 * 1_000_000;
    set_session_times(&app, staff.me.person_id, "last_seen_at", ten_minutes_ago).await;
    let mut keep_alives = 0;
    while keep_alives < 3 {
        let chunk = tokio::time::timeout(GUARD, events.chunk())
            .await
            .expect("keep-alives arrive")
            .unwrap()
            .expect("the stream stays open");
        keep_alives += String::from_utf8_lossy(&chunk)
            .matches("keep-alive")
            .count();
    }
    let seen: i64 = mamori::with_pool!(app.state.store.database(), pool => sqlx::query_scalar(
        "SELECT last_seen_at FROM sessions WHERE person_id = $1")
        .bind(staff.me.person_id.to_string())
        .fetch_one(pool)
        .await)
    .unwrap();
    assert_eq!(seen, ten_minutes_ago);
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_completes_with_a_live_stream_open() {
    let app = spawn_demo_app_with(Backend::Sqlite, Settings::default()).await;
    let staff = app.sign_in("shokuin").await;
    let mut events = staff.get("/api/v1/assets/events").await;
    assert_eq!(events.status(), StatusCode::OK);
    let (token, client, address) = (staff.token.clone(), app.client.clone(), app.address);
    drop(staff);
    let stopped = tokio::time::timeout(GUARD, app.shut_down()).await;
    assert!(
        matches!(stopped, Ok(Ok(()))),
        "graceful shutdown waits for the open stream: {stopped:?}"
    );
    let end = tokio::time::timeout(GUARD, async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(end.is_ok(), "the stream ended with the server");
    let after = client
        .get(format!("http://{address}/api/v1/me"))
        .header("cookie", format!("mamori_session={token}"))
        .send()
        .await;
    assert!(after.is_err(), "the server no longer answers");
}

/// Every change a live stream tells of is of an asset Cedar lets its reader see, and every such
/// change is told, for every demo person.
async fn a_live_stream_tells_each_reader_only_of_what_they_may_see(backend: Backend) {
    let app = spawn_demo_app_with(backend, settings()).await;
    let logins: Vec<String> = {
        let directory = app.state.projections.directory.read();
        directory.people.values().map(|p| p.login.clone()).collect()
    };
    let mut readers = Vec::new();
    for login in &logins {
        let session = app.sign_in(login).await;
        let events = open_stream(&session).await;
        readers.push((session, events));
    }
    // Every live asset is classified again, as it is: nobody's view changes.
    let ciso = app.sign_in("ciso").await;
    let assets: Vec<(Uuid, u64, serde_json::Value)> = {
        let register = app.state.projections.register.read();
        register
            .assets
            .values()
            .filter(|a| !a.retired)
            .filter_map(|a| {
                let c = a.classification.as_ref()?;
                let levels = json!({"confidentiality": c.confidentiality, "integrity": c.integrity, "availability": c.availability});
                Some((a.id, a.version, levels))
            })
            .collect()
    };
    assert!(assets.len() >= 5);
    for (id, version, classification) in &assets {
        let response = ciso
            .send(
                Method::POST,
                &format!("/api/v1/assets/{id}/classification"),
                &json!({"classification": classification, "reason": "定期点検"}),
                Some(*version),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let may_see = |person: Uuid, asset: Uuid| {
        let snapshot = app.state.projections.snapshot();
        app.state.authz.is_allowed(
            snapshot.world(),
            person,
            mamori::authz::Action::ASSET_VIEW,
            mamori::authz::Resource::asset(asset),
            mamori::clock::today(),
        )
    };
    for (session, mut events) in readers {
        let person = session.me.person_id;
        // The reader's own request for an asset they see marks where the changes above end.
        let (mark, _, _) = assets
            .iter()
            .find(|(id, _, _)| may_see(person, *id))
            .unwrap_or_else(|| panic!("{} sees an asset", session.me.login));
        let response = session
            .send(
                Method::POST,
                &format!("/api/v1/assets/{mark}/grants"),
                &json!({"access": "view", "reason": "点検の確認のため", "until": "2099-03-31"}),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let marker = app.state.store.head();
        let mut told = Vec::new();
        let mut text = String::new();
        'read: loop {
            let chunk = tokio::time::timeout(GUARD, events.chunk())
                .await
                .expect("the changes arrive")
                .unwrap()
                .expect("the stream stays open");
            text.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = text.find("\n\n") {
                let block: String = text.drain(..end + 2).collect();
                let Some(data) = block.lines().find_map(|l| l.strip_prefix("data:")) else {
                    continue;
                };
                let change: mamori_shared::api::assets::RegisterChange =
                    serde_json::from_str(data.trim()).unwrap();
                if let Some(asset) = change.asset_id {
                    told.push(asset);
                }
                if change.position >= marker {
                    break 'read;
                }
            }
        }
        let login = &session.me.login;
        for asset in &told {
            assert!(may_see(person, *asset), "{login} is told of {asset}");
        }
        for (asset, _, _) in &assets {
            assert_eq!(
                told.contains(asset),
                may_see(person, *asset),
                "{login} and {asset}"
            );
        }
    }
}
on_both!(a_live_stream_tells_each_reader_only_of_what_they_may_see);
