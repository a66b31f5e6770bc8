//! Many writers at once, in one process: optimistic concurrency holds (two conflicting appends never
//! both win), independent appends all succeed, and the global log stays gap-free and chained.

use std::collections::BTreeMap;
use std::sync::Arc;

use mamori::store::upcast::Upcasters;
use mamori::store::{AppendError, EventStore, ExpectedVersion, Limits};
use serde_json::json;
use tokio::sync::Barrier;

use crate::helpers::{
    assert_gap_free, assert_intact, event, numbered, read_all, read_stream, stream, TestDb,
};

both!(
    fifty_writers_one_stream,
    fifty_writers_retrying_on_one_stream,
    fifty_writers_fifty_streams,
    two_store_instances_share_one_database,
);

const WRITERS: usize = 50;

/// Round after round, 50 tasks append to the same stream expecting the same version: in each round
/// exactly one wins, and each of the 49 others gets a conflict naming the version the winner left.
async fn fifty_writers_one_stream(db: &TestDb) {
    let store = db.store().await;
    let s = stream("contended");
    const ROUNDS: u64 = 5;
    for version in 0..ROUNDS {
        let barrier = Arc::new(Barrier::new(WRITERS));
        let tasks: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let (store, s, barrier) = (store.clone(), s.clone(), barrier.clone());
                tokio::spawn(async move {
                    let events = vec![event("test.contended", json!({ "writer": writer }))];
                    barrier.wait().await;
                    store
                        .append(&s, ExpectedVersion::Exact(version), events)
                        .await
                })
            })
            .collect();
        let mut winners = Vec::new();
        for task in tasks {
            match task.await.expect("writer task") {
                Ok(outcome) => winners.push(outcome),
                Err(AppendError::Conflict {
                    stream: conflicting,
                    expected,
                    actual,
                }) => {
                    assert_eq!(conflicting, s);
                    assert_eq!(expected, version.to_string());
                    assert_eq!(
                        actual,
                        version + 1,
                        "the conflict names the winner's version"
                    );
                }
                Err(other) => panic!("a writer failed for another reason than a conflict: {other}"),
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "exactly one writer wins version {version}"
        );
        assert_eq!(winners[0].stream_version, version + 1);
        assert_eq!(winners[0].last_position, version + 1);
    }
    let events = read_all(&store).await;
    assert_eq!(events.len() as u64, ROUNDS);
    assert_gap_free(&events);
    assert_intact(&store, ROUNDS).await;
}

/// 50 tasks each append one event to one stream, retrying with the version each conflict names: every
/// version from 1 to 50 is won by exactly one of them, and no conflict names a version the stream
/// never had.
async fn fifty_writers_retrying_on_one_stream(db: &TestDb) {
    let store = db.store().await;
    let s = stream("retrying");
    let barrier = Arc::new(Barrier::new(WRITERS));
    let tasks: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (store, s, barrier) = (store.clone(), s.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut expected = 0;
                let mut conflicts = Vec::new();
                loop {
                    let events = vec![event("test.retrying", json!({ "writer": writer }))];
                    match store
                        .append(&s, ExpectedVersion::Exact(expected), events)
                        .await
                    {
                        Ok(outcome) => return (writer, expected, outcome, conflicts),
                        Err(AppendError::Conflict { actual, .. }) => {
                            assert_ne!(actual, expected, "a conflict names another version");
                            conflicts.push(actual);
                            expected = actual;
                        }
                        Err(other) => panic!("writer {writer}: {other}"),
                    }
                }
            })
        })
        .collect();
    let mut won: BTreeMap<u64, usize> = BTreeMap::new();
    for task in tasks {
        let (writer, expected, outcome, conflicts) = task.await.expect("writer task");
        assert_eq!(outcome.stream_version, expected + 1);
        assert!(conflicts.iter().all(|v| (1..=WRITERS as u64).contains(v)));
        assert!(
            won.insert(outcome.stream_version, writer).is_none(),
            "version {} won twice",
            outcome.stream_version
        );
    }
    assert_eq!(
        won.keys().copied().collect::<Vec<_>>(),
        (1..=WRITERS as u64).collect::<Vec<_>>()
    );
    // The stream holds each writer's event at the version that writer was told it won.
    let stream_events = read_stream(&store, &s, 0).await;
    for e in &stream_events {
        assert_eq!(e.payload["writer"], json!(won[&e.stream_version]));
    }
    let events = read_all(&store).await;
    assert_eq!(events.len(), WRITERS);
    assert_gap_free(&events);
    assert_intact(&store, WRITERS as u64).await;
}

/// 50 tasks on 50 streams never conflict: every append succeeds and lands whole.
async fn fifty_writers_fifty_streams(db: &TestDb) {
    let store = db.store().await;
    const APPENDS: u64 = 4;
    const EVENTS: usize = 3;
    let barrier = Arc::new(Barrier::new(WRITERS));
    let tasks: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                let s = stream(&format!("asset-{writer:03}"));
                barrier.wait().await;
                let mut outcomes = Vec::new();
                for append in 0..APPENDS {
                    let expected = if append == 0 {
                        ExpectedVersion::NoStream
                    } else {
                        ExpectedVersion::Exact(append * EVENTS as u64)
                    };
                    let outcome = store
                        .append(&s, expected, numbered(EVENTS))
                        .await
                        .unwrap_or_else(|e| panic!("writer {writer} append {append}: {e}"));
                    assert_eq!(outcome.stream_version, (append + 1) * EVENTS as u64);
                    assert_eq!(
                        outcome.last_position - outcome.first_position + 1,
                        EVENTS as u64
                    );
                    outcomes.push(outcome);
                }
                (s, outcomes)
            })
        })
        .collect();
    let total = WRITERS as u64 * APPENDS * EVENTS as u64;
    let mut by_position = Vec::new();
    for task in tasks {
        let (s, outcomes) = task.await.expect("writer task");
        for outcome in outcomes {
            by_position.push((outcome.first_position, outcome.last_position, s.clone()));
        }
    }
    // Each acknowledged append is exactly where its outcome says, contiguous in the global log.
    let events = read_all(&store).await;
    assert_eq!(events.len() as u64, total);
    assert_gap_free(&events);
    for (first, last, s) in by_position {
        for position in first..=last {
            assert_eq!(events[position as usize - 1].stream_id, s);
        }
    }
    assert_intact(&store, total).await;
}

/// Two stores (two writers, two connection pools) on one database, as two server instances would be:
/// the database, not the in-process writer, keeps the log gap-free and the versions exclusive.
async fn two_store_instances_share_one_database(db: &TestDb) {
    let first = db.store().await;
    let second = EventStore::open_with_limits(
        db.reconnect().await,
        Upcasters::default(),
        Limits::default(),
    )
    .await
    .expect("open a second store");
    let shared = stream("shared");
    let barrier = Arc::new(Barrier::new(2 * 10));
    let mut tasks = Vec::new();
    for (instance, store) in [first.clone(), second.clone()].into_iter().enumerate() {
        for writer in 0..10 {
            let (store, shared, barrier) = (store.clone(), shared.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                let own = stream(&format!("instance-{instance}-writer-{writer}"));
                barrier.wait().await;
                let mut shared_wins = 0;
                for append in 0..5u64 {
                    store
                        .append(&own, ExpectedVersion::Exact(append * 2), numbered(2))
                        .await
                        .expect("an append to an own stream");
                    // Everyone also races for the shared stream's next version, once per round.
                    let version = read_stream(&store, &shared, 0).await.len() as u64;
                    match store
                        .append(&shared, ExpectedVersion::Exact(version), numbered(1))
                        .await
                    {
                        Ok(_) => shared_wins += 1,
                        Err(AppendError::Conflict { actual, .. }) => assert!(actual > version),
                        Err(other) => panic!("{other}"),
                    }
                }
                shared_wins
            }));
        }
    }
    let mut shared_wins = 0;
    for task in tasks {
        shared_wins += task.await.expect("writer task");
    }
    let events = read_all(&first).await;
    assert_gap_free(&events);
    let shared_events = read_stream(&first, &shared, 0).await;
    assert_eq!(
        shared_events.len(),
        shared_wins,
        "one event per win, none more"
    );
    for (index, e) in shared_events.iter().enumerate() {
        assert_eq!(e.stream_version, index as u64 + 1);
    }
    assert_eq!(events.len(), 20 * 5 * 2 + shared_wins);
    assert_intact(&second, events.len() as u64).await;
}
