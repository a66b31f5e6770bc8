//! Data paths that used to go around Cedar: the grant entries of an asset's history, an owner change
//! into another department, and a request for access that told a hidden asset from a missing one.

use mamori_shared::api::assets::{AssetView, GrantView, HistoryEntry};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

fn asset(app: &TestApp, name: &str) -> (Uuid, u64) {
    let register = app.state.projections.register.read();
    let asset = register.assets.values().find(|a| a.name == name).unwrap();
    (asset.id, asset.version)
}

fn department(app: &TestApp, name: &str) -> Uuid {
    let directory = app.state.projections.directory.read();
    directory
        .departments
        .values()
        .find(|d| d.name == name)
        .unwrap()
        .id
}

async fn history(session: &SignedIn<'_>, asset: Uuid) -> Vec<HistoryEntry> {
    let response = session
        .get(&format!("/api/v1/assets/{asset}/history"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn grant_entries(history: &[HistoryEntry]) -> Vec<&HistoryEntry> {
    history
        .iter()
        .filter(|e| e.event_type.starts_with("assets.grant_"))
        .collect()
}

async fn a_grant_history_is_shown_to_its_managers_and_its_requester(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    // 企画会議議事録 (level 2) is seen by its department; 派遣職員 haken was granted access to it.
    let (minutes, _) = asset(&app, "企画会議議事録");

    let colleague = app.sign_in("shokuin").await;
    let seen = history(&colleague, minutes).await;
    assert!(
        seen.iter()
            .any(|e| e.event_type == "assets.asset_registered"),
        "the asset's own events are shown"
    );
    assert!(
        grant_entries(&seen).is_empty(),
        "someone else's request, reason and decision are not shown to a viewer: {:?}",
        grant_entries(&seen)
    );

    let requester = app.sign_in("haken").await;
    let own = history(&requester, minutes).await;
    let own = grant_entries(&own);
    assert!(
        own.len() >= 2,
        "the requester sees their request and its approval"
    );
    assert!(own.iter().all(
        |e| e.data["person_id"] == requester.me.person_id.to_string()
            || e.event_type != "assets.grant_requested"
    ));

    let manager = app.sign_in("sekinin").await;
    let managed = history(&manager, minutes).await;
    assert_eq!(grant_entries(&managed).len(), own.len());
}
on_both!(a_grant_history_is_shown_to_its_managers_and_its_requester);

async fn an_owner_change_is_decided_on_both_departments(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    // 情報システム係's manager manages its assets, but not the departments they might go to.
    let manager = app.sign_in("kanrisha").await;
    let (system, version) = asset(&app, "住民情報システム");
    let elsewhere = department(&app, "総務課");
    let refused = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{system}/owner"),
            &json!({"owner_department_id": elsewhere, "reason": "所管替え"}),
            Some(version),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(
        asset(&app, "住民情報システム").1,
        version,
        "nothing changed"
    );
    let log = crate::organisation::security_log(&app).await;
    assert!(log
        .iter()
        .any(|(kind, payload)| kind == "security.authorization_denied"
            && payload["action"] == "asset.register"
            && payload["resource"] == format!("department:{elsewhere}")
            && payload["person_id"] == manager.me.person_id.to_string()));

    // The 統括情報セキュリティ責任者 may register anywhere, and so move it.
    let general = app.sign_in("tokatsu").await;
    let moved = general
        .send(
            Method::POST,
            &format!("/api/v1/assets/{system}/owner"),
            &json!({"owner_department_id": elsewhere, "reason": "所管替え"}),
            Some(version),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let moved: AssetView = moved.json().await.unwrap();
    assert_eq!(moved.owner_department_id, elsewhere);
}
on_both!(an_owner_change_is_decided_on_both_departments);

/// The answer without what must differ: the new request's own id and time, and the id asked for.
fn without_identity(mut body: Value) -> Value {
    for field in ["id", "asset_id", "requested_at"] {
        body.as_object_mut().unwrap().remove(field);
    }
    body
}

async fn a_request_for_a_hidden_asset_is_answered_as_for_a_missing_id(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let staff = app.sign_in("shokuin").await;
    let (hidden, _) = asset(&app, "住民情報システム");
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{hidden}"))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "the asset is hidden from her"
    );
    let missing = Uuid::now_v7();
    let ask = |asset: Uuid| {
        let staff = &staff;
        async move {
            let response = staff
                .send(
                    Method::POST,
                    &format!("/api/v1/assets/{asset}/grants"),
                    &json!({"access": "view", "reason": "住民対応のため", "until": "2099-03-31"}),
                    None,
                )
                .await;
            let status = response.status();
            let location = response.headers().get("location").cloned();
            (status, location, response.json::<Value>().await.unwrap())
        }
    };
    let (hidden_status, hidden_location, hidden_body) = ask(hidden).await;
    let (missing_status, missing_location, missing_body) = ask(missing).await;
    assert_eq!(hidden_status, missing_status);
    assert_eq!(hidden_status, StatusCode::CREATED, "she can still ask");
    // Each answer names its own new grant, and nothing else.
    for (location, body) in [
        (&hidden_location, &hidden_body),
        (&missing_location, &missing_body),
    ] {
        let location = location.as_ref().unwrap().to_str().unwrap().to_owned();
        assert_eq!(
            location,
            format!("/api/v1/grants/{}", body["id"].as_str().unwrap())
        );
    }
    assert_eq!(
        without_identity(hidden_body.clone()),
        without_identity(missing_body.clone())
    );
    assert_eq!(hidden_body["asset_name"], "", "the request names no asset");

    // Nor does a retired one she cannot see (Cedar refuses requests for retired assets, but to her
    // it is an id like any other).
    let manager = app.sign_in("kanrisha").await;
    let (media, version) = asset(&app, "バックアップ媒体（週次）");
    let retired = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{media}/retire"),
            &json!({"reason": "更新のため"}),
            Some(version),
        )
        .await;
    assert_eq!(retired.status(), StatusCode::OK);
    let (retired_status, retired_location, retired_body) = ask(media).await;
    assert_eq!(retired_status, missing_status);
    assert_eq!(
        retired_location.unwrap().to_str().unwrap(),
        format!("/api/v1/grants/{}", retired_body["id"].as_str().unwrap())
    );
    assert_eq!(
        without_identity(retired_body),
        without_identity(missing_body.clone())
    );

    // Her own requests do not tell them apart either.
    let mine: Vec<GrantView> = staff.get("/api/v1/grants/mine").await.json().await.unwrap();
    let of = |asset: Uuid| {
        let grant = mine.iter().find(|g| g.asset_id == asset).unwrap();
        without_identity(serde_json::to_value(grant).unwrap())
    };
    assert_eq!(of(hidden), of(missing));

    // The request for the hidden asset reaches those who decide it.
    let inbox: Vec<GrantView> = manager
        .get("/api/v1/grants/inbox")
        .await
        .json()
        .await
        .unwrap();
    assert!(inbox
        .iter()
        .any(|g| g.asset_id == hidden && g.person_id == staff.me.person_id));
    assert!(inbox.iter().all(|g| g.asset_id != missing));
}
on_both!(a_request_for_a_hidden_asset_is_answered_as_for_a_missing_id);
