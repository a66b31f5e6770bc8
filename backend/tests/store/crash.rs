//! A process killed with SIGKILL while appending loses nothing it acknowledged and leaves no batch
//! half-written: every commit is one durable transaction (SQLite: WAL with synchronous=FULL).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use mamori::store::{ExpectedVersion, NewEvent};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{
    assert_gap_free, assert_intact, child_role, event, read_all, report, stream, ChildProcess,
    TestDb,
};

both!(killed_appender_loses_no_acknowledged_append);

const CHILD_TEST: &str = "crash::child_appender";
const ROLE: &str = "crash";
const WRITERS: usize = 4;
const BATCH: usize = 5;
/// The parent kills the child after this many acknowledgements, while it is still appending.
const ACKS_BEFORE_KILL: usize = 120;

async fn killed_appender_loses_no_acknowledged_append(db: &TestDb) {
    let mut child = ChildProcess::spawn(CHILD_TEST, ROLE, db, &[]);
    // "ack <first position> <last position> <event id>,<event id>,..."
    let mut acknowledged: Vec<(u64, u64, Vec<Uuid>)> = Vec::new();
    while acknowledged.len() < ACKS_BEFORE_KILL {
        let line = child.expect_report("ack").await;
        let mut fields = line.split(' ');
        let mut number = || -> u64 {
            fields
                .next()
                .and_then(|f| f.parse().ok())
                .expect("a position")
        };
        let (first, last) = (number(), number());
        let ids = line
            .rsplit(' ')
            .next()
            .expect("event ids")
            .split(',')
            .map(|id| Uuid::parse_str(id).expect("an event id"))
            .collect();
        acknowledged.push((first, last, ids));
    }
    child.kill().await;
    let (status, _) = child.finish().await;
    assert!(!status.success(), "the child was killed, not finished");

    // Restart: a new connection and a new store on what the dead process left behind.
    let restarted = TestDb::reconnect(db).await;
    let store = mamori::store::EventStore::open(restarted, Default::default())
        .await
        .expect("reopen the store after the crash");
    let events = read_all(&store).await;
    assert_gap_free(&events);
    let position_of: HashMap<Uuid, u64> = events.iter().map(|e| (e.event_id, e.position)).collect();
    for (first, last, ids) in &acknowledged {
        assert_eq!(ids.len(), BATCH);
        for (offset, id) in ids.iter().enumerate() {
            assert_eq!(
                position_of.get(id),
                Some(&(first + offset as u64)),
                "acknowledged event {id} is not where it was acknowledged"
            );
        }
        assert_eq!(*last, first + BATCH as u64 - 1);
    }
    // No batch is half there, acknowledged or not.
    let mut batches: BTreeMap<(u64, u64), Vec<u64>> = BTreeMap::new();
    for e in &events {
        let key = (
            e.payload["writer"].as_u64().expect("writer"),
            e.payload["batch"].as_u64().expect("batch"),
        );
        batches
            .entry(key)
            .or_default()
            .push(e.payload["index"].as_u64().expect("index"));
    }
    for ((writer, batch), indexes) in &batches {
        assert_eq!(
            indexes,
            &(0..BATCH as u64).collect::<Vec<_>>(),
            "batch {batch} of writer {writer} is half there"
        );
    }
    assert_eq!(events.len(), batches.len() * BATCH);
    assert!(events.len() >= ACKS_BEFORE_KILL * BATCH);
    assert_intact(&store, events.len() as u64).await;

    // The restarted store goes on from where the log ends.
    let s = stream("crash-writer-0");
    let version = events.iter().filter(|e| e.stream_id == s).count() as u64;
    let outcome = store
        .append(&s, ExpectedVersion::Exact(version), vec![event("test.after", json!({}))])
        .await
        .expect("append after the restart");
    assert_eq!(outcome.first_position, events.len() as u64 + 1);
    assert_intact(&store, events.len() as u64 + 1).await;
}

/// The child: 4 tasks append batches of 5 events in a loop and report each acknowledged batch, until
/// the parent kills the process (or, should it not, a bound stops the loop).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_appender() {
    if child_role().as_deref() != Some(ROLE) {
        return;
    }
    let db = TestDb::attach_from_env().await;
    let store = Arc::new(db.store().await);
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store = store.clone();
            tokio::spawn(async move {
                let s = stream(&format!("crash-writer-{writer}"));
                let mut version = 0;
                for batch in 0..2_000u64 {
                    let events: Vec<NewEvent> = (0..BATCH)
                        .map(|index| {
                            event(
                                "test.crash",
                                json!({"writer": writer, "batch": batch, "index": index}),
                            )
                        })
                        .collect();
                    let ids: Vec<String> = events.iter().map(|e| e.event_id.to_string()).collect();
                    let outcome = store
                        .append(&s, ExpectedVersion::Exact(version), events)
                        .await
                        .expect("append");
                    version = outcome.stream_version;
                    report(&format!(
                        "ack {} {} {}",
                        outcome.first_position,
                        outcome.last_position,
                        ids.join(",")
                    ));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer task");
    }
}
