//! Timelines: every entity's history with actor, time, reason, source and trace, naming people and
//! departments as they were named then — a rename later changes nothing that was recorded before.

use mamori_shared::api::assets::AssetView;
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::api::timeline::HistoryEntry;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_demo_app, Backend};
use crate::on_both;

async fn a_timeline_names_people_and_departments_as_they_were_named(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let manager = app.sign_in("kanrisha").await;
    let admin = app.sign_in("tokatsu").await;
    let me = manager.me.person_id;
    let department = manager.me.department_id;
    // The manager registers an asset of her department...
    let created = manager
        .send(
            Method::POST,
            &format!("/api/v1/departments/{department}/assets"),
            &json!({"name": "改名前の記録", "kind": "information", "tier": "lgwan", "location": "本庁舎"}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let asset: AssetView = created.json().await.unwrap();

    // ... then she and her department are renamed.
    let person: PersonView = admin
        .get(&format!("/api/v1/people/{me}"))
        .await
        .json()
        .await
        .unwrap();
    let renamed = admin
        .send(
            Method::PUT,
            &format!("/api/v1/people/{me}"),
            &json!({"name": "渡辺 大介", "department_id": person.department_id, "employment": person.employment}),
            Some(person.version),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let unit: DepartmentView = admin
        .get(&format!("/api/v1/departments/{department}"))
        .await
        .json()
        .await
        .unwrap();
    let old_unit = unit.name.clone();
    let renamed = admin
        .send(
            Method::PUT,
            &format!("/api/v1/departments/{department}"),
            &json!({"name": "情報政策係"}),
            Some(unit.version),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);

    // The asset's timeline names her, and its owner, as they were named when she registered it.
    let history: Vec<HistoryEntry> = manager
        .get(&format!("/api/v1/assets/{}/history", asset.id))
        .await
        .json()
        .await
        .unwrap();
    let registered = &history[0];
    assert_eq!(registered.event_type, "assets.asset_registered");
    assert_eq!(registered.actor_name.as_deref(), Some(person.name.as_str()));
    assert_ne!(person.name, "渡辺 大介");
    assert_eq!(registered.names[&department.to_string()], old_unit);
    assert_eq!(registered.source, "web");
    assert!(!registered.hash.is_empty() && !registered.recorded_at.is_empty());
    // Now the register names them as they are.
    let now: AssetView = manager
        .get(&format!("/api/v1/assets/{}", asset.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now.owner_department_name, "情報政策係");

    // The person's and the department's own timelines: each change, by whom, named then.
    let person_history: Vec<HistoryEntry> = admin
        .get(&format!("/api/v1/people/{me}/history"))
        .await
        .json()
        .await
        .unwrap();
    let last = person_history.last().unwrap();
    assert_eq!(last.event_type, "organisation.person_updated");
    assert_eq!(last.actor_name.as_deref(), Some("高橋 健一"));
    assert_eq!(
        last.names[&me.to_string()],
        "渡辺 大介",
        "named from the rename on"
    );
    assert_eq!(person_history[0].names[&me.to_string()], person.name);
    let unit_history: Vec<HistoryEntry> = admin
        .get(&format!("/api/v1/departments/{department}/history"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unit_history.len(), 2);
    assert_eq!(unit_history[0].names[&department.to_string()], old_unit);
    assert_eq!(unit_history[1].names[&department.to_string()], "情報政策係");

    // Whom Cedar hides, it hides here too: a contractor sees no one's timeline.
    let contractor = app.sign_in("itaku").await;
    let hidden = contractor
        .get(&format!("/api/v1/people/{me}/history"))
        .await
        .status();
    assert!(hidden == StatusCode::FORBIDDEN || hidden == StatusCode::NOT_FOUND);
}
on_both!(a_timeline_names_people_and_departments_as_they_were_named);
