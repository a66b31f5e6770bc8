//! Tamper evidence. The triggers refuse every UPDATE and DELETE; an attacker with database access who
//! removes them first can change rows, but `verify` finds the first position where the chain breaks,
//! and says how.

use mamori::store::hash::{event_hash, Hash};
use mamori::store::{ChainBreakKind, EventStore, ExpectedVersion, StoredEvent, VerifyReport};
use serde_json::json;

use crate::helpers::{assert_broken, assert_intact, event, read_all, stream, TestDb};

both!(
    triggers_refuse_update_and_delete,
    changed_payload_is_detected,
    changed_metadata_is_detected,
    deleted_row_is_detected,
    swapped_rows_are_detected,
    changed_hash_is_detected,
    rehashed_event_breaks_the_link_to_the_next,
    deleting_the_newest_event_changes_the_head,
);

const EVENTS: u64 = 10;

/// Ten events on three streams: what each test then tampers with.
async fn logged(db: &TestDb) -> (EventStore, Hash) {
    let store = db.store().await;
    for n in 0..EVENTS {
        let s = stream(&format!("asset-{}", n % 3));
        let payload = json!({"n": n, "classification": "機密性2"});
        store
            .append(
                &s,
                ExpectedVersion::Any,
                vec![event("asset.changed", payload)],
            )
            .await
            .expect("append");
    }
    let head = assert_intact(&store, EVENTS).await;
    (store, head)
}

async fn triggers_refuse_update_and_delete(db: &TestDb) {
    let (store, head) = logged(db).await;
    let attempts = [
        "UPDATE events SET payload = '{\"n\":0}' WHERE position = 3",
        "UPDATE events SET hash = prev_hash",
        "DELETE FROM events WHERE position = 3",
        "DELETE FROM events",
    ];
    for sql in attempts {
        let refused = db.execute(sql).await;
        let error = refused.expect_err(sql).to_string();
        assert!(
            error.contains("append-only"),
            "{sql}: refused, but not by the append-only trigger: {error}"
        );
    }
    if db.is_postgres() {
        let error = db
            .execute("TRUNCATE events")
            .await
            .expect_err("TRUNCATE")
            .to_string();
        assert!(error.contains("append-only"), "{error}");
    }
    assert_eq!(db.count().await, EVENTS);
    assert_eq!(assert_intact(&store, EVENTS).await, head);
}

async fn changed_payload_is_detected(db: &TestDb) {
    let (store, _) = logged(db).await;
    db.remove_append_only_guards().await;
    db.execute(
        "UPDATE events SET payload = '{\"classification\":\"機密性1\",\"n\":3}' WHERE position = 4",
    )
    .await
    .expect("tamper");
    assert_broken(&store, 4, ChainBreakKind::Changed).await;
}

async fn changed_metadata_is_detected(db: &TestDb) {
    let (store, _) = logged(db).await;
    db.remove_append_only_guards().await;
    db.execute(
        "UPDATE events SET metadata = '{\"actor\":\"someone-else\",\"source\":\"cli\"}' \
         WHERE position = 7",
    )
    .await
    .expect("tamper");
    assert_broken(&store, 7, ChainBreakKind::Changed).await;
}

async fn deleted_row_is_detected(db: &TestDb) {
    let (store, _) = logged(db).await;
    db.remove_append_only_guards().await;
    db.execute("DELETE FROM events WHERE position = 5")
        .await
        .expect("tamper");
    assert_broken(&store, 5, ChainBreakKind::Missing).await;
}

/// Every column of rows 3 and 8 swapped (done by swapping their positions, which the unique
/// constraints allow one row at a time): each row is intact, but in the wrong place.
async fn swapped_rows_are_detected(db: &TestDb) {
    let (store, _) = logged(db).await;
    db.remove_append_only_guards().await;
    db.execute(
        "UPDATE events SET position = -1 WHERE position = 3; \
         UPDATE events SET position = 3 WHERE position = 8; \
         UPDATE events SET position = 8 WHERE position = -1;",
    )
    .await
    .expect("tamper");
    assert_eq!(db.count().await, EVENTS);
    assert_broken(&store, 3, ChainBreakKind::Reordered).await;
}

async fn changed_hash_is_detected(db: &TestDb) {
    let (store, _) = logged(db).await;
    db.remove_append_only_guards().await;
    let forged = Hash([0xab; 32]).to_hex();
    db.execute(&format!(
        "UPDATE events SET hash = '{forged}' WHERE position = 6"
    ))
    .await
    .expect("tamper");
    assert_broken(&store, 6, ChainBreakKind::Changed).await;

    // A hash that is not even hex is a change too, not a failure to verify.
    db.execute("UPDATE events SET hash = 'not a hash' WHERE position = 2")
        .await
        .expect("tamper");
    assert_broken(&store, 2, ChainBreakKind::Changed).await;
}

/// An attacker who also recomputes the changed event's hash (the encoding is documented) makes that
/// event consistent with itself, but the next event still names the old hash.
async fn rehashed_event_breaks_the_link_to_the_next(db: &TestDb) {
    let (store, _) = logged(db).await;
    db.remove_append_only_guards().await;
    let target = read_all(&store)
        .await
        .into_iter()
        .find(|e| e.position == 4)
        .expect("event 4");
    let prev_hex = db
        .fetch_text("SELECT prev_hash FROM events WHERE position = 4")
        .await;
    let metadata = db
        .fetch_text("SELECT metadata FROM events WHERE position = 4")
        .await;
    let recorded_at = db
        .fetch_int("SELECT recorded_at FROM events WHERE position = 4")
        .await;
    let prev = Hash::from_hex(&prev_hex).expect("a stored hash");
    let forged_payload = r#"{"classification":"機密性1","n":3}"#;
    let forged = StoredEvent {
        position: 4,
        stream_id: target.stream_id.to_string(),
        stream_version: target.stream_version,
        event_id: target.event_id,
        event_type: target.event_type.clone(),
        schema_version: target.schema_version,
        payload: forged_payload.to_owned(),
        metadata,
        recorded_at_micros: recorded_at,
        prev_hash: prev,
        hash: prev,
    };
    let rehashed = event_hash(&forged, &prev);
    db.execute(&format!(
        "UPDATE events SET payload = '{forged_payload}', hash = '{}' WHERE position = 4",
        rehashed.to_hex()
    ))
    .await
    .expect("tamper");
    assert_broken(&store, 5, ChainBreakKind::Reordered).await;
}

/// Deleting the newest events leaves a shorter chain that is consistent in itself: verify reports
/// it intact, and the head hash it reports differs from the one recorded before (which is why the
/// report names the head, for an auditor to compare with the one in the last audit report).
async fn deleting_the_newest_event_changes_the_head(db: &TestDb) {
    let (store, head) = logged(db).await;
    db.remove_append_only_guards().await;
    db.execute(&format!("DELETE FROM events WHERE position = {EVENTS}"))
        .await
        .expect("tamper");
    match store.verify().await.expect("verify") {
        VerifyReport::Intact {
            events,
            head: shorter,
        } => {
            assert_eq!(events, EVENTS - 1);
            assert_ne!(shorter, head);
        }
        broken => panic!("a truncated chain is consistent in itself: {broken}"),
    }
}
