//! The events table on PostgreSQL, shared by any number of Mamori processes.
//!
//! Why the log is gap-free and readers never see position n+1 before n: every append transaction
//! first takes a transaction-scoped advisory lock (one key per schema), then reads the head, then
//! inserts at head+1.. and commits. The lock is released only after the commit is visible to other
//! sessions (PostgreSQL marks a transaction committed in the proc array before it releases its locks),
//! so the next appender reads the new head, and transactions commit in position order. Positions are
//! assigned by us, not by a sequence, so a rolled-back append leaves no hole. A reader's snapshot
//! therefore always holds a prefix of the log.
//!
//! Each commit also sends `pg_notify` (delivered at commit) so that subscribers in every process wake
//! up without polling.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::postgres::PgListener;
use sqlx::{PgPool, Postgres, Transaction};
use tokio::sync::watch;
use uuid::Uuid;

use super::error::StoreError;
use super::event::StoredEvent;
use super::hash::{Hash, GENESIS};
use super::plan::{self, Group, Head, Known, Plan, Request};
use super::read::{Row, COLUMNS};
use super::writer::raise;

/// The advisory-lock key and the notification channel, both per schema, so that several Mamori
/// databases in one PostgreSQL cluster neither block nor wake each other.
const LOCK_KEY: &str = "hashtext('mamori.events.' || current_schema())";
const CHANNEL: &str = "'mamori_events_' || left(md5(current_schema()), 16)";

pub(super) async fn head(pool: &PgPool) -> Result<Option<Head>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map(into_head))
}

fn into_head((position, hash): (i64, String)) -> Head {
    Head {
        position: position as u64,
        hash: Hash::from_hex(&hash).unwrap_or(GENESIS),
    }
}

pub(super) async fn fetch_after(
    pool: &PgPool,
    after: i64,
    until: i64,
    limit: u32,
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM events WHERE position > $1 AND position <= $2 \
         ORDER BY position LIMIT $3"
    ))
    .bind(after)
    .bind(until)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
}

pub(super) async fn fetch_stream(
    pool: &PgPool,
    stream_id: &str,
    after_version: i64,
    limit: u32,
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 \
         ORDER BY stream_version LIMIT $3"
    ))
    .bind(stream_id)
    .bind(after_version)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
}

/// One group commit on the writer's own connection (kept across commits: no pool round trip).
pub(super) async fn commit_batch(
    conn: &mut sqlx::PgConnection,
    groups: &[Group],
    recorded_at_micros: i64,
) -> Result<Plan, sqlx::Error> {
    let requests: Vec<&Request> = groups.iter().flatten().collect();
    let mut tx = sqlx::Connection::begin(conn).await?;
    sqlx::query(&format!("SELECT pg_advisory_xact_lock({LOCK_KEY})"))
        .execute(&mut *tx)
        .await?;
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let head = head.map(into_head).unwrap_or(Head {
        position: 0,
        hash: GENESIS,
    });
    let known = known_ids(&mut tx, &requests).await?;
    let versions = stream_versions(&mut tx, &requests).await?;
    let plan = plan::plan(head, known, versions, groups, recorded_at_micros);
    if !plan.rows.is_empty() {
        insert(&mut tx, &plan.rows).await?;
        sqlx::query(&format!("SELECT pg_notify({CHANNEL}, $1)"))
            .bind(plan.head.position.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(plan)
}

async fn known_ids(
    tx: &mut Transaction<'_, Postgres>,
    requests: &[&Request],
) -> Result<HashMap<Uuid, Known>, sqlx::Error> {
    let ids: Vec<String> = requests
        .iter()
        .flat_map(|r| r.events.iter().map(|e| e.event_id.hyphenated().to_string()))
        .collect();
    // A join with the ids, not `event_id = ANY($1)`: once PostgreSQL caches a generic plan for the
    // prepared statement, it cannot tell how many ids the array holds and may scan the whole log
    // for each append (measured: seconds per append at a few hundred thousand events); the join
    // keeps to the unique index on event_id.
    let rows: Vec<(String, i64, String, i64)> = sqlx::query_as(
        "SELECT e.event_id, e.position, e.stream_id, e.stream_version \
         FROM unnest($1::text[]) AS ids(id) JOIN events e ON e.event_id = ids.id",
    )
    .bind(&ids)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, position, stream_id, stream_version)| {
            let id = Uuid::parse_str(&id).ok()?;
            Some((
                id,
                Known {
                    position: position as u64,
                    stream_id,
                    stream_version: stream_version as u64,
                },
            ))
        })
        .collect())
}

async fn stream_versions(
    tx: &mut Transaction<'_, Postgres>,
    requests: &[&Request],
) -> Result<HashMap<String, u64>, sqlx::Error> {
    let mut streams: Vec<&str> = requests.iter().map(|r| r.stream.as_str()).collect();
    streams.sort_unstable();
    streams.dedup();
    // One index seek per stream for its newest version: `MAX(..) ... GROUP BY` reads every event
    // of each stream (or the whole table), so appends would slow down as the log grows.
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT s.id, (SELECT e.stream_version FROM events e WHERE e.stream_id = s.id \
         ORDER BY e.stream_version DESC LIMIT 1) FROM UNNEST($1::text[]) AS s(id)",
    )
    .bind(&streams)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, v)| Some((s, v? as u64)))
        .collect())
}

/// One statement for the whole batch: arrays of each column, unnested into rows.
async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    rows: &[StoredEvent],
) -> Result<(), sqlx::Error> {
    let column = |f: fn(&StoredEvent) -> String| rows.iter().map(f).collect::<Vec<String>>();
    let positions: Vec<i64> = rows.iter().map(|r| r.position as i64).collect();
    let versions: Vec<i64> = rows.iter().map(|r| r.stream_version as i64).collect();
    let schema_versions: Vec<i32> = rows.iter().map(|r| r.schema_version as i32).collect();
    let recorded: Vec<i64> = rows.iter().map(|r| r.recorded_at_micros).collect();
    sqlx::query(&format!(
        "INSERT INTO events ({COLUMNS}) SELECT * FROM UNNEST($1::bigint[], $2::text[], \
         $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::bigint[], \
         $10::text[], $11::text[])"
    ))
    .bind(positions)
    .bind(column(|r| r.stream_id.clone()))
    .bind(versions)
    .bind(column(|r| r.event_id.hyphenated().to_string()))
    .bind(column(|r| r.event_type.clone()))
    .bind(schema_versions)
    .bind(column(|r| r.payload.clone()))
    .bind(column(|r| r.metadata.clone()))
    .bind(recorded)
    .bind(column(|r| r.prev_hash.to_hex()))
    .bind(column(|r| r.hash.to_hex()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Listens for appends made by any process on this schema and raises `head` accordingly.
pub(super) async fn spawn_listener(
    pool: PgPool,
    head: Arc<watch::Sender<u64>>,
) -> Result<(), StoreError> {
    let (channel,): (String,) = sqlx::query_as(&format!("SELECT {CHANNEL}"))
        .fetch_one(&pool)
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(&channel).await?;
    // The store read the head before this LISTEN began: a commit in between would otherwise go
    // unnoticed until the next one.
    if let Some(now) = self::head(&pool).await? {
        raise(&head, now.position);
    }
    tokio::spawn(async move {
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => {
                    if let Ok(position) = notification.payload().parse::<u64>() {
                        raise(&head, position);
                    }
                }
                // The connection was lost and re-established: notifications may have been missed
                // meanwhile, so ask the database for the head.
                Ok(None) => match self::head(&pool).await {
                    Ok(Some(now)) => raise(&head, now.position),
                    Ok(None) => {}
                    Err(error) => {
                        tracing::warn!(%error, "cannot read the log's head after reconnecting")
                    }
                },
                Err(error) => {
                    tracing::warn!(%error, "event notification listener failed; retrying");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
            if head.is_closed() {
                break;
            }
        }
    });
    Ok(())
}
