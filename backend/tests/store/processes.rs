//! Two OS processes appending to one database, as two server instances would. The log stays gap-free
//! and chained; on PostgreSQL a subscriber in each process sees every event of both, once, in order
//! (appends by the other process wake it through LISTEN/NOTIFY). SQLite is the single-instance store:
//! two processes may share its file safely, but learn of each other's appends only when they read.

use std::collections::{BTreeMap, HashMap};
use std::pin::pin;
use std::sync::Arc;

use futures::StreamExt;
use mamori::store::{ExpectedVersion, RecordedEvent};
use tokio::sync::Barrier;

use crate::helpers::{
    assert_gap_free, assert_intact, child_role, numbered, read_all, read_stream, report, stream,
    ChildProcess, TestDb, PATIENCE,
};

both!(two_processes_append_to_one_log);

const CHILD_TEST: &str = "processes::child_appender";
const ROLE: &str = "two-processes";
const WRITERS_PER_PROCESS: u64 = 8;
const APPENDS_PER_WRITER: u64 = 25;
const EVENTS_PER_APPEND: u64 = 2;
const EVENTS_PER_PROCESS: u64 = WRITERS_PER_PROCESS * APPENDS_PER_WRITER * EVENTS_PER_APPEND;

async fn two_processes_append_to_one_log(db: &TestDb) {
    let total = 2 * EVENTS_PER_PROCESS;
    let subscribe = if db.is_postgres() { "yes" } else { "no" };
    let mut children: Vec<ChildProcess> = ["a", "b"]
        .into_iter()
        .map(|label| {
            ChildProcess::spawn(
                CHILD_TEST,
                ROLE,
                db,
                &[
                    ("MAMORI_TEST_LABEL", label.to_owned()),
                    ("MAMORI_TEST_TOTAL", total.to_string()),
                    ("MAMORI_TEST_SUBSCRIBE", subscribe.to_owned()),
                ],
            )
        })
        .collect();
    // Both have opened the store (and subscribed) before either appends, so their appends overlap.
    for child in &mut children {
        child.expect_report("ready").await;
    }
    for child in &mut children {
        child.send("go").await;
    }
    let mut seen = Vec::new();
    for child in &mut children {
        child.expect_report("appended").await;
        if db.is_postgres() {
            seen.push(child.expect_report("saw").await);
        }
        child.succeed().await;
    }

    let store = db.store().await;
    let events = read_all(&store).await;
    assert_eq!(
        events.len() as u64,
        total,
        "every append of both processes is in the log"
    );
    assert_gap_free(&events);
    assert_intact(&store, total).await;
    for label in ["a", "b"] {
        for writer in 0..WRITERS_PER_PROCESS {
            let s = stream(&format!("process-{label}-writer-{writer}"));
            let versions: Vec<u64> = read_stream(&store, &s, 0)
                .await
                .iter()
                .map(|e| e.stream_version)
                .collect();
            assert_eq!(
                versions,
                (1..=APPENDS_PER_WRITER * EVENTS_PER_APPEND).collect::<Vec<_>>()
            );
        }
    }
    // What each subscriber saw is exactly the log: every event once, in order.
    let log = fingerprint(&events);
    for (child, saw) in seen.iter().enumerate() {
        assert!(
            saw == &log,
            "the subscriber of child {child} did not see the log as it is"
        );
    }
}

/// "position:event id" of each event, comma-separated.
fn fingerprint(events: &[RecordedEvent]) -> String {
    events
        .iter()
        .map(|e| format!("{}:{}", e.position, e.event_id))
        .collect::<Vec<_>>()
        .join(",")
}

/// The child: opens the store, subscribes (PostgreSQL), waits for "go", appends from 8 tasks, then
/// reports what its subscriber saw once it has seen as many events as both processes append.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_appender() {
    if child_role().as_deref() != Some(ROLE) {
        return;
    }
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let label = env("MAMORI_TEST_LABEL");
    let total: u64 = env("MAMORI_TEST_TOTAL").parse().expect("a number");
    let db = TestDb::attach_from_env().await;
    let store = db.store().await;

    let subscriber = (env("MAMORI_TEST_SUBSCRIBE") == "yes").then(|| {
        let events = store.subscribe(0);
        tokio::spawn(async move {
            let mut events = pin!(events);
            let mut seen: Vec<RecordedEvent> = Vec::new();
            while (seen.len() as u64) < total {
                let event = events
                    .next()
                    .await
                    .expect("a subscription never ends")
                    .expect("the subscription reads the log");
                seen.push(event);
            }
            seen
        })
    });

    report("ready");
    let go = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    })
    .await
    .expect("stdin task")
    .expect("read stdin");
    assert_eq!(go.trim(), "go");

    let barrier = Arc::new(Barrier::new(WRITERS_PER_PROCESS as usize));
    let writers: Vec<_> = (0..WRITERS_PER_PROCESS)
        .map(|writer| {
            let (store, barrier) = (store.clone(), barrier.clone());
            let s = stream(&format!("process-{label}-writer-{writer}"));
            tokio::spawn(async move {
                barrier.wait().await;
                for append in 0..APPENDS_PER_WRITER {
                    store
                        .append(
                            &s,
                            ExpectedVersion::Exact(append * EVENTS_PER_APPEND),
                            numbered(EVENTS_PER_APPEND as usize),
                        )
                        .await
                        .unwrap_or_else(|e| panic!("{s} append {append}: {e}"));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer task");
    }
    report("appended");

    if let Some(subscriber) = subscriber {
        let seen = tokio::time::timeout(PATIENCE, subscriber)
            .await
            .expect("the subscriber did not see every event of both processes")
            .expect("subscriber task");
        // Exactly once and in order, checked here too so that a failure names the position.
        let mut ids = HashMap::new();
        for (index, event) in seen.iter().enumerate() {
            assert_eq!(event.position, index as u64 + 1, "subscriber out of order");
            assert!(ids.insert(event.event_id, event.position).is_none());
        }
        let streams: BTreeMap<_, usize> = seen.iter().fold(BTreeMap::new(), |mut counts, event| {
            *counts.entry(event.stream_id.to_string()).or_default() += 1;
            counts
        });
        assert_eq!(streams.len() as u64, 2 * WRITERS_PER_PROCESS);
        report(&format!("saw {}", fingerprint(&seen)));
    }
}
