//! Subscriptions: catch up on what is in the log, then follow new appends as they are committed.

use std::pin::pin;

use futures::{Stream, StreamExt};
use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, ExpectedVersion, Limits, RecordedEvent, StoreError};

use crate::helpers::{numbered, read_all, stream, TestDb, PATIENCE};

both!(
    subscription_catches_up_then_follows_live_appends,
    subscription_starts_after_the_given_position,
    concurrent_appends_reach_every_subscriber_once_in_order,
);

async fn next(
    events: &mut (impl Stream<Item = Result<RecordedEvent, StoreError>> + Unpin),
) -> RecordedEvent {
    tokio::time::timeout(PATIENCE, events.next())
        .await
        .expect("no event arrived")
        .expect("a subscription never ends")
        .expect("the subscription reads the log")
}

async fn subscription_catches_up_then_follows_live_appends(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("before-1"), ExpectedVersion::Any, numbered(3))
        .await
        .expect("append");
    store
        .append(&stream("before-2"), ExpectedVersion::Any, numbered(2))
        .await
        .expect("append");
    let mut events = pin!(store.subscribe(0));
    for position in 1..=5 {
        assert_eq!(next(&mut events).await.position, position, "catch-up");
    }

    // Nothing more is there: the subscriber now waits for the next commit.
    let waiting = tokio::time::timeout(std::time::Duration::from_millis(50), events.next()).await;
    assert!(
        waiting.is_err(),
        "a caught-up subscription waits, it does not end"
    );

    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for _ in 0..3 {
                store
                    .append(&stream("live"), ExpectedVersion::Any, numbered(2))
                    .await
                    .expect("live append");
            }
        })
    };
    let mut live = Vec::new();
    for _ in 0..6 {
        live.push(next(&mut events).await);
    }
    writer.await.expect("writer");
    assert_eq!(
        live.iter().map(|e| e.position).collect::<Vec<_>>(),
        (6..=11).collect::<Vec<_>>()
    );
    assert!(live.iter().all(|e| e.stream_id == stream("live")));
    assert_eq!(live, read_all(&store).await[5..]);
}

async fn subscription_starts_after_the_given_position(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("s"), ExpectedVersion::Any, numbered(10))
        .await
        .expect("append");
    let mut from_seven = pin!(store.subscribe(7));
    assert_eq!(next(&mut from_seven).await.position, 8);
    let mut at_head = pin!(store.subscribe(10));
    store
        .append(&stream("s"), ExpectedVersion::Exact(10), numbered(1))
        .await
        .expect("append");
    assert_eq!(next(&mut at_head).await.position, 11);
    assert_eq!(next(&mut from_seven).await.position, 9);
}

/// Several writers and several subscribers at once: each subscriber sees the whole log, once, in
/// order, whichever group commit each event came in. On PostgreSQL one of the subscribers belongs to
/// a second store instance, woken by the first one's notifications.
async fn concurrent_appends_reach_every_subscriber_once_in_order(db: &TestDb) {
    let store = db.store().await;
    const WRITERS: usize = 10;
    const APPENDS: usize = 10;
    let total = (WRITERS * APPENDS * 2) as u64;
    let mut stores = vec![store.clone(), store.clone()];
    if db.is_postgres() {
        let other = EventStore::open_with_limits(
            db.reconnect().await,
            Upcasters::default(),
            Limits::default(),
        )
        .await
        .expect("a second store");
        stores.push(other);
    }
    let subscribers: Vec<_> = stores
        .iter()
        .map(|s| {
            let events = s.subscribe(0);
            tokio::spawn(async move {
                let mut events = pin!(events);
                let mut seen = Vec::new();
                while (seen.len() as u64) < total {
                    seen.push(next(&mut events).await);
                }
                seen
            })
        })
        .collect();
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store = store.clone();
            tokio::spawn(async move {
                for _ in 0..APPENDS {
                    store
                        .append(
                            &stream(&format!("w{writer}")),
                            ExpectedVersion::Any,
                            numbered(2),
                        )
                        .await
                        .expect("append");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer");
    }
    let log = read_all(&store).await;
    assert_eq!(log.len() as u64, total);
    for subscriber in subscribers {
        let seen = subscriber.await.expect("subscriber");
        assert!(seen == log, "a subscriber saw something other than the log");
    }
}
