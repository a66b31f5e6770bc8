//! Rules that span aggregates hold under races: each is written in one commit over several streams,
//! never decided on a read model alone.

use mamori_shared::api::assets::AssetView;
use mamori_shared::api::problem::Problem;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn};
use crate::on_both;

async fn two_registrations_of_one_login_have_one_winner(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let admin = app.sign_in("tokatsu").await;
    let department_id = app
        .state
        .projections
        .directory
        .read()
        .person_by_login("shokuin")
        .expect("demo staff")
        .department_id;
    let bodies: Vec<_> = (0..6)
        .map(|n| {
            json!({"name": format!("同姓同名 {n}"), "login": "dousei", "department_id": department_id,
                   "employment": "staff", "password": "a-long-enough-passphrase-2026"})
        })
        .collect();
    let attempts = bodies
        .iter()
        .map(|body| admin.send(Method::POST, "/api/v1/people", body, None));
    let answers = futures::future::join_all(attempts).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::CREATED || *s == StatusCode::UNPROCESSABLE_ENTITY));
    let holders = app
        .state
        .projections
        .directory
        .read()
        .people
        .values()
        .filter(|p| p.login == "dousei")
        .count();
    assert_eq!(holders, 1, "the login was not taken over");
    let reservations = app.state.store.read_stream(
        &mamori::commands::stream::<mamori::domain::organisation::Login>("dousei"),
        0,
    );
    use futures::StreamExt;
    assert_eq!(reservations.collect::<Vec<_>>().await.len(), 1);
}
on_both!(two_registrations_of_one_login_have_one_winner);

/// Every level of the 2024 guideline read as the older 3/2/1 scheme's.
fn to_legacy_scheme() -> serde_json::Value {
    json!([
        {"from": "3A", "to": "3"}, {"from": "3B", "to": "3"}, {"from": "3C", "to": "3"},
        {"from": "2", "to": "2"}, {"from": "1", "to": "1"}
    ])
}

async fn register(manager: &SignedIn<'_>, department: Uuid, name: &str, tier: &str) -> AssetView {
    let created = manager
        .send(
            Method::POST,
            &format!("/api/v1/departments/{department}/assets"),
            &json!({"name": name, "kind": "information", "tier": tier, "location": "人事システム"}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    created.json().await.unwrap()
}

async fn classify(manager: &SignedIn<'_>, asset: &AssetView, level: &str) -> AssetView {
    let classified = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/classification", asset.id),
            &json!({"classification": {"confidentiality": level, "integrity": "2", "availability": "2"}, "reason": "台帳整備"}),
            Some(asset.version),
        )
        .await;
    assert_eq!(classified.status(), StatusCode::OK);
    classified.json().await.unwrap()
}

async fn adopting_a_scheme_reads_every_asset_anew_retired_ones_too(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let manager = app.sign_in("kanrisha").await;
    let own = manager.me.department_id;
    let live = register(&manager, own, "人事記録（現行）", "lgwan").await;
    let live = classify(&manager, &live, "3A").await;
    let retired = register(&manager, own, "人事記録（旧）", "lgwan").await;
    let retired = classify(&manager, &retired, "3A").await;
    let done = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/retire", retired.id),
            &json!({"reason": "システム更改"}),
            Some(retired.version),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);

    let ciso = app.sign_in("ciso").await;
    let head = app.state.store.head();
    let mapping = to_legacy_scheme();
    let adopted = ciso
        .send(
            Method::POST,
            "/api/v1/classification/adopt",
            &json!({"scheme_id": "legacy-321", "mapping": mapping}),
            None,
        )
        .await;
    assert_eq!(adopted.status(), StatusCode::OK);

    // One commit: the adoption, then every classified asset read anew, each in its own stream.
    let classified = app
        .state
        .projections
        .register
        .read()
        .assets
        .values()
        .filter(|a| a.classification.is_some())
        .count() as u64;
    assert_eq!(app.state.store.head(), head + 1 + classified);
    {
        let register = app.state.projections.register.read();
        let level = |id: Uuid| {
            register.assets[&id]
                .classification
                .as_ref()
                .unwrap()
                .confidentiality
                .clone()
        };
        assert_eq!(level(retired.id), "3", "a retired asset is read anew too");
        assert_eq!(level(live.id), "3");
    }
    // The asset's own stream knows its new level: the placement rule holds under the new scheme.
    let now: AssetView = manager
        .get(&format!("/api/v1/assets/{}", live.id))
        .await
        .json()
        .await
        .unwrap();
    let moved = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/tier", live.id),
            &json!({"tier": "internet", "reason": "移設"}),
            Some(now.version),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = moved.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "tier");
    // The retired asset stays top secret: the department's staff do not see it.
    let staff = app.sign_in("shokuin").await;
    let seen = staff.get(&format!("/api/v1/assets/{}", retired.id)).await;
    assert_eq!(seen.status(), StatusCode::NOT_FOUND);
}
on_both!(adopting_a_scheme_reads_every_asset_anew_retired_ones_too);

async fn a_decision_on_the_old_scheme_does_not_commit_after_an_adoption(backend: Backend) {
    use mamori::commands::{CommandError, Commit};
    use mamori::domain::assets::{Asset, AssetCommand, AssetError};
    use mamori::store::Metadata;
    use mamori_shared::assets::Classification;

    let app = spawn_demo_app(backend).await;
    let manager = app.sign_in("kanrisha").await;
    let asset = register(&manager, manager.me.department_id, "新規台帳", "lgwan").await;
    // A classification decided on the scheme in force (as the handler does) ...
    let (scheme, scheme_version) = {
        let register = app.state.projections.register.read();
        (register.scheme().clone(), register.scheme_version)
    };
    let mut commit = Commit::new(Metadata::system());
    commit
        .decide::<Asset>(
            &app.state.store,
            &asset.id,
            Some(asset.version),
            AssetCommand::Classify {
                asset_id: asset.id,
                scheme,
                classification: Classification {
                    confidentiality: "3A".into(),
                    integrity: "2".into(),
                    availability: "2".into(),
                },
                reason: "個人情報".into(),
            },
        )
        .await
        .unwrap();
    commit.require::<mamori::domain::assets::SchemeChoice>(&(), scheme_version);
    // ... while another scheme is adopted.
    let ciso = app.sign_in("ciso").await;
    let adopted = ciso
        .send(
            Method::POST,
            "/api/v1/classification/adopt",
            &json!({"scheme_id": "legacy-321", "mapping": to_legacy_scheme()}),
            None,
        )
        .await;
    assert_eq!(adopted.status(), StatusCode::OK);
    let head = app.state.store.head();
    match commit.commit::<AssetError>(&app.state.store).await {
        Err(CommandError::ConflictElsewhere { stream }) => {
            assert_eq!(stream, "classification-scheme")
        }
        other => panic!("expected a conflict on the scheme, got {other:?}"),
    }
    assert_eq!(
        app.state.store.head(),
        head,
        "nothing written outside the scheme"
    );
}
on_both!(a_decision_on_the_old_scheme_does_not_commit_after_an_adoption);

async fn deactivation_ends_every_grant_in_the_same_commit(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let admin = app.sign_in("tokatsu").await;
    let contractor_id = app
        .state
        .projections
        .directory
        .read()
        .person_by_login("itaku")
        .unwrap()
        .id;
    // A second, pending request besides the demo's active grant: two grants to end.
    let asset_id = app
        .state
        .projections
        .register
        .read()
        .grants
        .values()
        .find(|g| g.person_id == contractor_id)
        .expect("the demo contractor's grant")
        .asset_id;
    let contractor = app.sign_in("itaku").await;
    let until = mamori::domain::format_date(
        mamori::clock::today().saturating_add(time::Duration::days(30)),
    );
    let requested = contractor
        .send(
            Method::POST,
            &format!("/api/v1/assets/{asset_id}/grants"),
            &json!({"access": "use", "reason": "保守作業のため", "until": until}),
            None,
        )
        .await;
    assert_eq!(requested.status(), StatusCode::CREATED);
    let version = app.state.projections.directory.read().people[&contractor_id].version;
    let open: Vec<Uuid> = app
        .state
        .projections
        .register
        .read()
        .grants
        .values()
        .filter(|g| g.person_id == contractor_id)
        .filter(|g| {
            matches!(
                g.status,
                mamori::domain::assets::GrantStatus::Active
                    | mamori::domain::assets::GrantStatus::Pending
            )
        })
        .map(|g| g.id)
        .collect();
    assert!(open.len() >= 2, "the demo contractor has grants to end");
    let head = app.state.store.head();
    let done = admin
        .send(
            Method::POST,
            &format!("/api/v1/people/{contractor_id}/deactivate"),
            &json!({"reason": "契約終了"}),
            Some(version),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    use futures::StreamExt;
    let written: Vec<_> = app
        .state
        .store
        .read_all(head)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(
        written.len(),
        1 + open.len(),
        "the deactivation and each grant's end"
    );
    assert_eq!(written[0].event_type, "organisation.person_deactivated");
    assert!(
        written
            .iter()
            .all(|e| e.recorded_at == written[0].recorded_at),
        "one commit"
    );
    // A stale deactivation conflicts and writes nothing at all, grants included.
    let head = app.state.store.head();
    let again = admin
        .send(
            Method::POST,
            &format!("/api/v1/people/{contractor_id}/deactivate"),
            &json!({"reason": "重複"}),
            Some(version),
        )
        .await;
    assert_eq!(again.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.state.store.head(), head);
}
on_both!(deactivation_ends_every_grant_in_the_same_commit);
