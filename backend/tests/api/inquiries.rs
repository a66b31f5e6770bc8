//! Asking for access without knowing an id: a request by description goes to the named
//! department's managers, who link it to an asset (which grants it) or decline it; the one who asked
//! learns nothing of a hidden asset until the grant is made; pending requests can be withdrawn.

use mamori_shared::api::assets::{AssetView, GrantView, InquiryView};
use mamori_shared::api::page::Page;
use mamori_shared::api::tasks::Tasks;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

fn department(app: &TestApp, name: &str) -> Uuid {
    app.state
        .projections
        .directory
        .read()
        .departments
        .values()
        .find(|d| d.name == name)
        .unwrap()
        .id
}

async fn ask(person: &SignedIn<'_>, department: Uuid, description: &str) -> InquiryView {
    let asked = person
        .send(
            Method::POST,
            "/api/v1/inquiries",
            &json!({"department_id": department, "description": description, "access": "view",
                    "reason": "窓口での問い合わせ対応のため", "until": "2099-12-31"}),
            None,
        )
        .await;
    assert_eq!(asked.status(), StatusCode::CREATED);
    asked.json().await.unwrap()
}

async fn a_request_by_description_is_linked_and_becomes_a_grant(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let staff = app.sign_in("shokuin").await;
    let manager = app.sign_in("kanrisha").await;
    let colleague = app.sign_in("kaikei").await;
    let joho = department(&app, "情報システム係");

    let asked = ask(&staff, joho, "庁内ネットワークの構成が分かる資料").await;
    assert_eq!(asked.status, "open");
    assert_eq!(asked.allowed.as_deref(), Some(&["withdraw".to_owned()][..]));

    // The department's manager has it in the inbox and as a task; nobody else sees it.
    let inbox: Vec<InquiryView> = manager
        .get("/api/v1/inquiries/inbox")
        .await
        .json()
        .await
        .unwrap();
    let waiting = inbox.iter().find(|i| i.id == asked.id).unwrap();
    assert_eq!(
        waiting.allowed.as_deref(),
        Some(&["link".to_owned(), "decline".to_owned()][..])
    );
    let tasks: Tasks = manager.get("/api/v1/me/tasks").await.json().await.unwrap();
    assert!(tasks
        .items
        .iter()
        .any(|t| t.id == asked.id && t.kind == "inquiry.answer"));
    let inbox: Vec<InquiryView> = staff
        .get("/api/v1/inquiries/inbox")
        .await
        .json()
        .await
        .unwrap();
    assert!(inbox.is_empty(), "nobody answers their own");
    let path = format!("/api/v1/inquiries/{}", asked.id);
    assert_eq!(colleague.get(&path).await.status(), StatusCode::NOT_FOUND);
    let refused = colleague
        .send(
            Method::POST,
            &format!("{path}/decline"),
            &json!({"reason": "x"}),
            Some(asked.version),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // The manager links it to a level-3 asset the staff member cannot see: the grant is made.
    let page: Page<AssetView> = manager
        .get(&format!(
            "/api/v1/assets?q={}",
            crate::assets::urlencode("ネットワーク構成図")
        ))
        .await
        .json()
        .await
        .unwrap();
    let asset = &page.items[0];
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}", asset.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let stale = manager
        .send(
            Method::POST,
            &format!("{path}/link"),
            &json!({"asset_id": asset.id}),
            Some(asked.version + 1),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let linked = manager
        .send(
            Method::POST,
            &format!("{path}/link"),
            &json!({"asset_id": asset.id}),
            Some(asked.version),
        )
        .await;
    assert_eq!(linked.status(), StatusCode::OK);
    let linked: InquiryView = linked.json().await.unwrap();
    assert_eq!(linked.status, "linked");
    let grant_id = linked.grant_id.unwrap();
    let mine: Vec<GrantView> = staff.get("/api/v1/grants/mine").await.json().await.unwrap();
    let grant = mine.iter().find(|g| g.id == grant_id).unwrap();
    assert_eq!(grant.status, "active");
    assert_eq!(grant.asset_name, "ネットワーク構成図", "named once granted");
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}", asset.id))
            .await
            .status(),
        StatusCode::OK
    );
    let again = manager
        .send(
            Method::POST,
            &format!("{path}/link"),
            &json!({"asset_id": asset.id}),
            Some(linked.version),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Declined: the reason is required, and the one who asked reads it.
    let second = ask(&staff, joho, "住民記録の閲覧").await;
    let path = format!("/api/v1/inquiries/{}", second.id);
    let bare = manager
        .send(
            Method::POST,
            &format!("{path}/decline"),
            &json!({"reason": " "}),
            Some(second.version),
        )
        .await;
    assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let declined = manager
        .send(
            Method::POST,
            &format!("{path}/decline"),
            &json!({"reason": "所管は別の課です"}),
            Some(second.version),
        )
        .await;
    assert_eq!(declined.status(), StatusCode::OK);
    let mine: Vec<InquiryView> = staff
        .get("/api/v1/inquiries/mine")
        .await
        .json()
        .await
        .unwrap();
    let answered = mine.iter().find(|i| i.id == second.id).unwrap();
    assert_eq!(
        (answered.status.as_str(), answered.answer.as_str()),
        ("declined", "所管は別の課です")
    );
    let tasks: Tasks = staff.get("/api/v1/me/tasks").await.json().await.unwrap();
    assert!(tasks
        .items
        .iter()
        .any(|t| t.id == second.id && t.kind == "inquiry.declined"));

    // Withdrawn: only by the one who asked, and then no one answers it.
    let third = ask(&staff, joho, "バックアップ媒体の保管状況").await;
    let path = format!("/api/v1/inquiries/{}", third.id);
    let not_theirs = manager
        .send(
            Method::POST,
            &format!("{path}/withdraw"),
            &json!({}),
            Some(third.version),
        )
        .await;
    assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);
    let withdrawn = staff
        .send(
            Method::POST,
            &format!("{path}/withdraw"),
            &json!({}),
            Some(third.version),
        )
        .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let withdrawn: InquiryView = withdrawn.json().await.unwrap();
    assert_eq!(withdrawn.status, "withdrawn");
    let late = manager
        .send(
            Method::POST,
            &format!("{path}/link"),
            &json!({"asset_id": asset.id}),
            Some(withdrawn.version),
        )
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);

    let unknown = staff
        .send(
            Method::POST,
            "/api/v1/inquiries",
            &json!({"department_id": Uuid::nil(), "description": "x", "access": "view",
                    "reason": "r", "until": "2099-12-31"}),
            None,
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
on_both!(a_request_by_description_is_linked_and_becomes_a_grant);

async fn a_pending_request_is_withdrawn_by_its_requester(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let staff = app.sign_in("shokuin").await;
    let manager = app.sign_in("kanrisha").await;
    let page: Page<AssetView> = manager
        .get(&format!(
            "/api/v1/assets?q={}",
            crate::assets::urlencode("庁内LGWAN端末")
        ))
        .await
        .json()
        .await
        .unwrap();
    let asset = &page.items[0];
    let requested = staff
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/grants", asset.id),
            &json!({"access": "use", "reason": "端末の利用", "until": "2099-12-31"}),
            None,
        )
        .await;
    let grant: GrantView = requested.json().await.unwrap();
    assert!(grant
        .allowed
        .as_ref()
        .unwrap()
        .contains(&"withdraw".to_owned()));
    let path = format!("/api/v1/grants/{}/withdraw", grant.id);
    let not_theirs = manager
        .send(Method::POST, &path, &json!({}), Some(grant.version))
        .await;
    assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);
    let withdrawn = staff
        .send(Method::POST, &path, &json!({}), Some(grant.version))
        .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let withdrawn: GrantView = withdrawn.json().await.unwrap();
    assert_eq!(withdrawn.status, "withdrawn");
    let approve = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/approve", grant.id),
            &json!({}),
            Some(withdrawn.version),
        )
        .await;
    assert_eq!(approve.status(), StatusCode::CONFLICT);
    let inbox: Vec<GrantView> = manager
        .get("/api/v1/grants/inbox")
        .await
        .json()
        .await
        .unwrap();
    assert!(inbox.iter().all(|g| g.id != grant.id));
}
on_both!(a_pending_request_is_withdrawn_by_its_requester);
