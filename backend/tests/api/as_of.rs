//! As-of views: every list and detail answers `?as_of=` with exactly what the fold of the log up to
//! that moment gives, decided by today's policies on today's caller, and offers no actions there.

use mamori::codec;
use mamori::projections::history::{self, History, STRIDE};
use mamori::projections::{fold, ReadModels};
use mamori::store::{ExpectedVersion, Metadata, StreamId};
use mamori_shared::api::assets::{AssetView, GrantView};
use mamori_shared::assets::{AssetKind, Classification, NetworkTier};
use mamori_shared::events::assets::{AssetClassified, AssetEvent, AssetRegistered};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn};
use crate::on_both;

/// The lists and details whose past is compared with what they answered then.
const PATHS: [&str; 6] = [
    "/api/v1/assets?limit=500",
    "/api/v1/assets?limit=500&sort=-confidentiality",
    "/api/v1/assets/summary",
    "/api/v1/departments?limit=500",
    "/api/v1/people?limit=500",
    "/api/v1/classification/schemes",
];

async fn get_as_of(session: &SignedIn<'_>, path: &str, as_of: &str) -> Response {
    let separator = if path.contains('?') { '&' } else { '?' };
    let encoded = as_of.replace('+', "%2B").replace(':', "%3A");
    session
        .get(&format!("{path}{separator}as_of={encoded}"))
        .await
}

/// The body without the actions it offers (the past offers none).
fn without_allowed(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("allowed");
            for v in map.values_mut() {
                *v = without_allowed(v.take());
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                *v = without_allowed(v.take());
            }
        }
        _ => {}
    }
    value
}

/// The read models as JSON, with the sets (serialised in no particular order) sorted.
fn comparable(models: &ReadModels) -> Value {
    let mut value = serde_json::to_value(models).unwrap();
    if let Some(Value::Array(streams)) = value.pointer_mut("/log_summary/streams") {
        streams.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    value
}

async fn json_of(response: Response) -> Value {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn the_past_answers_as_it_was(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let manager = app.sign_in("kanrisha").await;
    let ciso = app.sign_in("ciso").await;
    app.state
        .projections
        .wait_for(app.state.store.head())
        .await
        .unwrap();
    let then = app.state.store.head();
    let mut answered_then = Vec::new();
    for path in PATHS {
        answered_then.push(without_allowed(json_of(ciso.get(path).await).await));
    }
    // The asset the contractor holds an approved grant on, in the manager's department.
    let register: Value = json_of(manager.get("/api/v1/assets?limit=500").await).await;
    let assets: Vec<AssetView> = serde_json::from_value(register["items"].clone()).unwrap();
    let (asset, grant) = {
        let mut found = None;
        for asset in &assets {
            let answer = manager
                .get(&format!("/api/v1/assets/{}/grants", asset.id))
                .await;
            // Another department's public asset: seen, but its grants are not the manager's.
            if answer.status() == StatusCode::FORBIDDEN {
                continue;
            }
            let grants: Vec<GrantView> = json_of(answer)
                .await
                .as_array()
                .map(|a| serde_json::from_value(Value::Array(a.clone())).unwrap())
                .unwrap();
            if let Some(active) = grants.into_iter().find(|g| g.status == "active") {
                found = Some((asset.clone(), active));
                break;
            }
        }
        found.expect("the demo has an approved grant on an asset the manager holds")
    };
    let detail_then = json_of(manager.get(&format!("/api/v1/assets/{}", asset.id)).await).await;

    // Since then: reclassified, the grant revoked, a new asset registered.
    let old_level = asset.classification.clone().unwrap().confidentiality;
    let new_level = if old_level == "3A" { "2" } else { "3A" };
    let reclassified = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/classification", asset.id),
            &json!({"classification": {"confidentiality": new_level, "integrity": "2", "availability": "2"}, "reason": "見直し"}),
            Some(asset.version),
        )
        .await;
    assert_eq!(reclassified.status(), StatusCode::OK);
    let revoked = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/revoke", grant.id),
            &json!({"reason": "契約終了"}),
            Some(grant.version),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let created = manager
        .send(
            Method::POST,
            &format!("/api/v1/departments/{}/assets", asset.owner_department_id),
            &json!({"name": "新しい台帳", "kind": "information", "tier": "lgwan", "location": "本庁舎"}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let new_asset: AssetView = created.json().await.unwrap();

    // Every list answers, as of then, what it answered then.
    let position = then.to_string();
    for (path, before) in PATHS.iter().zip(&answered_then) {
        let response = get_as_of(&ciso, path, &position).await;
        assert_eq!(
            response.headers()["mamori-as-of"].to_str().unwrap(),
            position,
            "{path}"
        );
        assert_eq!(&without_allowed(json_of(response).await), before, "{path}");
    }
    // The detail: the old level, and nothing offered.
    let detail =
        json_of(get_as_of(&manager, &format!("/api/v1/assets/{}", asset.id), &position).await)
            .await;
    assert_eq!(detail["classification"]["confidentiality"], old_level);
    assert_eq!(
        detail["allowed"],
        json!(["asset.grants"]),
        "only what reads"
    );
    assert_eq!(without_allowed(detail), without_allowed(detail_then));
    let now = json_of(manager.get(&format!("/api/v1/assets/{}", asset.id)).await).await;
    assert_eq!(now["classification"]["confidentiality"], new_level);
    // The grant was active then, and cannot be decided there.
    let grants = json_of(
        get_as_of(
            &manager,
            &format!("/api/v1/assets/{}/grants", asset.id),
            &position,
        )
        .await,
    )
    .await;
    let past_grant = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == json!(grant.id))
        .unwrap();
    assert_eq!(past_grant["status"], "active");
    assert_eq!(past_grant["allowed"], json!([]));
    // What did not exist then is not found then.
    assert_eq!(
        get_as_of(
            &manager,
            &format!("/api/v1/assets/{}", new_asset.id),
            &position
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    // A date-time names the last event recorded at or before it.
    let recorded = app.state.store.recorded_at(then).await.unwrap().unwrap();
    let moment = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(recorded) * 1_000)
        .unwrap()
        .to_offset(time::macros::offset!(+9))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let by_time = get_as_of(&ciso, PATHS[0], &moment).await;
    assert_eq!(
        by_time.headers()["mamori-as-of"].to_str().unwrap(),
        position
    );
    assert_eq!(&without_allowed(json_of(by_time).await), &answered_then[0]);
    // Before the first event: an empty register.
    let before_all = json_of(get_as_of(&ciso, PATHS[0], "0").await).await;
    assert_eq!(before_all["total"], 0);

    // The past state is the fold of the log up to it.
    let folded = fold(&app.state.store, ReadModels::default(), Some(then))
        .await
        .unwrap();
    let past = app.state.history.at(then).await.unwrap();
    assert_eq!(comparable(&past), comparable(&folded));
}
on_both!(the_past_answers_as_it_was);

async fn a_bad_moment_is_refused_with_its_reason(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let ciso = app.sign_in("ciso").await;
    let head = app.state.store.head();
    let asset: Value = json_of(ciso.get("/api/v1/assets?limit=1").await).await;
    let asset_id = asset["items"][0]["id"].as_str().unwrap().to_owned();
    let refused = [
        ("/api/v1/assets", "yesterday".to_owned()),
        ("/api/v1/assets", "2026-11-30T09:00:00".to_owned()),
        ("/api/v1/assets", (head + 1_000).to_string()),
        ("/api/v1/assets", "2999-01-01T00:00:00Z".to_owned()),
        ("/api/v1/assets", "-1".to_owned()),
        // Routes with no past.
        (
            &*format!("/api/v1/assets/{asset_id}/history"),
            "1".to_owned(),
        ),
        ("/api/v1/me", "1".to_owned()),
    ];
    for (path, as_of) in &refused {
        let response = get_as_of(&ciso, path, as_of).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path} {as_of}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(
            problem["errors"][0]["field"], "as_of",
            "{path} {as_of}: {problem}"
        );
    }
    let twice = ciso.get("/api/v1/assets?as_of=1&as_of=2").await;
    assert_eq!(twice.status(), StatusCode::BAD_REQUEST);
    // Anonymous: still 401, whatever the moment.
    let anonymous = app.get("/api/v1/assets?as_of=1").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
on_both!(a_bad_moment_is_refused_with_its_reason);

/// A register that changes as the log grows past a few strides: every past state, started from the
/// kept snapshots, equals the fold from the first event.
async fn history_snapshots_give_the_fold(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let store = &app.state.store;
    let department = Uuid::now_v7();
    let asset_id = Uuid::now_v7();
    let stream = StreamId::parse(format!("asset-{asset_id}")).unwrap();
    let registered = AssetEvent::AssetRegistered(AssetRegistered {
        asset_id,
        name: "変わり続ける資産".into(),
        kind: AssetKind::InformationSystem,
        owner_department_id: department,
        custodian_id: None,
        tier: Some(NetworkTier::Lgwan),
        location: "本庁舎".into(),
        description: String::new(),
        details: Default::default(),
    });
    store
        .append(
            &stream,
            ExpectedVersion::NoStream,
            vec![codec::encode(&registered, Metadata::system())],
        )
        .await
        .unwrap();
    let levels = ["1", "2", "3B", "3A"];
    let target = 2 * STRIDE + STRIDE / 2;
    let mut n = 0;
    while store.head() < target {
        let batch = (0..1_000)
            .map(|i| {
                let event = AssetEvent::AssetClassified(AssetClassified {
                    asset_id,
                    scheme_id: "guideline-2024".into(),
                    classification: Classification {
                        confidentiality: levels[(n + i) % 4].into(),
                        integrity: "1".into(),
                        availability: "1".into(),
                    },
                    reason: format!("見直し {}", n + i),
                });
                codec::encode(&event, Metadata::system())
            })
            .collect();
        n += 1_000;
        store
            .append(&stream, ExpectedVersion::Any, batch)
            .await
            .unwrap();
    }
    let written = history::record(store).await.unwrap();
    assert_eq!(written, 2, "a snapshot at each stride");
    assert_eq!(history::record(store).await.unwrap(), 0, "none twice");
    let history = History::new(store.clone());
    for position in [
        1,
        STRIDE - 1,
        STRIDE,
        STRIDE + 1,
        2 * STRIDE + 17,
        store.head(),
    ] {
        let past = history.at(position).await.unwrap();
        let folded = fold(store, ReadModels::default(), Some(position))
            .await
            .unwrap();
        assert_eq!(past.log_summary.last_position, position);
        assert!(comparable(&past) == comparable(&folded), "at {position}");
    }
}
on_both!(history_snapshots_give_the_fold);
