//! Bad input gets a clear error and nothing of it is written: not the bad event, not the good events
//! beside it in the batch.

use mamori::store::upcast::Upcasters;
use mamori::store::{AppendError, EventStore, ExpectedVersion, Limits, NewEvent, StreamId};
use serde_json::json;

use crate::helpers::{assert_intact, event, numbered, stream, TestDb};

both!(
    event_over_the_size_limit,
    batch_over_the_size_limit,
    invalid_stream_ids,
    payload_that_is_not_an_object,
    invalid_event_type,
    empty_batch,
    duplicate_event_id_in_a_batch,
);

const LIMITS: Limits = Limits {
    max_event_bytes: 1_024,
    max_batch_events: 10,
    max_group_events: 15,
};

/// A store with small limits and two events already in it.
async fn store(db: &TestDb) -> EventStore {
    let store = db.store_with(Upcasters::default(), LIMITS).await;
    store
        .append(&stream("existing"), ExpectedVersion::NoStream, numbered(2))
        .await
        .expect("two good events");
    store
}

/// The refusal left the log as it was.
async fn assert_nothing_written(db: &TestDb, store: &EventStore) {
    assert_eq!(store.head(), 2, "the head moved");
    assert_eq!(db.count().await, 2, "rows were written");
    assert_intact(store, 2).await;
}

async fn event_over_the_size_limit(db: &TestDb) {
    let store = store(db).await;
    let big = event("test.big", json!({"text": "情".repeat(400)}));
    let id = big.event_id;
    let batch = vec![event("test.ok", json!({})), big];
    match store
        .append(&stream("s"), ExpectedVersion::Any, batch)
        .await
    {
        Err(error @ AppendError::EventTooLarge { .. }) => {
            let AppendError::EventTooLarge {
                event_id,
                size,
                limit,
            } = &error
            else {
                unreachable!()
            };
            assert_eq!((*event_id, *limit), (id, 1_024));
            assert!(*size > 1_024);
            let message = error.to_string();
            assert!(message.contains(&id.to_string()) && message.contains("over the limit"));
        }
        other => panic!("expected EventTooLarge, got {other:?}"),
    }
    assert_nothing_written(db, &store).await;
    // Just under the limit is fine.
    let fits = event("test.fits", json!({"text": "x".repeat(800)}));
    store
        .append(&stream("s"), ExpectedVersion::Any, vec![fits])
        .await
        .expect("an event under the limit");
}

async fn batch_over_the_size_limit(db: &TestDb) {
    let store = store(db).await;
    match store
        .append(&stream("s"), ExpectedVersion::Any, numbered(11))
        .await
    {
        Err(AppendError::BatchTooLarge { count, limit }) => assert_eq!((count, limit), (11, 10)),
        other => panic!("expected BatchTooLarge, got {other:?}"),
    }
    assert_nothing_written(db, &store).await;
}

async fn invalid_stream_ids(db: &TestDb) {
    let store = store(db).await;
    let too_long = "a".repeat(StreamId::MAX_LEN + 1);
    for bad in [
        "",
        "-starts-with-dash",
        "/root",
        "has space",
        "資産-1",
        "a;DROP TABLE events",
        too_long.as_str(),
    ] {
        match StreamId::parse(bad) {
            Err(error @ AppendError::InvalidStreamId(_)) => {
                let message = error.to_string();
                assert!(message.starts_with("invalid stream id"), "{message}");
                assert!(
                    message.contains(&format!("{bad:?}")),
                    "the message names the id: {message}"
                );
            }
            other => panic!("{bad:?} must be refused, got {other:?}"),
        }
    }
    for good in [
        "asset-0001",
        "a",
        "org:miyagi/asset.42_x",
        &"a".repeat(StreamId::MAX_LEN),
    ] {
        StreamId::parse(good).unwrap_or_else(|e| panic!("{good:?} is valid: {e}"));
    }
    assert_nothing_written(db, &store).await;
}

async fn payload_that_is_not_an_object(db: &TestDb) {
    let store = store(db).await;
    for payload in [
        json!([1, 2]),
        json!("text"),
        json!(42),
        json!(null),
        json!(true),
    ] {
        let bad = event("test.bad", payload.clone());
        let id = bad.event_id;
        match store
            .append(
                &stream("s"),
                ExpectedVersion::Any,
                vec![event("test.ok", json!({})), bad],
            )
            .await
        {
            Err(AppendError::PayloadNotObject { event_id }) => assert_eq!(event_id, id),
            other => panic!("{payload}: expected PayloadNotObject, got {other:?}"),
        }
    }
    assert_nothing_written(db, &store).await;
}

async fn invalid_event_type(db: &TestDb) {
    let store = store(db).await;
    for bad in [
        "",
        "asset registered",
        "asset-registered",
        "資産",
        &"a".repeat(101),
    ] {
        let batch = vec![event(bad, json!({}))];
        match store
            .append(&stream("s"), ExpectedVersion::Any, batch)
            .await
        {
            Err(AppendError::InvalidEventType(name)) => assert_eq!(name, bad),
            other => panic!("{bad:?}: expected InvalidEventType, got {other:?}"),
        }
    }
    assert_nothing_written(db, &store).await;
}

async fn empty_batch(db: &TestDb) {
    let store = store(db).await;
    for expected in [
        ExpectedVersion::Any,
        ExpectedVersion::Exact(2),
        ExpectedVersion::NoStream,
    ] {
        match store
            .append(&stream("existing"), expected, Vec::new())
            .await
        {
            Err(error @ AppendError::EmptyBatch) => {
                assert_eq!(error.to_string(), "an append needs at least one event")
            }
            other => panic!("expected EmptyBatch, got {other:?}"),
        }
    }
    assert_nothing_written(db, &store).await;
}

async fn duplicate_event_id_in_a_batch(db: &TestDb) {
    let store = store(db).await;
    let first = event("test.one", json!({"n": 1}));
    let twin = NewEvent {
        payload: json!({"n": 2}),
        ..first.clone()
    };
    let id = first.event_id;
    match store
        .append(
            &stream("s"),
            ExpectedVersion::Any,
            vec![first, event("test.two", json!({})), twin],
        )
        .await
    {
        Err(AppendError::DuplicateEventId(duplicate)) => assert_eq!(duplicate, id),
        other => panic!("expected DuplicateEventId, got {other:?}"),
    }
    assert_nothing_written(db, &store).await;
}
