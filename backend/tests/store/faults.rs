//! A flaky database: connections cut under the writer and under the subscriptions (as a PostgreSQL
//! restart or a network failure would). Appends are retried on fresh connections, subscriptions
//! resume where they were, nothing is skipped or applied twice.

use std::time::Duration;

use mamori::projections::{fold, LogSummary, Projections};
use mamori::store::ExpectedVersion;

use crate::helpers::{
    assert_gap_free, assert_intact, numbered, read_all, stream, TestDb, PATIENCE,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appends_and_projections_survive_cut_connections() {
    let db = TestDb::postgres().await;
    let store = db.store().await;
    let projections = Projections::start(&store);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..40 {
                    store
                        .append(
                            &stream(&format!("w{w}-{n}")),
                            ExpectedVersion::NoStream,
                            numbered(2),
                        )
                        .await
                        .expect("an append survives a cut connection (retried on a fresh one)");
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            })
        })
        .collect();
    // Cut every connection several times while the writers and the subscription work.
    let mut cut = 0;
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(60)).await;
        cut += db.terminate_connections().await;
    }
    assert!(cut > 0, "connections were cut");
    for writer in writers {
        writer.await.expect("writer");
    }
    let head = store.head();
    assert_eq!(head, 4 * 40 * 2);
    projections
        .wait_for(head)
        .await
        .expect("the projections resume after the cuts");
    let live = projections.read().log_summary.clone();
    let fresh = fold(&store, LogSummary::default(), None)
        .await
        .expect("fold");
    assert_eq!(live, fresh, "no event skipped or applied twice");
    assert_gap_free(&read_all(&store).await);
    assert_intact(&store, head).await;
    assert_eq!(store.health().writer, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_waits_out_a_failing_database_and_health_says_so() {
    let db = TestDb::postgres().await;
    let store = db.store().await;
    store
        .append(&stream("a"), ExpectedVersion::Any, numbered(3))
        .await
        .expect("append");
    let projections = Projections::start(&store);
    projections.catch_up().await.expect("catch up");
    // Every commit fails while the table is away; the writer keeps retrying meanwhile.
    db.execute("ALTER TABLE events RENAME TO events_away")
        .await
        .expect("rename");
    let pending = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .append(&stream("a"), ExpectedVersion::Exact(3), numbered(2))
                .await
        })
    };
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while store.health().writer.is_none() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the failure is reported"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    db.execute("ALTER TABLE events_away RENAME TO events")
        .await
        .expect("rename back");
    let next = pending
        .await
        .expect("task")
        .expect("the append lands once the database is back");
    assert_eq!(next.last_position, 5);
    assert_eq!(store.health().writer, None, "recovered");
    projections
        .wait_for(next.last_position)
        .await
        .expect("the projections follow");
    assert_eq!(projections.read().log_summary.events, 5);
    assert_intact(&store, 5).await;
}
