//! The events table on SQLite.
//!
//! Appends run in `BEGIN IMMEDIATE` transactions: the write lock is taken before the head is read, so
//! a second process appending to the same file waits (busy timeout) instead of reading a stale head.
//! Commits therefore happen in position order, and a reader (WAL snapshot) always sees a gap-free
//! prefix of the log. Durability settings are in `crate::database`.

use std::collections::HashMap;

use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use super::event::StoredEvent;
use super::hash::{Hash, GENESIS};
use super::plan::{self, Group, Head, Known, Plan, Request};
use super::read::{Row, COLUMNS};

/// SQLite allows 32,766 bound values per statement; 11 per row.
const ROWS_PER_INSERT: usize = 2_000;
const IDS_PER_QUERY: usize = 10_000;

pub(super) async fn head(pool: &SqlitePool) -> Result<Option<Head>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    head_in(&mut conn).await
}

async fn head_in(conn: &mut sqlx::SqliteConnection) -> Result<Option<Head>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(position, hash)| Head {
        position: position as u64,
        // A malformed head hash is reported by `verify`; chaining onto genesis here would hide nothing.
        hash: Hash::from_hex(&hash).unwrap_or(GENESIS),
    }))
}

pub(super) async fn fetch_after(
    pool: &SqlitePool,
    after: i64,
    until: i64,
    limit: u32,
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?"
    ))
    .bind(after)
    .bind(until)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub(super) async fn fetch_stream(
    pool: &SqlitePool,
    stream_id: &str,
    after_version: i64,
    limit: u32,
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM events WHERE stream_id = ? AND stream_version > ? \
         ORDER BY stream_version LIMIT ?"
    ))
    .bind(stream_id)
    .bind(after_version)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// One group commit on the writer's own connection (kept across commits: its page cache stays warm
/// and no pool round trip is spent).
pub(super) async fn commit_batch(
    conn: &mut sqlx::SqliteConnection,
    groups: &[Group],
    recorded_at_micros: i64,
) -> Result<Plan, sqlx::Error> {
    let requests: Vec<&Request> = groups.iter().flatten().collect();
    let mut tx = sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?;
    let head = head_in(&mut tx).await?.unwrap_or(Head {
        position: 0,
        hash: GENESIS,
    });
    let known = known_ids(&mut tx, &requests).await?;
    let versions = stream_versions(&mut tx, &requests).await?;
    let plan = plan::plan(head, known, versions, groups, recorded_at_micros);
    insert(&mut tx, &plan.rows).await?;
    tx.commit().await?;
    Ok(plan)
}

async fn known_ids(
    tx: &mut Transaction<'_, Sqlite>,
    requests: &[&Request],
) -> Result<HashMap<Uuid, Known>, sqlx::Error> {
    let ids: Vec<String> = requests
        .iter()
        .flat_map(|r| r.events.iter().map(|e| e.event_id.hyphenated().to_string()))
        .collect();
    let mut known = HashMap::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT event_id, position, stream_id, stream_version FROM events WHERE event_id IN (",
        );
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        query.push(")");
        let rows: Vec<(String, i64, String, i64)> =
            query.build_query_as().fetch_all(&mut **tx).await?;
        for (id, position, stream_id, stream_version) in rows {
            if let Ok(id) = Uuid::parse_str(&id) {
                known.insert(
                    id,
                    Known {
                        position: position as u64,
                        stream_id,
                        stream_version: stream_version as u64,
                    },
                );
            }
        }
    }
    Ok(known)
}

async fn stream_versions(
    tx: &mut Transaction<'_, Sqlite>,
    requests: &[&Request],
) -> Result<HashMap<String, u64>, sqlx::Error> {
    let mut streams: Vec<&str> = requests.iter().map(|r| r.stream.as_str()).collect();
    streams.sort_unstable();
    streams.dedup();
    let mut versions = HashMap::new();
    for chunk in streams.chunks(IDS_PER_QUERY) {
        // One index seek per stream for its newest version: `MAX(..) ... GROUP BY` would step
        // through every event of each stream, so appends would slow down as streams grow.
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT s.column1, (SELECT e.stream_version FROM events e WHERE e.stream_id = s.column1 \
             ORDER BY e.stream_version DESC LIMIT 1) FROM (VALUES ",
        );
        let mut list = query.separated(", ");
        for stream in chunk {
            list.push("(");
            list.push_bind_unseparated(*stream);
            list.push_unseparated(")");
        }
        query.push(") AS s");
        let rows: Vec<(String, Option<i64>)> = query.build_query_as().fetch_all(&mut **tx).await?;
        versions.extend(rows.into_iter().filter_map(|(s, v)| Some((s, v? as u64))));
    }
    Ok(versions)
}

async fn insert(tx: &mut Transaction<'_, Sqlite>, rows: &[StoredEvent]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut query = QueryBuilder::<Sqlite>::new(format!("INSERT INTO events ({COLUMNS}) "));
        query.push_values(chunk, |mut values, row| {
            values
                .push_bind(row.position as i64)
                .push_bind(&row.stream_id)
                .push_bind(row.stream_version as i64)
                .push_bind(row.event_id.hyphenated().to_string())
                .push_bind(&row.event_type)
                .push_bind(row.schema_version as i32)
                .push_bind(&row.payload)
                .push_bind(&row.metadata)
                .push_bind(row.recorded_at_micros)
                .push_bind(row.prev_hash.to_hex())
                .push_bind(row.hash.to_hex());
        });
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}
