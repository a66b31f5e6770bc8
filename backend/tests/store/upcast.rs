//! Schema evolution: old payloads are upcast on read; the stored rows, and so the chain, never change.

use futures::{StreamExt, TryStreamExt};
use mamori::store::upcast::Upcasters;
use mamori::store::{
    ExpectedVersion, Limits, Metadata, NewEvent, RecordedEvent, Source, StoreError,
};
use serde_json::{json, Value};

use crate::helpers::{assert_intact, read_all, read_stream, stream, TestDb};

both!(
    old_payloads_are_upcast_on_read,
    failing_upcaster_is_a_clear_error
);

/// v1 → v2: `name` became `title`.
fn rename_name_to_title(mut payload: Value) -> Result<Value, String> {
    let object = payload.as_object_mut().ok_or("not an object")?;
    let name = object.remove("name").ok_or("no name")?;
    object.insert("title".into(), name);
    Ok(payload)
}

/// v2 → v3: assets gained a confidentiality level; those registered before had the old scheme's 2.
fn add_confidentiality(mut payload: Value) -> Result<Value, String> {
    let object = payload.as_object_mut().ok_or("not an object")?;
    object.insert("confidentiality".into(), json!("機密性2"));
    Ok(payload)
}

fn registered(version: u32, payload: Value) -> NewEvent {
    NewEvent::new(
        "asset.registered",
        version,
        payload,
        Metadata::by("管理者", Source::Web),
    )
}

async fn old_payloads_are_upcast_on_read(db: &TestDb) {
    // Written by an older Mamori, with no upcasters.
    let old = db.store().await;
    let s = stream("asset-upcast");
    old.append(
        &s,
        ExpectedVersion::NoStream,
        vec![
            registered(1, json!({"name": "庁内LAN"})),
            registered(
                3,
                json!({"title": "財務会計システム", "confidentiality": "機密性3"}),
            ),
            NewEvent::new(
                "asset.retired",
                1,
                json!({"name": "stays"}),
                Metadata::system(),
            ),
        ],
    )
    .await
    .expect("append old events");
    let stored_before = db
        .fetch_text("SELECT payload FROM events WHERE position = 1")
        .await;
    let head = assert_intact(&old, 3).await;

    // Read by a newer Mamori that knows how to upcast.
    let upcasters = Upcasters::default()
        .with("asset.registered", 1, rename_name_to_title)
        .with("asset.registered", 2, add_confidentiality);
    let new = db.store_with(upcasters, Limits::default()).await;
    let events = read_stream(&new, &s, 0).await;
    assert_eq!(events[0].schema_version, 3);
    assert_eq!(
        events[0].payload,
        json!({"title": "庁内LAN", "confidentiality": "機密性2"})
    );
    // Already current, and another type: untouched.
    assert_eq!(events[1].schema_version, 3);
    assert_eq!(
        events[1].payload,
        json!({"title": "財務会計システム", "confidentiality": "機密性3"})
    );
    assert_eq!(
        (events[2].schema_version, &events[2].payload),
        (1, &json!({"name": "stays"}))
    );
    assert_eq!(
        read_all(&new).await,
        events,
        "the global log is upcast the same way"
    );

    // The stored row is as it was written, and the chain still verifies.
    assert_eq!(
        db.fetch_text("SELECT payload FROM events WHERE position = 1")
            .await,
        stored_before
    );
    assert_eq!(stored_before, r#"{"name":"庁内LAN"}"#);
    assert_eq!(
        db.fetch_int("SELECT CAST(schema_version AS BIGINT) FROM events WHERE position = 1")
            .await,
        1
    );
    assert_eq!(assert_intact(&new, 3).await, head);
}

async fn failing_upcaster_is_a_clear_error(db: &TestDb) {
    let old = db.store().await;
    let s = stream("asset-bad-upcast");
    old.append(
        &s,
        ExpectedVersion::NoStream,
        vec![
            registered(1, json!({"name": "ok"})),
            registered(1, json!({"label": "no name field"})),
        ],
    )
    .await
    .expect("append");
    let upcasters = Upcasters::default().with("asset.registered", 1, rename_name_to_title);
    let new = db.store_with(upcasters, Limits::default()).await;
    let read: Result<Vec<_>, StoreError> = new.read_all(0).try_collect().await;
    match read {
        Err(StoreError::Upcast {
            position,
            event_type,
            from_version,
            reason,
        }) => {
            assert_eq!(
                (position, event_type.as_str(), from_version),
                (2, "asset.registered", 1)
            );
            assert_eq!(reason, "no name");
        }
        other => panic!("expected an upcast error at position 2, got {other:?}"),
    }
    // The events around it are still delivered, each in its place.
    let items: Vec<Result<RecordedEvent, StoreError>> = new.read_all(0).collect().await;
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[0], Ok(event) if event.position == 1));
    assert!(matches!(
        &items[1],
        Err(StoreError::Upcast { position: 2, .. })
    ));
}
