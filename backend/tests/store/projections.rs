//! Projections fed by the log: read-your-own-writes with a timeout, loud failure, and "as of" folds.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mamori::projections::{
    fold, LogSummary, Progress, Projected, Projection, ProjectionError, Projections, WaitError,
};
use mamori::store::{ExpectedVersion, RecordedEvent};
use serde_json::json;

use crate::helpers::{event, numbered, stream, TestDb, PATIENCE};

both!(
    wait_for_reaches_the_appended_position,
    wait_for_times_out_short_of_the_position,
    failing_projection_stops_loudly,
    fold_as_of_a_position,
    registry_starts_healthy,
);

async fn wait_for_reaches_the_appended_position(db: &TestDb) {
    let store = db.store().await;
    // Events before the projection starts are caught up on; events after it are followed.
    store
        .append(&stream("before"), ExpectedVersion::Any, numbered(5))
        .await
        .expect("append");
    let summary = Projected::start(&store, "log_summary", LogSummary::default());
    for round in 0..5 {
        let outcome = store
            .append(
                &stream(&format!("s{round}")),
                ExpectedVersion::NoStream,
                numbered(3),
            )
            .await
            .expect("append");
        summary
            .wait_for(outcome.last_position, PATIENCE)
            .await
            .expect("the projection reaches the appended position");
        let state = summary.read();
        assert!(state.last_position >= outcome.last_position);
        assert!(
            state.streams.contains(&format!("s{round}")),
            "the writer sees its own write"
        );
    }
    summary
        .wait_for(20, PATIENCE)
        .await
        .expect("reach the head");
    assert_eq!(summary.progress(), Progress::At(20));
    {
        let state = summary.read();
        assert_eq!(state.events, 20);
        assert_eq!(state.streams.len(), 6);
        assert_eq!(state.events_by_type["test.numbered"], 20);
    }
    // Waiting for a position already reached returns at once.
    summary
        .wait_for(3, Duration::from_millis(1))
        .await
        .expect("already there");
}

async fn wait_for_times_out_short_of_the_position(db: &TestDb) {
    let store = db.store().await;
    let outcome = store
        .append(&stream("s"), ExpectedVersion::Any, numbered(2))
        .await
        .expect("append");
    let summary = Projected::start(&store, "log_summary", LogSummary::default());
    summary
        .wait_for(outcome.last_position, PATIENCE)
        .await
        .expect("reach the head");
    let timeout = Duration::from_millis(100);
    match summary.wait_for(outcome.last_position + 1, timeout).await {
        Err(error @ WaitError::Timeout { .. }) => {
            assert_eq!(
                error,
                WaitError::Timeout {
                    name: "log_summary",
                    position: 3,
                    timeout
                }
            );
            assert!(error.to_string().contains("did not reach position 3"));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    // Still running: the next append is applied.
    let next = store
        .append(&stream("s"), ExpectedVersion::Exact(2), numbered(1))
        .await
        .expect("append");
    summary
        .wait_for(next.last_position, PATIENCE)
        .await
        .expect("the projection goes on after a caller timed out");
}

/// Applies every event, except that it cannot apply one of type `test.poison`.
#[derive(Clone, Default)]
struct Fragile {
    applied: Arc<Mutex<Vec<u64>>>,
}

impl Projection for Fragile {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        if event.event_type == "test.poison" {
            return Err(ProjectionError {
                position: event.position,
                reason: "poisoned".into(),
            });
        }
        self.applied.lock().expect("lock").push(event.position);
        Ok(())
    }
}

async fn failing_projection_stops_loudly(db: &TestDb) {
    let store = db.store().await;
    let fragile = Fragile::default();
    let applied = fragile.applied.clone();
    let projected = Projected::start(&store, "fragile", fragile);
    let s = stream("s");
    store
        .append(&s, ExpectedVersion::NoStream, numbered(3))
        .await
        .expect("append");
    let poison = store
        .append(
            &s,
            ExpectedVersion::Exact(3),
            vec![event("test.poison", json!({}))],
        )
        .await
        .expect("append");
    let after = store
        .append(&s, ExpectedVersion::Exact(4), numbered(2))
        .await
        .expect("append");
    assert_eq!(poison.last_position, 4);

    match projected.wait_for(after.last_position, PATIENCE).await {
        Err(WaitError::Failed { name, reason }) => {
            assert_eq!(name, "fragile");
            assert!(
                reason.contains("position 4") && reason.contains("poisoned"),
                "{reason}"
            );
        }
        other => panic!("expected the projection to report its failure, got {other:?}"),
    }
    match projected.progress() {
        Progress::Failed(reason) => assert!(reason.contains("position 4"), "{reason}"),
        other => panic!("expected Failed, got {other:?}"),
    }
    // It stopped at the poison: nothing after it was applied, nothing before it skipped.
    assert_eq!(*applied.lock().expect("lock"), vec![1, 2, 3]);
    // Every later wait fails at once instead of running into its timeout.
    match projected.wait_for(5, Duration::from_millis(10)).await {
        Err(WaitError::Failed { .. }) => {}
        other => panic!("waiting past the failure must fail, got {other:?}"),
    }

    // A fold fails the same way, naming the position.
    match fold(&store, Fragile::default(), None).await {
        Err(error) => assert!(error.to_string().contains("position 4"), "{error}"),
        Ok(_) => panic!("folding over the poison must fail"),
    }
}

async fn fold_as_of_a_position(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("a"), ExpectedVersion::Any, numbered(4))
        .await
        .expect("append");
    store
        .append(
            &stream("b"),
            ExpectedVersion::Any,
            vec![event("test.other", json!({}))],
        )
        .await
        .expect("append");
    store
        .append(&stream("c"), ExpectedVersion::Any, numbered(5))
        .await
        .expect("append");

    let as_of_4 = fold(&store, LogSummary::default(), Some(4))
        .await
        .expect("fold to 4");
    assert_eq!((as_of_4.events, as_of_4.last_position), (4, 4));
    assert_eq!(as_of_4.streams.len(), 1);
    assert!(!as_of_4.events_by_type.contains_key("test.other"));

    let as_of_5 = fold(&store, LogSummary::default(), Some(5))
        .await
        .expect("fold to 5");
    assert_eq!(as_of_5.events_by_type["test.other"], 1);
    assert_eq!(as_of_5.streams.len(), 2);

    let everything = fold(&store, LogSummary::default(), None)
        .await
        .expect("fold all");
    assert_eq!((everything.events, everything.last_position), (10, 10));
    let beyond = fold(&store, LogSummary::default(), Some(1_000))
        .await
        .expect("fold past the head");
    assert_eq!(beyond, everything);
    let nothing = fold(&store, LogSummary::default(), Some(0))
        .await
        .expect("fold nothing");
    assert_eq!(nothing, LogSummary::default());

    // A rebuild equals the live projection.
    let live = Projected::start(&store, "log_summary", LogSummary::default());
    live.wait_for(10, PATIENCE).await.expect("catch up");
    assert_eq!(*live.read(), everything);
}

async fn registry_starts_healthy(db: &TestDb) {
    let store = db.store().await;
    let outcome = store
        .append(&stream("s"), ExpectedVersion::Any, numbered(3))
        .await
        .expect("append");
    let projections = Projections::start(&store);
    assert_eq!(projections.start_head(), outcome.last_position);
    projections.catch_up().await.expect("catch up");
    assert!(projections.is_caught_up());
    assert_eq!(projections.failure(), None);
    // One subscription feeds every read model: they are at one position.
    let models = projections.read();
    assert_eq!(models.log_summary.last_position, outcome.last_position);
    assert_eq!(projections.position(), outcome.last_position);
}
