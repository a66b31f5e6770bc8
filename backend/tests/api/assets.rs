//! The asset register through the API: classification drives who sees what.

use std::collections::HashSet;

use mamori::authz::{Action, Resource};
use mamori::clock::today;
use mamori_shared::api::assets::{AssetView, GrantView, HistoryEntry, Schemes};
use mamori_shared::api::page::Page;
use mamori_shared::api::problem::Problem;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

fn department(app: &TestApp, name: &str) -> Uuid {
    let directory = app.state.projections.directory.read();
    directory
        .departments
        .values()
        .find(|d| d.name == name)
        .unwrap()
        .id
}

async fn all_assets(session: &SignedIn<'_>) -> Page<AssetView> {
    let response = session.get("/api/v1/assets?limit=500").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn register_top_secret(manager: &SignedIn<'_>, department: Uuid) -> AssetView {
    let created = manager
        .send(
            Method::POST,
            &format!("/api/v1/departments/{department}/assets"),
            &json!({"name": "職員人事記録", "kind": "information", "tier": "lgwan", "location": "人事システム"}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let asset: AssetView = created.json().await.unwrap();
    let classified = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/classification", asset.id),
            &json!({"classification": {"confidentiality": "3A", "integrity": "2", "availability": "2"}, "reason": "人事の秘密文書に相当"}),
            Some(asset.version),
        )
        .await;
    assert_eq!(classified.status(), StatusCode::OK);
    classified.json().await.unwrap()
}

async fn a_top_secret_asset_is_seen_only_with_a_grant(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let manager = app.sign_in("kanrisha").await;
    let staff = app.sign_in("shokuin").await;
    let before = all_assets(&staff).await.total;
    let asset = register_top_secret(&manager, department(&app, "情報システム係")).await;
    assert_eq!(asset.level, "top");

    // Another department's staff member cannot find it: not listed, not counted, not found.
    let listed = all_assets(&staff).await;
    assert_eq!(listed.total, before);
    assert!(listed.items.iter().all(|a| a.id != asset.id));
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}", asset.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}/history", asset.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // They ask for access; they cannot approve it themselves.
    let requested = staff
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/grants", asset.id),
            &json!({"access": "view", "reason": "監査資料の確認", "until": "2099-12-31"}),
            None,
        )
        .await;
    assert_eq!(requested.status(), StatusCode::CREATED);
    let grant: GrantView = requested.json().await.unwrap();
    assert_eq!(grant.status, "pending");
    assert_eq!(
        grant.asset_name, "",
        "a request does not reveal what the hidden asset is"
    );
    let own = staff
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/approve", grant.id),
            &json!({}),
            Some(grant.version),
        )
        .await;
    assert!(
        own.status().is_client_error(),
        "self-approval refused: {}",
        own.status()
    );

    // The manager sees it in the inbox and approves it.
    let inbox: Vec<GrantView> = manager
        .get("/api/v1/grants/inbox")
        .await
        .json()
        .await
        .unwrap();
    assert!(inbox.iter().any(|g| g.id == grant.id));
    let approved = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/approve", grant.id),
            &json!({"reason": "監査対応"}),
            Some(grant.version),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);

    // Now the staff member sees it, and its history shows every step with actor and time.
    let listed = all_assets(&staff).await;
    assert_eq!(listed.total, before + 1);
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}", asset.id))
            .await
            .status(),
        StatusCode::OK
    );
    let history: Vec<HistoryEntry> = staff
        .get(&format!("/api/v1/assets/{}/history", asset.id))
        .await
        .json()
        .await
        .unwrap();
    let steps: Vec<&str> = history.iter().map(|h| h.event_type.as_str()).collect();
    assert_eq!(
        steps,
        [
            "assets.asset_registered",
            "assets.asset_classified",
            "assets.grant_requested",
            "assets.grant_approved"
        ]
    );
    assert_eq!(history[1].actor_name.as_deref(), Some("渡辺 大輔"));
    assert_eq!(history[1].reason.as_deref(), Some("人事の秘密文書に相当"));
    assert_eq!(history[2].actor_name.as_deref(), Some("佐藤 花子"));
    assert!(history
        .iter()
        .all(|h| !h.recorded_at.is_empty() && h.hash.len() == 64));

    // Revoked: gone again.
    let grant: GrantView = approved.json().await.unwrap();
    let revoked = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/revoke", grant.id),
            &json!({"reason": "監査終了"}),
            Some(grant.version),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}", asset.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
on_both!(a_top_secret_asset_is_seen_only_with_a_grant);

#[tokio::test(flavor = "multi_thread")]
async fn the_placement_rule_keeps_top_secrets_off_the_internet_tier() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let manager = app.sign_in("kanrisha").await;
    let asset = register_top_secret(&manager, department(&app, "情報システム係")).await;
    let head = app.state.store.head();
    let moved = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/tier", asset.id),
            &json!({"tier": "internet", "reason": "移設"}),
            Some(asset.version),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = moved.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "tier");
    assert!(problem.errors[0].message.contains("placement rule"));
    assert!(problem.errors[0]
        .message_ja
        .contains("インターネット接続系"));
    let unknown_level = manager
        .send(Method::POST, &format!("/api/v1/assets/{}/classification", asset.id), &json!({"classification": {"confidentiality": "9", "integrity": "2", "availability": "2"}, "reason": "x"}), Some(asset.version))
        .await;
    assert_eq!(unknown_level.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.state.store.head(),
        head,
        "refused commands write nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_cannot_register_or_classify_and_contractors_see_only_their_grants() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let staff = app.sign_in("shokuin").await;
    let own_department = staff.me.department_id;
    let attempt = staff
        .send(
            Method::POST,
            &format!("/api/v1/departments/{own_department}/assets"),
            &json!({"name": "x", "kind": "information"}),
            None,
        )
        .await;
    assert_eq!(attempt.status(), StatusCode::FORBIDDEN);
    let visible = all_assets(&staff).await;
    let minutes = visible
        .items
        .iter()
        .find(|a| a.name == "企画会議議事録")
        .unwrap();
    let classify = staff
        .send(Method::POST, &format!("/api/v1/assets/{}/classification", minutes.id), &json!({"classification": {"confidentiality": "1", "integrity": "1", "availability": "1"}, "reason": "x"}), Some(minutes.version))
        .await;
    assert_eq!(
        classify.status(),
        StatusCode::FORBIDDEN,
        "seen but not managed: forbidden"
    );
    let contractor = app.sign_in("itaku").await;
    let names: Vec<String> = all_assets(&contractor)
        .await
        .items
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        ["ネットワーク構成図"],
        "only the granted asset, not even public ones"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_csv_export_is_excel_ready_and_holds_only_what_the_caller_sees() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let staff = app.sign_in("shokuin").await;
    let response = staff.get("/api/v1/assets/export.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("\"名称\""));
    assert_eq!(lines.len() - 1, all_assets(&staff).await.total as usize);
    assert!(!text.contains("個人番号利用事務データ"));
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_schemes_maps_every_level_explicitly() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let ciso = app.sign_in("ciso").await;
    let schemes: Schemes = ciso
        .get("/api/v1/classification/schemes")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(schemes.adopted, "guideline-2024");
    let head = app.state.store.head();
    let silent = ciso
        .send(
            Method::POST,
            "/api/v1/classification/adopt",
            &json!({"scheme_id": "legacy-321"}),
            None,
        )
        .await;
    assert_eq!(
        silent.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no silent mapping"
    );
    assert_eq!(app.state.store.head(), head);
    let mapping = json!([
        {"from": "3A", "to": "3"}, {"from": "3B", "to": "3"}, {"from": "3C", "to": "3"},
        {"from": "2", "to": "2"}, {"from": "1", "to": "1"}
    ]);
    let adopted = ciso
        .send(
            Method::POST,
            "/api/v1/classification/adopt",
            &json!({"scheme_id": "legacy-321", "mapping": mapping}),
            None,
        )
        .await;
    assert_eq!(adopted.status(), StatusCode::OK);
    let levels: HashSet<String> = all_assets(&ciso)
        .await
        .items
        .into_iter()
        .filter_map(|a| a.classification.map(|c| c.confidentiality))
        .collect();
    assert_eq!(
        levels,
        HashSet::from(["3".to_owned(), "2".to_owned(), "1".to_owned()])
    );
    let staff = app.sign_in("shokuin").await;
    assert!(all_assets(&staff)
        .await
        .items
        .iter()
        .all(|a| a.level != "top"));
}

#[tokio::test(flavor = "multi_thread")]
async fn grants_end_by_date_on_their_own_and_with_their_holder() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let contractor = app.sign_in("itaku").await;
    assert_eq!(all_assets(&contractor).await.total, 1);
    // The day after the last day, the system ends the grant, no one acting.
    let later = today().saturating_add(time::Duration::days(365));
    let expired = mamori::commands::assets::expire_due_grants(
        &app.state.store,
        &app.state.projections,
        later,
    )
    .await
    .unwrap();
    assert_eq!(expired, 2, "the two active demo grants");
    assert_eq!(all_assets(&contractor).await.total, 0);
    let mine: Vec<GrantView> = contractor
        .get("/api/v1/grants/mine")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0].status, "expired");
    let history: Vec<HistoryEntry> = app
        .sign_in("kanrisha")
        .await
        .get(&format!("/api/v1/assets/{}/history", mine[0].asset_id))
        .await
        .json()
        .await
        .unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.event_type, "assets.grant_expired");
    assert_eq!(last.actor_id, None, "recorded by the system");
}

#[tokio::test(flavor = "multi_thread")]
async fn deactivating_a_person_revokes_their_grants() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let admin = app.sign_in("tokatsu").await;
    let contractor_id = app
        .state
        .projections
        .directory
        .read()
        .person_by_login("itaku")
        .unwrap()
        .id;
    let version = app.state.projections.directory.read().people[&contractor_id].version;
    let done = admin
        .send(
            Method::POST,
            &format!("/api/v1/people/{contractor_id}/deactivate"),
            &json!({"reason": "契約終了"}),
            Some(version),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let register = app.state.projections.register.read();
    assert!(register
        .grants
        .values()
        .filter(|g| g.person_id == contractor_id)
        .all(|g| g.status == mamori::domain::assets::GrantStatus::Revoked));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_reaches_an_open_register_live() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let staff = app.sign_in("shokuin").await;
    let manager = app.sign_in("sekinin").await;
    let mut events = staff.get("/api/v1/assets/events").await;
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let minutes = all_assets(&manager)
        .await
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
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), events.chunk())
            .await
            .expect("a change arrives")
            .unwrap()
            .expect("the stream stays open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(received.contains("event: change"));
    assert!(received.contains("assets.asset_classified"));

    // Reclassified upward, it leaves the staff member's view: they are told too.
    let minutes: AssetView = changed.json().await.unwrap();
    let hidden = manager
        .send(Method::POST, &format!("/api/v1/assets/{}/classification", minutes.id), &json!({"classification": {"confidentiality": "3A", "integrity": "1", "availability": "1"}, "reason": "秘匿化"}), Some(minutes.version))
        .await;
    assert_eq!(hidden.status(), StatusCode::OK);
    let position = app.state.store.head().to_string();
    received.clear();
    while !received.contains(&format!("\"position\":{position}")) {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), events.chunk())
            .await
            .expect("the change that hides the asset arrives")
            .unwrap()
            .expect("the stream stays open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert_eq!(
        staff
            .get(&format!("/api/v1/assets/{}", minutes.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// The register's list never shows what a single Cedar decision would refuse, nor hides what it
/// would permit: compared asset by asset, for every person, over random registers and after changes
/// (which must invalidate the cached decisions).
#[tokio::test(flavor = "multi_thread")]
async fn the_list_agrees_with_per_asset_decisions_over_random_registers() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let logins = [
        "ciso", "tokatsu", "sekinin", "kanrisha", "sysadmin", "iin", "csirt", "kansa", "shokuin",
        "kaikei", "haken", "itaku",
    ];
    let departments: Vec<Uuid> = app
        .state
        .projections
        .directory
        .read()
        .departments
        .keys()
        .copied()
        .collect();
    let levels = ["3A", "3B", "3C", "2", "1"];
    let admin = app.sign_in("ciso").await;
    let sessions: Vec<SignedIn<'_>> = {
        let mut sessions = Vec::new();
        for login in logins {
            sessions.push(app.sign_in(login).await);
        }
        sessions
    };
    for round in 0..4 {
        // Random assets at random levels, owned by random departments.
        for i in 0..15 {
            let owner = departments[rng.below(departments.len())];
            let created = admin
                .send(Method::POST, &format!("/api/v1/departments/{owner}/assets"), &json!({"name": format!("資産 {round}-{i}"), "kind": "information", "tier": "lgwan"}), None)
                .await;
            let asset: AssetView = created.json().await.unwrap();
            if rng.below(6) > 0 {
                let level = levels[rng.below(levels.len())];
                admin
                    .send(Method::POST, &format!("/api/v1/assets/{}/classification", asset.id), &json!({"classification": {"confidentiality": level, "integrity": "1", "availability": "1"}, "reason": "random"}), Some(asset.version))
                    .await;
            }
            // Random grants, approved or not.
            if rng.below(3) == 0 {
                let requester = &sessions[rng.below(sessions.len())];
                let requested = requester
                    .send(
                        Method::POST,
                        &format!("/api/v1/assets/{}/grants", asset.id),
                        &json!({"access": "view", "reason": "random", "until": "2099-01-01"}),
                        None,
                    )
                    .await;
                let grant: GrantView = requested.json().await.unwrap();
                if rng.below(2) == 0 && grant.person_id != admin.me.person_id {
                    admin
                        .send(
                            Method::POST,
                            &format!("/api/v1/grants/{}/approve", grant.id),
                            &json!({}),
                            Some(grant.version),
                        )
                        .await;
                }
            }
        }
        for session in &sessions {
            let listed: HashSet<Uuid> = all_assets(session)
                .await
                .items
                .into_iter()
                .map(|a| a.id)
                .collect();
            let decided: HashSet<Uuid> = {
                let snapshot = app.state.projections.snapshot();
                snapshot
                    .register
                    .assets
                    .values()
                    .filter(|a| !a.retired)
                    .filter(|a| {
                        app.state.authz.is_allowed(
                            snapshot.world(),
                            session.me.person_id,
                            Action::ASSET_VIEW,
                            Resource::asset(a.id),
                            today(),
                        )
                    })
                    .map(|a| a.id)
                    .collect()
            };
            assert_eq!(listed, decided, "round {round}, {}", session.me.login);
        }
    }
}

struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Searching the register does not depend on how the text was typed: full-width or half-width,
/// upper or lower case, katakana or hiragana.
async fn a_search_finds_what_was_typed_another_way(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let ciso = app.sign_in("ciso").await;
    let names = |q: &'static str| {
        let ciso = &ciso;
        async move {
            let url = format!("/api/v1/assets?limit=500&q={}", urlencode(q));
            let page: Page<AssetView> = ciso.get(&url).await.json().await.unwrap();
            let mut names: Vec<String> = page.items.into_iter().map(|a| a.name).collect();
            names.sort();
            names
        }
    };
    let lgwan = names("LGWAN").await;
    assert!(!lgwan.is_empty());
    assert_eq!(names("ＬＧＷＡＮ").await, lgwan);
    assert_eq!(names("lgwan").await, lgwan);
    let system = names("システム").await;
    assert!(system.len() >= 2, "{system:?}");
    assert_eq!(names("ｼｽﾃﾑ").await, system);
    assert_eq!(names("しすてむ").await, system);
}
on_both!(a_search_finds_what_was_typed_another_way);

pub fn urlencode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
