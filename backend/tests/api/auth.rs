//! Sign-in and sessions (ASVS 5.0 V6/V7), on SQLite and PostgreSQL.

use mamori_shared::api::auth::SessionView;
use mamori_shared::api::problem::Problem;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_demo_app, Backend};
use crate::on_both;

async fn signing_in_starts_a_session_in_a_strict_http_only_cookie(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let session = app.sign_in("shokuin").await;
    let cookie = &session.cookie_header;
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert_eq!(session.token.len(), 32, "128 random bits in hex");
    assert_eq!(session.me.login, "shokuin");
    // The database keeps only the token's hash.
    let stored = app.state.store.database().clone();
    let tokens: Vec<String> = mamori::with_pool!(&stored, pool => sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(pool).await.unwrap());
    assert!(!tokens.contains(&session.token));
    // A new token at every sign-in.
    let again = app.sign_in("shokuin").await;
    assert_ne!(again.token, session.token);
    let me = session.get("/api/v1/me").await;
    assert_eq!(me.status(), StatusCode::OK);
}
on_both!(signing_in_starts_a_session_in_a_strict_http_only_cookie);

async fn unknown_user_and_wrong_password_get_the_same_answer(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let answer = |login: &'static str, password: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(app.url("/api/v1/auth/sign-in"))
                .json(&json!({"login": login, "password": password}))
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Problem>().await.unwrap())
        }
    };
    let unknown = answer("nobody", "whatever-password").await;
    let wrong = answer("shokuin", "wrong-password-123").await;
    assert_eq!(unknown.0, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown, wrong);
    let log = crate::organisation::security_log(&app).await;
    let refused = log
        .iter()
        .filter(|(kind, p)| kind == "security.sign_in_attempted" && p["outcome"] == "refused")
        .count();
    assert_eq!(refused, 2, "every attempt is recorded");
}
on_both!(unknown_user_and_wrong_password_get_the_same_answer);

async fn repeated_failures_are_rate_limited_per_account(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    for _ in 0..5 {
        assert_eq!(
            app.try_sign_in("shokuin", "wrong-password-123").await.err(),
            Some(StatusCode::UNAUTHORIZED)
        );
    }
    // Even the right password is not checked now.
    assert_eq!(
        app.try_sign_in("shokuin", mamori::demo::DEMO_PASSWORD)
            .await
            .err(),
        Some(StatusCode::TOO_MANY_REQUESTS)
    );
    assert!(
        app.try_sign_in("kaikei", mamori::demo::DEMO_PASSWORD)
            .await
            .is_ok(),
        "other accounts are not affected"
    );
}
on_both!(repeated_failures_are_rate_limited_per_account);

async fn my_sessions_can_be_listed_and_ended(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let first = app.sign_in("shokuin").await;
    let second = app.sign_in("shokuin").await;
    let sessions: Vec<SessionView> = first.get("/api/v1/me/sessions").await.json().await.unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s.current).count(), 1);
    let other = sessions.iter().find(|s| !s.current).unwrap();
    let ended = first
        .request(Method::DELETE, &format!("/api/v1/me/sessions/{}", other.id))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        second.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(first.get("/api/v1/me").await.status(), StatusCode::OK);
    // Signing out ends the session and clears the cookie.
    let out = first
        .request(Method::POST, "/api/v1/auth/sign-out")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        first.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
on_both!(my_sessions_can_be_listed_and_ended);

#[tokio::test(flavor = "multi_thread")]
async fn writes_without_the_csrf_token_are_refused() {
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
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.kind, "/problems/csrf");
    assert_eq!(
        session.get("/api/v1/me").await.status(),
        StatusCode::OK,
        "still signed in"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_my_password_follows_the_policy_and_ends_my_other_sessions() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let session = app.sign_in("shokuin").await;
    let other = app.sign_in("shokuin").await;
    let weak = session
        .send(
            Method::PUT,
            "/api/v1/me/password",
            &json!({"current_password": mamori::demo::DEMO_PASSWORD, "new_password": "short"}),
            None,
        )
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = weak.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "new_password");
    let wrong = session
        .send(Method::PUT, "/api/v1/me/password", &json!({"current_password": "not-my-password", "new_password": "a much better passphrase"}), None)
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let changed = session
        .send(Method::PUT, "/api/v1/me/password", &json!({"current_password": mamori::demo::DEMO_PASSWORD, "new_password": "a much better passphrase"}), None)
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        other.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(session.get("/api/v1/me").await.status(), StatusCode::OK);
    assert!(app
        .try_sign_in("shokuin", "a much better passphrase")
        .await
        .is_ok());
    assert!(app
        .try_sign_in("shokuin", mamori::demo::DEMO_PASSWORD)
        .await
        .is_err());
}
