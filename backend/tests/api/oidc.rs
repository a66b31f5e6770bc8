//! Single sign-on's edges that need no provider (the flow against a real provider is the browser
//! test e2e/tests/oidc.spec.ts), and local passwords turned off per person.

use mamori::auth::oidc::{Oidc, OidcConfig};
use mamori::http::Settings;
use mamori_shared::api::organisation::PersonView;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_demo_app, spawn_demo_app_with, Backend};
use crate::on_both;
use crate::organisation::security_log;

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn oidc_is_off_without_an_issuer(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let status: serde_json::Value = app.get("/api/v1/auth/oidc").await.json().await.unwrap();
    assert_eq!(status, json!({"configured": false}));
    let client = no_redirects();
    for path in [
        "/api/v1/auth/oidc/start",
        "/api/v1/auth/oidc/callback?code=x&state=y",
    ] {
        let answer = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
on_both!(oidc_is_off_without_an_issuer);

/// A provider nobody answers for (a closed port on loopback).
fn unreachable_provider() -> Settings {
    mamori::webhooks::install_crypto();
    let oidc = Oidc::new(OidcConfig {
        issuer: "http://127.0.0.1:9".into(),
        client_id: "mamori".into(),
        client_secret: Some("secret".into()),
        redirect_url: "http://127.0.0.1:8080/api/v1/auth/oidc/callback".into(),
        login_claim: "preferred_username".into(),
        scopes: vec!["openid".into()],
    })
    .unwrap();
    Settings {
        oidc: Some(oidc),
        ..Settings::default()
    }
}

async fn oidc_refuses_without_a_flow_and_survives_an_unreachable_provider(backend: Backend) {
    let app = spawn_demo_app_with(backend, unreachable_provider()).await;
    let status: serde_json::Value = app.get("/api/v1/auth/oidc").await.json().await.unwrap();
    assert_eq!(status, json!({"configured": true}));
    let client = no_redirects();
    // The provider cannot be reached: the browser is told on the sign-in page, an API client 503.
    let start = client
        .get(app.url("/api/v1/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    assert_eq!(start.headers()["location"], "/sign-in?sso=failed");
    let start = client
        .get(app.url("/api/v1/auth/oidc/start"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::SERVICE_UNAVAILABLE);
    // A callback without the browser's flow: refused, no session, recorded.
    let callback = client
        .get(app.url("/api/v1/auth/oidc/callback?code=c&state=s"))
        .header(
            "cookie",
            "mamori_oidc_flow=0123456789abcdef0123456789abcdef",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(callback.status(), StatusCode::SEE_OTHER);
    assert_eq!(callback.headers()["location"], "/sign-in?sso=failed");
    let cookies: Vec<_> = callback.headers().get_all("set-cookie").iter().collect();
    assert!(
        cookies
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("mamori_session=")),
        "{cookies:?}"
    );
    let json = client
        .get(app.url("/api/v1/auth/oidc/callback?code=c&state=s&iss=http%3A%2F%2F127.0.0.1%3A9"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::UNAUTHORIZED);
    let problem: serde_json::Value = json.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/sign-in-refused");
    // What the provider adds to its answer is taken; anything else is not.
    let unknown = client
        .get(app.url("/api/v1/auth/oidc/callback?code=c&state=s&token=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let refused = security_log(&app)
        .await
        .into_iter()
        .filter(|(kind, p)| kind == "security.sign_in_attempted" && p["outcome"] == "refused")
        .count();
    assert_eq!(refused, 2, "each refused callback is recorded");
}
on_both!(oidc_refuses_without_a_flow_and_survives_an_unreachable_provider);

async fn oidc_password_sign_in_can_be_turned_off_per_person(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let admin = app.sign_in("tokatsu").await;
    let id = app.sign_in("shokuin").await.me.person_id;
    let person: PersonView = admin
        .get(&format!("/api/v1/people/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(person.password_sign_in);
    let path = format!("/api/v1/people/{id}/password-sign-in");
    // If-Match is required; staff may not change it.
    let without = admin
        .send(Method::PUT, &path, &json!({"allowed": false}), None)
        .await;
    assert_eq!(without.status(), StatusCode::PRECONDITION_REQUIRED);
    let staff = app.sign_in("kaikei").await;
    let forbidden = staff
        .send(
            Method::PUT,
            &path,
            &json!({"allowed": false}),
            Some(person.version),
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

    let off = admin
        .send(
            Method::PUT,
            &path,
            &json!({"allowed": false}),
            Some(person.version),
        )
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    let off: PersonView = off.json().await.unwrap();
    assert!(!off.password_sign_in);
    // The right password now gets the wrong password's answer.
    let right = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"login": "shokuin", "password": mamori::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let right_status = right.status();
    let right: serde_json::Value = right.json().await.unwrap();
    let wrong = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"login": "kaikei", "password": "wrong-password-123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(right_status, wrong.status());
    assert_eq!(right, wrong.json::<serde_json::Value>().await.unwrap());

    let on = admin
        .send(
            Method::PUT,
            &path,
            &json!({"allowed": true}),
            Some(off.version),
        )
        .await;
    assert_eq!(on.status(), StatusCode::OK);
    assert!(app
        .try_sign_in("shokuin", mamori::demo::DEMO_PASSWORD)
        .await
        .is_ok());
}
on_both!(oidc_password_sign_in_can_be_turned_off_per_person);
