//! A process killed with SIGKILL while appending loses nothing it acknowledged and leaves no batch
//! half-written: every commit is one durable transaction (SQLite: WAL with synchronous=FULL).

use std::collections::{BTreeMap, HashMap};

use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, ExpectedVersion, NewEvent};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{
    assert_gap_free, assert_intact, child_role, event, read_all, read_stream, report, stream,
    ChildProcess, TestDb,
};

both!(killed_appender_loses_no_acknowledged_append);

const CHILD_TEST: &str = "crash::child_appender";
const ROLE: &str = "crash";
const WRITERS: usize = 4;
const BATCH: usize = 5;
/// The parent kills the child after this many acknowledgements, while it is still appending.
const ACKS_BEFORE_KILL: usize = 100;
/// Crash, restart, crash again: each restart must also recover from the crash before it.
const CRASHES: usize = 3;

/// One acknowledged append, as the child reported it.
struct Ack {
    first: u64,
    last: u64,
    ids: Vec<Uuid>,
}

async fn killed_appender_loses_no_acknowledged_append(db: &TestDb) {
    let mut acknowledged = Vec::new();
    for crash in 1..=CRASHES {
        let mut child = ChildProcess::spawn(CHILD_TEST, ROLE, db, &[]);
        for _ in 0..ACKS_BEFORE_KILL {
            acknowledged.push(parse_ack(&child.expect_report("ack").await));
        }
        child.kill().await;
        let (status, _) = child.finish().await;
        assert!(!status.success(), "the child was killed, not finished");

        // Restart: a new connection pool and a new store on what the dead process left behind.
        let store = EventStore::open(db.reconnect().await, Upcasters::default())
            .await
            .expect("reopen the store after the crash");
        let events = check_after_crash(&store, &acknowledged).await;
        assert!(events >= (crash * ACKS_BEFORE_KILL * BATCH) as u64);
    }

    // The restarted store goes on from where the log ends.
    let store = db.store().await;
    let s = stream("crash-writer-0");
    let version = read_stream(&store, &s, 0).await.len() as u64;
    let head = store.head();
    let outcome = store
        .append(
            &s,
            ExpectedVersion::Exact(version),
            vec![event("test.after", json!({}))],
        )
        .await
        .expect("append after the restart");
    assert_eq!(outcome.first_position, head + 1);
    assert_intact(&store, head + 1).await;
}

/// "<first position> <last position> <event id>,<event id>,..."
fn parse_ack(line: &str) -> Ack {
    let fields: Vec<&str> = line.split(' ').collect();
    let [first, last, ids] = fields[..] else {
        panic!("a malformed ack: {line:?}");
    };
    Ack {
        first: first.parse().expect("a position"),
        last: last.parse().expect("a position"),
        ids: ids
            .split(',')
            .map(|id| Uuid::parse_str(id).expect("an event id"))
            .collect(),
    }
}

/// Every acknowledged event is where it was acknowledged, no batch is half there, the chain is
/// intact. Returns the number of events in the log.
async fn check_after_crash(store: &EventStore, acknowledged: &[Ack]) -> u64 {
    let events = read_all(store).await;
    assert_gap_free(&events);
    let position_of: HashMap<Uuid, u64> = events.iter().map(|e| (e.event_id, e.position)).collect();
    for ack in acknowledged {
        assert_eq!(ack.ids.len(), BATCH);
        assert_eq!(ack.last, ack.first + BATCH as u64 - 1);
        for (offset, id) in ack.ids.iter().enumerate() {
            assert_eq!(
                position_of.get(id),
                Some(&(ack.first + offset as u64)),
                "acknowledged event {id} is not where it was acknowledged"
            );
        }
    }
    // Acknowledged or not (the child may have committed a batch it had no time to report).
    let mut batches: BTreeMap<(String, u64), Vec<u64>> = BTreeMap::new();
    for e in &events {
        let batch = e.payload["batch"].as_u64().expect("batch");
        let index = e.payload["index"].as_u64().expect("index");
        batches
            .entry((e.stream_id.to_string(), batch))
            .or_default()
            .push(index);
    }
    for ((s, batch), indexes) in &batches {
        assert_eq!(
            indexes,
            &(0..BATCH as u64).collect::<Vec<_>>(),
            "batch {batch} of {s} is half there"
        );
    }
    assert_eq!(events.len(), batches.len() * BATCH);
    assert_intact(store, events.len() as u64).await;
    events.len() as u64
}

/// The child: 4 tasks append batches of 5 events in a loop, each to its own stream from where that
/// stream ends, and report each acknowledged batch, until the parent kills the process (or, should
/// it not, a bound ends the loop).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_appender() {
    if child_role().as_deref() != Some(ROLE) {
        return;
    }
    let db = TestDb::attach_from_env().await;
    let store = db.store().await;
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store = store.clone();
            tokio::spawn(async move {
                let s = stream(&format!("crash-writer-{writer}"));
                let mut version = read_stream(&store, &s, 0).await.len() as u64;
                let first_batch = version / BATCH as u64;
                for batch in first_batch..first_batch + 2_000 {
                    let events: Vec<NewEvent> = (0..BATCH)
                        .map(|index| event("test.crash", json!({"batch": batch, "index": index})))
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
