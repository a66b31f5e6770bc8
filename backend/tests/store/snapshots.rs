//! Snapshots of the read models: start-up replays only the tail after the newest valid one, and a
//! snapshot that does not match the log or the code is ignored, never trusted.

use mamori::projections::{snapshot, Projections, ReadModels};
use mamori::store::{EventStore, ExpectedVersion};
use mamori::with_pool;

use crate::helpers::{numbered, stream, TestDb};

both!(
    start_up_replays_only_the_tail_after_a_snapshot,
    a_snapshot_of_another_log_or_version_is_ignored,
);

async fn caught_up(store: &EventStore) -> Projections {
    let projections = Projections::start(store);
    projections.catch_up().await.expect("catch up");
    projections
}

/// Rewrites the stored snapshot's state with `edit`, as a test of which state start-up used.
async fn edit_snapshot(db: &TestDb, edit: impl Fn(&mut ReadModels)) {
    let state: Vec<u8> = with_pool!(&db.db, pool => {
        sqlx::query_scalar("SELECT state FROM projection_snapshots").fetch_one(pool).await
    })
    .expect("one snapshot");
    let mut models: ReadModels = serde_json::from_slice(&state).expect("a snapshot is JSON");
    edit(&mut models);
    let state = serde_json::to_vec(&models).expect("encode");
    with_pool!(&db.db, pool => {
        sqlx::query("UPDATE projection_snapshots SET state = $1").bind(state).execute(pool).await.map(drop)
    })
    .expect("rewrite the snapshot");
}

async fn start_up_replays_only_the_tail_after_a_snapshot(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("a"), ExpectedVersion::NoStream, numbered(50))
        .await
        .expect("append");
    let projections = caught_up(&store).await;
    assert_eq!(
        snapshot::save(&store, &projections).await.expect("save"),
        Some(50)
    );
    // Saving again at the same position writes nothing new.
    assert_eq!(
        snapshot::save(&store, &projections).await.expect("save"),
        Some(50)
    );
    store
        .append(&stream("b"), ExpectedVersion::NoStream, numbered(7))
        .await
        .expect("append");
    // Mark the snapshot's state: if start-up used it, the mark shows in the result.
    edit_snapshot(db, |models| {
        models.log_summary.events_by_type.insert("marker".into(), 1);
    })
    .await;

    let (position, models) = snapshot::load(&store).await.expect("the snapshot is valid");
    assert_eq!(position, 50);
    let restarted = Projections::start_from(&store, models, position);
    restarted.catch_up().await.expect("replay the tail");
    let state = restarted.read().log_summary.clone();
    assert_eq!(state.events, 57);
    assert_eq!(state.last_position, 57);
    assert_eq!(
        state.events_by_type.get("marker"),
        Some(&1),
        "started from the snapshot"
    );
    assert_eq!(state.events_by_type["test.numbered"], 57);
    let fresh = caught_up(&store).await.read().log_summary.clone();
    assert_eq!(fresh.events, state.events);
    assert_eq!(fresh.streams, state.streams);
}

async fn a_snapshot_of_another_log_or_version_is_ignored(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("a"), ExpectedVersion::NoStream, numbered(5))
        .await
        .expect("append");
    let projections = caught_up(&store).await;
    snapshot::save(&store, &projections).await.expect("save");
    assert!(snapshot::load(&store).await.is_some());

    // The log at that position is not the one the snapshot was taken of.
    db.execute("UPDATE projection_snapshots SET event_hash = 'ab'")
        .await
        .expect("edit");
    assert!(
        snapshot::load(&store).await.is_none(),
        "another event at its position"
    );

    // Written by another version of the code.
    db.execute("DELETE FROM projection_snapshots")
        .await
        .expect("clear");
    snapshot::save(&store, &projections).await.expect("save");
    db.execute("UPDATE projection_snapshots SET schema_version = schema_version + 1")
        .await
        .expect("edit");
    assert!(snapshot::load(&store).await.is_none(), "another version");

    // Unreadable.
    db.execute("DELETE FROM projection_snapshots")
        .await
        .expect("clear");
    snapshot::save(&store, &projections).await.expect("save");
    edit_snapshot(db, |models| models.log_summary.last_position = 4).await;
    assert!(
        snapshot::load(&store).await.is_none(),
        "names another position"
    );
}
