//! Reading the log one batch at a time, and decoding stored rows into events readers use.

use futures::{stream, Stream, StreamExt};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::error::StoreError;
use super::event::{Metadata, RecordedEvent, StoredEvent, StreamId};
use super::hash::Hash;
use super::upcast::Upcasters;
use super::{postgres, sqlite, EventStore};
use crate::database::Database;

/// How many rows one read fetches: large enough to amortise a round trip, small enough that a reader
/// never holds much of the log in memory.
pub(super) const BATCH: u32 = 1_000;

/// A row of the events table as both databases return it.
#[derive(Debug, FromRow)]
pub(super) struct Row {
    pub position: i64,
    pub stream_id: String,
    pub stream_version: i64,
    pub event_id: String,
    pub event_type: String,
    pub schema_version: i32,
    pub payload: String,
    pub metadata: String,
    pub recorded_at: i64,
    pub prev_hash: String,
    pub hash: String,
}

pub(super) const COLUMNS: &str = "position, stream_id, stream_version, event_id, event_type, \
     schema_version, payload, metadata, recorded_at, prev_hash, hash";

impl TryFrom<Row> for StoredEvent {
    type Error = StoreError;

    fn try_from(row: Row) -> Result<Self, StoreError> {
        let position = row.position as u64;
        let corrupt = |reason: &str| StoreError::Corrupt {
            position,
            reason: reason.to_owned(),
        };
        Ok(StoredEvent {
            position,
            stream_id: row.stream_id,
            stream_version: row.stream_version as u64,
            event_id: Uuid::parse_str(&row.event_id)
                .map_err(|_| corrupt("event id is not a UUID"))?,
            event_type: row.event_type,
            schema_version: u32::try_from(row.schema_version)
                .map_err(|_| corrupt("negative schema version"))?,
            payload: row.payload,
            metadata: row.metadata,
            recorded_at_micros: row.recorded_at,
            prev_hash: Hash::from_hex(&row.prev_hash)
                .ok_or_else(|| corrupt("previous hash is not 64 hex digits"))?,
            hash: Hash::from_hex(&row.hash).ok_or_else(|| corrupt("hash is not 64 hex digits"))?,
        })
    }
}

pub(super) fn decode(
    stored: StoredEvent,
    upcasters: &Upcasters,
) -> Result<RecordedEvent, StoreError> {
    let position = stored.position;
    let corrupt = |reason: String| StoreError::Corrupt { position, reason };
    let payload = serde_json::from_str(&stored.payload)
        .map_err(|e| corrupt(format!("payload is not JSON: {e}")))?;
    let metadata: Metadata = serde_json::from_str(&stored.metadata)
        .map_err(|e| corrupt(format!("metadata is not valid: {e}")))?;
    let (schema_version, payload) = upcasters
        .upcast(&stored.event_type, stored.schema_version, payload)
        .map_err(|(from_version, reason)| StoreError::Upcast {
            position,
            event_type: stored.event_type.clone(),
            from_version,
            reason,
        })?;
    let recorded_at =
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(stored.recorded_at_micros) * 1_000)
            .map_err(|_| corrupt("recorded time out of range".into()))?;
    Ok(RecordedEvent {
        position,
        stream_id: StreamId::parse(stored.stream_id)
            .map_err(|_| corrupt("invalid stream id".into()))?,
        stream_version: stored.stream_version,
        event_id: stored.event_id,
        event_type: stored.event_type,
        schema_version,
        payload,
        metadata,
        recorded_at,
        hash: stored.hash,
    })
}

pub(super) async fn head_position(db: &Database) -> Result<u64, StoreError> {
    Ok(match db {
        Database::Sqlite(pool) => sqlite::head(pool).await?,
        Database::Postgres(pool) => postgres::head(pool).await?,
    }
    .map_or(0, |head| head.position))
}

/// Raw rows of the global log after `after`, at most `limit` (used by readers and by `verify`).
pub(super) async fn fetch_after(
    db: &Database,
    after: u64,
    until: Option<u64>,
    limit: u32,
) -> Result<Vec<StoredEvent>, StoreError> {
    let until = until.unwrap_or(i64::MAX as u64) as i64;
    let rows = match db {
        Database::Sqlite(pool) => sqlite::fetch_after(pool, after as i64, until, limit).await?,
        Database::Postgres(pool) => postgres::fetch_after(pool, after as i64, until, limit).await?,
    };
    rows.into_iter().map(StoredEvent::try_from).collect()
}

async fn fetch_stream(
    db: &Database,
    stream: &StreamId,
    after_version: u64,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows = match db {
        Database::Sqlite(pool) => {
            sqlite::fetch_stream(pool, stream.as_str(), after_version as i64, BATCH).await?
        }
        Database::Postgres(pool) => {
            postgres::fetch_stream(pool, stream.as_str(), after_version as i64, BATCH).await?
        }
    };
    rows.into_iter().map(StoredEvent::try_from).collect()
}

/// One page, decoded, and the cursor after it (none once a page comes back empty or fails).
type Page = (Vec<Result<RecordedEvent, StoreError>>, Option<u64>);

/// Turns "fetch the next batch after a cursor" into a stream of decoded events. Each page is read
/// and decoded in a task of its own, started as soon as the previous page arrives: the next page is
/// on its way while the reader works through this one (replays use both cores).
fn paged<F, Fut>(
    store: EventStore,
    cursor: u64,
    fetch: F,
    cursor_of: fn(&StoredEvent) -> u64,
) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static
where
    F: Fn(EventStore, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Vec<StoredEvent>, StoreError>> + Send + 'static,
{
    let fetch = std::sync::Arc::new(fetch);
    let load = std::sync::Arc::new(move |store: EventStore, cursor: u64| {
        let fetch = fetch.clone();
        tokio::spawn(async move {
            match fetch(store.clone(), cursor).await {
                Ok(rows) if rows.is_empty() => (Vec::new(), None),
                Ok(rows) => {
                    let next = rows.last().map(cursor_of);
                    let events = rows
                        .into_iter()
                        .map(|row| decode(row, store.upcasters()))
                        .collect();
                    (events, next)
                }
                Err(error) => (vec![Err(error)], None),
            }
        })
    });
    let first = load(store.clone(), cursor);
    stream::unfold(Some(first), move |pending| {
        let store = store.clone();
        let load = load.clone();
        async move {
            let (events, next): Page = pending?
                .await
                .unwrap_or_else(|e| (vec![Err(StoreError::Read(e.to_string()))], None));
            if events.is_empty() {
                return None;
            }
            let following = next.map(|cursor| load(store, cursor));
            Some((stream::iter(events), following))
        }
    })
    .flatten()
}

pub(super) fn all_events(
    store: EventStore,
    after: u64,
    until: Option<u64>,
) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
    paged(
        store,
        after,
        move |store, cursor| async move { fetch_after(store.database(), cursor, until, BATCH).await },
        |row| row.position,
    )
}

pub(super) fn stream_events(
    store: EventStore,
    stream_id: StreamId,
    after_version: u64,
) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
    paged(
        store,
        after_version,
        move |store, cursor| {
            let stream_id = stream_id.clone();
            async move { fetch_stream(store.database(), &stream_id, cursor).await }
        },
        |row| row.stream_version,
    )
}
