//! Appending and reading back: outcomes, expected versions, idempotency, the shape of what is read.

use futures::TryStreamExt;
use mamori::store::upcast::Upcasters;
use mamori::store::{AppendError, ExpectedVersion, Limits, Metadata, NewEvent, Source};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::helpers::{
    assert_gap_free, assert_intact, event, numbered, read_all, read_stream, stream, TestDb,
};

both!(
    appended_events_read_back_as_written,
    expected_version_any,
    expected_version_no_stream,
    expected_version_exact,
    conflict_writes_nothing,
    same_event_ids_again_return_the_first_outcome,
    concurrent_retries_of_one_batch_are_written_once,
    partly_known_event_ids_are_refused,
    reads_page_through_more_than_one_batch,
    read_until_stops_at_the_position,
);

async fn appended_events_read_back_as_written(db: &TestDb) {
    let store = db.store().await;
    let asset = stream("asset-0001");
    let correlation = Uuid::new_v4();
    let metadata = Metadata {
        actor: Some("情報セキュリティ管理者".into()),
        correlation_id: Some(correlation),
        causation_id: Some(Uuid::new_v4()),
        trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736".into()),
        source: Source::Web,
    };
    let written = vec![
        NewEvent::new(
            "asset.registered",
            1,
            json!({"name": "住民基本台帳システム", "tier": "マイナンバー利用事務系"}),
            metadata.clone(),
        ),
        NewEvent::new(
            "asset.classified",
            2,
            json!({"confidentiality": "3A", "integrity": 2, "availability": 2, "nested": {"b": [1, 2], "a": null}}),
            metadata.clone(),
        ),
    ];
    let before = OffsetDateTime::now_utc();
    let outcome = store
        .append(&asset, ExpectedVersion::NoStream, written.clone())
        .await
        .expect("append to a new stream");
    assert_eq!(
        (
            outcome.first_position,
            outcome.last_position,
            outcome.stream_version
        ),
        (1, 2, 2)
    );
    assert_eq!(store.head(), 2);

    let read = read_stream(&store, &asset, 0).await;
    assert_eq!(read.len(), 2);
    for (version, (recorded, new)) in read.iter().zip(&written).enumerate() {
        assert_eq!(recorded.position, version as u64 + 1);
        assert_eq!(recorded.stream_id, asset);
        assert_eq!(recorded.stream_version, version as u64 + 1);
        assert_eq!(recorded.event_id, new.event_id);
        assert_eq!(recorded.event_type, new.event_type);
        assert_eq!(recorded.schema_version, new.schema_version);
        assert_eq!(recorded.payload, new.payload);
        assert_eq!(recorded.metadata, metadata);
        // Recorded by the store in UTC, around now (a generous window: this is not a timing test).
        assert_eq!(recorded.recorded_at.offset(), time::UtcOffset::UTC);
        assert!((recorded.recorded_at - before).abs() < time::Duration::hours(1));
    }
    assert_eq!(read_all(&store).await, read);

    let after_first = read_stream(&store, &asset, 1).await;
    assert_eq!(after_first, read[1..]);
    assert!(read_stream(&store, &stream("asset-unknown"), 0)
        .await
        .is_empty());

    let head = assert_intact(&store, 2).await;
    assert_eq!(
        head, read[1].hash,
        "verify's head is the newest event's hash"
    );
}

async fn expected_version_any(db: &TestDb) {
    let store = db.store().await;
    let s = stream("any");
    let first = store
        .append(&s, ExpectedVersion::Any, numbered(2))
        .await
        .expect("Any on a new stream");
    assert_eq!(first.stream_version, 2);
    let second = store
        .append(&s, ExpectedVersion::Any, numbered(3))
        .await
        .expect("Any on an existing stream");
    assert_eq!(
        (
            second.first_position,
            second.last_position,
            second.stream_version
        ),
        (3, 5, 5)
    );
}

async fn expected_version_no_stream(db: &TestDb) {
    let store = db.store().await;
    let s = stream("no-stream");
    store
        .append(&s, ExpectedVersion::NoStream, numbered(3))
        .await
        .expect("NoStream on a new stream");
    match store
        .append(&s, ExpectedVersion::NoStream, numbered(1))
        .await
    {
        Err(AppendError::Conflict {
            stream: conflicting,
            expected,
            actual,
        }) => {
            assert_eq!(conflicting, s);
            assert_eq!(expected, "no stream");
            assert_eq!(actual, 3);
        }
        other => panic!("NoStream on an existing stream must conflict, got {other:?}"),
    }
    // Another stream is unaffected by this one existing.
    store
        .append(
            &stream("no-stream-2"),
            ExpectedVersion::NoStream,
            numbered(1),
        )
        .await
        .expect("NoStream on another new stream");
}

async fn expected_version_exact(db: &TestDb) {
    let store = db.store().await;
    let s = stream("exact");
    let outcome = store
        .append(&s, ExpectedVersion::Exact(0), numbered(2))
        .await
        .expect("Exact(0) on a new stream");
    assert_eq!(outcome.stream_version, 2);
    let outcome = store
        .append(&s, ExpectedVersion::Exact(2), numbered(1))
        .await
        .expect("Exact with the current version");
    assert_eq!(outcome.stream_version, 3);
    for stale_or_future in [0, 2, 4, 100] {
        match store
            .append(&s, ExpectedVersion::Exact(stale_or_future), numbered(1))
            .await
        {
            Err(error @ AppendError::Conflict { .. }) => {
                let AppendError::Conflict {
                    expected, actual, ..
                } = &error
                else {
                    unreachable!()
                };
                assert_eq!(*actual, 3, "the conflict names the actual version");
                assert_eq!(*expected, stale_or_future.to_string());
                assert_eq!(
                    error.to_string(),
                    format!("stream exact is at version 3, expected {stale_or_future}")
                );
            }
            other => panic!("Exact({stale_or_future}) at version 3 must conflict, got {other:?}"),
        }
    }
    // A stream that does not exist is at version 0.
    match store
        .append(&stream("exact-new"), ExpectedVersion::Exact(1), numbered(1))
        .await
    {
        Err(AppendError::Conflict { actual: 0, .. }) => {}
        other => panic!("Exact(1) on a new stream must conflict at 0, got {other:?}"),
    }
}

async fn conflict_writes_nothing(db: &TestDb) {
    let store = db.store().await;
    let s = stream("conflict");
    store
        .append(&s, ExpectedVersion::NoStream, numbered(2))
        .await
        .expect("first append");
    let batch = numbered(5);
    let ids: Vec<Uuid> = batch.iter().map(|e| e.event_id).collect();
    let refused = store.append(&s, ExpectedVersion::Exact(1), batch).await;
    assert!(matches!(
        refused,
        Err(AppendError::Conflict { actual: 2, .. })
    ));
    assert_eq!(db.count().await, 2);
    assert_eq!(store.head(), 2);
    assert!(read_all(&store)
        .await
        .iter()
        .all(|e| !ids.contains(&e.event_id)));
    // The refused batch's ids are not burnt: the same batch with the right version goes in.
    let retry: Vec<NewEvent> = ids
        .iter()
        .map(|id| NewEvent {
            event_id: *id,
            ..event("test.numbered", json!({}))
        })
        .collect();
    let outcome = store
        .append(&s, ExpectedVersion::Exact(2), retry)
        .await
        .expect("the corrected append");
    assert_eq!((outcome.first_position, outcome.stream_version), (3, 7));
    assert_intact(&store, 7).await;
}

async fn same_event_ids_again_return_the_first_outcome(db: &TestDb) {
    let store = db.store().await;
    let s = stream("idempotent");
    store
        .append(&s, ExpectedVersion::NoStream, numbered(1))
        .await
        .expect("a first event");
    let batch = numbered(3);
    let first = store
        .append(&s, ExpectedVersion::Exact(1), batch.clone())
        .await
        .expect("the batch");
    assert_eq!(
        (
            first.first_position,
            first.last_position,
            first.stream_version
        ),
        (2, 4, 4)
    );
    store
        .append(&stream("other"), ExpectedVersion::Any, numbered(2))
        .await
        .expect("events after it");

    // A client that did not get the answer retries: same ids, now-stale expected version.
    for expected in [
        ExpectedVersion::Exact(1),
        ExpectedVersion::Any,
        ExpectedVersion::NoStream,
    ] {
        let again = store
            .append(&s, expected, batch.clone())
            .await
            .expect("a retried append is not an error");
        assert_eq!(again, first, "the retry gets the first outcome back");
    }
    assert_eq!(db.count().await, 6, "nothing was written twice");
    assert_eq!(store.head(), 6);
    let events = read_all(&store).await;
    assert_gap_free(&events);
    assert_intact(&store, 6).await;
}

async fn concurrent_retries_of_one_batch_are_written_once(db: &TestDb) {
    let store = db.store().await;
    let s = stream("retried");
    let batch = numbered(4);
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(10));
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (store, s, batch, barrier) =
                (store.clone(), s.clone(), batch.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                store.append(&s, ExpectedVersion::NoStream, batch).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task").expect("every retry succeeds"));
    }
    assert!(outcomes.iter().all(|o| *o == outcomes[0]));
    assert_eq!(db.count().await, 4);
    assert_intact(&store, 4).await;
}

async fn partly_known_event_ids_are_refused(db: &TestDb) {
    let store = db.store().await;
    let s = stream("partial");
    let batch = numbered(3);
    store
        .append(&s, ExpectedVersion::NoStream, batch.clone())
        .await
        .expect("the batch");

    let known_id = batch[0].event_id;
    let overlapping = vec![batch[0].clone(), event("test.numbered", json!({"n": 99}))];
    let reordered = vec![batch[1].clone(), batch[0].clone(), batch[2].clone()];
    let cases = [
        ("one known id and one new", s.clone(), overlapping, known_id),
        (
            "the same ids in another order",
            s.clone(),
            reordered,
            batch[1].event_id,
        ),
        (
            "the same batch on another stream",
            stream("elsewhere"),
            batch.clone(),
            known_id,
        ),
    ];
    for (case, target, events, named) in cases {
        match store.append(&target, ExpectedVersion::Any, events).await {
            Err(AppendError::IdempotencyMismatch { event_id, .. }) => {
                assert_eq!(event_id, named, "{case}: the error names the known id")
            }
            other => panic!("{case}: expected IdempotencyMismatch, got {other:?}"),
        }
    }
    assert_eq!(
        db.count().await,
        3,
        "nothing of the refused batches was written"
    );
    assert_eq!(store.head(), 3);
    assert_intact(&store, 3).await;
}

async fn reads_page_through_more_than_one_batch(db: &TestDb) {
    // Larger than one read batch (1,000 rows) of both the global log and one stream.
    let limits = Limits {
        max_batch_events: 2_000,
        ..Limits::default()
    };
    let store = db.store_with(Upcasters::default(), limits).await;
    let big = stream("big");
    store
        .append(&big, ExpectedVersion::NoStream, numbered(1_500))
        .await
        .expect("1,500 events");
    store
        .append(&stream("small"), ExpectedVersion::NoStream, numbered(10))
        .await
        .expect("10 events");
    store
        .append(&big, ExpectedVersion::Exact(1_500), numbered(700))
        .await
        .expect("700 more");

    let all = read_all(&store).await;
    assert_eq!(all.len(), 2_210);
    assert_gap_free(&all);
    let from_middle: Vec<_> = store
        .read_all(1_234)
        .try_collect()
        .await
        .expect("read from a position");
    assert_eq!(from_middle, all[1_234..]);

    let stream_events = read_stream(&store, &big, 0).await;
    assert_eq!(stream_events.len(), 2_200);
    for (index, e) in stream_events.iter().enumerate() {
        assert_eq!(e.stream_version, index as u64 + 1);
    }
    assert_eq!(
        read_stream(&store, &big, 1_999).await,
        stream_events[1_999..]
    );
    assert_intact(&store, 2_210).await;
}

async fn read_until_stops_at_the_position(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("until"), ExpectedVersion::Any, numbered(20))
        .await
        .expect("20 events");
    let until: Vec<_> = store
        .read_until(5, 12)
        .try_collect()
        .await
        .expect("read a range");
    let positions: Vec<u64> = until.iter().map(|e| e.position).collect();
    assert_eq!(positions, (6..=12).collect::<Vec<_>>());
    let nothing: Vec<_> = store
        .read_all(20)
        .try_collect()
        .await
        .expect("read past the head");
    assert!(nothing.is_empty());
}
