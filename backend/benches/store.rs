//! The event store's throughput, on SQLite and PostgreSQL in one run (`cargo bench -p mamori --bench
//! store`); the figures and what they mean are in `docs/benchmarks.md`.
//!
//! Every measurement runs on a fresh database (a SQLite file in a temporary folder; a PostgreSQL
//! schema of its own on `MAMORI_TEST_PG_URL`, dropped afterwards) migrated like production, so that
//! the store and the raw baseline write to the same table, with the same indexes and triggers, under
//! the same durability settings (SQLite: WAL, synchronous=FULL; PostgreSQL: its defaults, fsync at
//! every commit).
//!
//! Sizes (environment variables):
//! - `MAMORI_BENCH_APPENDS` events appended per concurrency level, one event per append (10,000)
//! - `MAMORI_BENCH_BATCHES` appends of 100 events (100)
//! - `MAMORI_BENCH_REPLAY` events in the log that is read and replayed (1,000,000)
//! - `MAMORI_BENCH_DATABASES` `sqlite,postgres` (both)

use std::future::Future;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use mamori::database::Database;
use mamori::projections::{fold, LogSummary};
use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, ExpectedVersion, Limits, Metadata, NewEvent, Source, StreamId};
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Executor, PgConnection, PgPool, QueryBuilder, SqlitePool};
use tokio::sync::Barrier;
use uuid::Uuid;

const WRITERS: [usize; 3] = [1, 8, 64];
const BATCH: usize = 100;

fn main() {
    let sizes = Sizes::from_env();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mut reports = Vec::new();
    for kind in &sizes.databases {
        eprintln!("== {kind}");
        let report = runtime.block_on(run(*kind, &sizes));
        reports.push((*kind, report));
    }
    print_tables(&sizes, &reports);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        })
    }
}

struct Sizes {
    appends: usize,
    batches: usize,
    replay: usize,
    databases: Vec<Kind>,
}

impl Sizes {
    fn from_env() -> Self {
        let number = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .map(|v| {
                    v.replace('_', "")
                        .parse()
                        .unwrap_or_else(|_| panic!("{name} is not a number: {v:?}"))
                })
                .unwrap_or(default)
        };
        let databases = std::env::var("MAMORI_BENCH_DATABASES")
            .unwrap_or_else(|_| "sqlite,postgres".into())
            .split(',')
            .map(|name| match name.trim() {
                "sqlite" => Kind::Sqlite,
                "postgres" => Kind::Postgres,
                other => panic!("MAMORI_BENCH_DATABASES: unknown database {other:?}"),
            })
            .collect();
        Self {
            appends: number("MAMORI_BENCH_APPENDS", 10_000),
            batches: number("MAMORI_BENCH_BATCHES", 100),
            replay: number("MAMORI_BENCH_REPLAY", 1_000_000),
            databases,
        }
    }
}

/// Events (or rows) per second of each measurement.
struct Report {
    /// (events/s, events per commit) at 1, 8 and 64 writers.
    store_single: Vec<(f64, f64)>,
    raw_single: Vec<f64>,
    store_batch: (f64, f64),
    raw_batch: f64,
    replay: Replay,
}

async fn run(kind: Kind, sizes: &Sizes) -> Report {
    let mut store_single = Vec::new();
    let mut raw_single = Vec::new();
    for writers in WRITERS {
        let (rate, per_commit) =
            with_fresh(kind, |db| store_appends(db, writers, sizes.appends, 1)).await;
        eprintln!(
            "store, {writers} writers, 1 event/append: {rate:.0} events/s, {per_commit:.1} per commit"
        );
        store_single.push((rate, per_commit));
        let rate = with_fresh(kind, |db| raw_inserts(db, writers, sizes.appends, 1)).await;
        eprintln!("raw, {writers} connections, 1 row/transaction: {rate:.0} rows/s");
        raw_single.push(rate);
    }
    let batched = sizes.batches * BATCH;
    let store_batch = with_fresh(kind, |db| store_appends(db, 1, batched, BATCH)).await;
    eprintln!("store, batches of {BATCH}: {:.0} events/s", store_batch.0);
    let raw_batch = with_fresh(kind, |db| raw_inserts(db, 1, batched, BATCH)).await;
    eprintln!("raw, {BATCH} rows/transaction: {raw_batch:.0} rows/s");
    let replay = with_fresh(kind, |db| replay(db, sizes.replay)).await;
    eprintln!(
        "load {:.0}, read_all cold {:.0}, raw read {:.0}, read_all warm {:.0}, replay {:.0} events/s",
        replay.load, replay.cold, replay.raw, replay.warm, replay.replay
    );
    Report {
        store_single,
        raw_single,
        store_batch,
        raw_batch,
        replay,
    }
}

// ---------------------------------------------------------------------------------------------------
// Databases

fn pg_url() -> String {
    std::env::var("MAMORI_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Where a fresh database lives, so that the raw baseline can open its own connections to it.
enum Place {
    Sqlite(std::path::PathBuf),
    Postgres(Box<PgConnectOptions>),
}

/// Runs `measure` on a fresh, migrated database of `kind`, then removes the database.
async fn with_fresh<T, F, Fut>(kind: Kind, measure: F) -> T
where
    F: FnOnce(Fresh) -> Fut,
    Fut: Future<Output = T>,
{
    match kind {
        Kind::Sqlite => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("bench.db");
            let db = Database::connect_sqlite(SqliteConnectOptions::new().filename(&path))
                .await
                .expect("open SQLite");
            db.migrate().await.expect("migrate");
            let result = measure(Fresh {
                db: db.clone(),
                place: Place::Sqlite(path),
            })
            .await;
            if let Database::Sqlite(pool) = db {
                pool.close().await;
            }
            result
        }
        Kind::Postgres => {
            let url = pg_url();
            let mut admin = PgConnection::connect(&url).await.unwrap_or_else(|error| {
                panic!("PostgreSQL does not answer at {url} (MAMORI_TEST_PG_URL): {error}")
            });
            let schema = format!("mamori_bench_{}", Uuid::new_v4().simple());
            admin
                .execute(format!("CREATE SCHEMA {schema}").as_str())
                .await
                .expect("create a schema");
            let options = PgConnectOptions::from_str(&url)
                .expect("a PostgreSQL URL")
                .options([("search_path", schema.as_str())]);
            let db = Database::connect_postgres(options.clone())
                .await
                .expect("connect to PostgreSQL");
            db.migrate().await.expect("migrate");
            let result = measure(Fresh {
                db: db.clone(),
                place: Place::Postgres(Box::new(options)),
            })
            .await;
            if let Database::Postgres(pool) = db {
                pool.close().await;
            }
            admin
                .execute(format!("DROP SCHEMA {schema} CASCADE").as_str())
                .await
                .expect("drop the schema");
            result
        }
    }
}

struct Fresh {
    db: Database,
    place: Place,
}

// ---------------------------------------------------------------------------------------------------
// Events

/// A typical event: an asset registered, about 300 bytes of payload and metadata.
fn asset_event(n: usize) -> NewEvent {
    NewEvent::new(
        "asset.registered",
        1,
        json!({
            "asset_id": format!("asset-{n:08}"),
            "name": "住民基本台帳システム",
            "kind": "system",
            "owner_department": "総務課",
            "network_tier": "マイナンバー利用事務系",
            "classification": {"confidentiality": "3B", "integrity": 2, "availability": 2},
        }),
        Metadata {
            actor: Some("user-0042".into()),
            correlation_id: Some(Uuid::now_v7()),
            causation_id: None,
            trace_id: None,
            source: Source::Web,
        },
    )
}

fn stream(name: String) -> StreamId {
    StreamId::parse(name).expect("a valid stream id")
}

// ---------------------------------------------------------------------------------------------------
// Measurements

/// `writers` tasks, each appending to its own stream with an exact expected version, `per_append`
/// events at a time, `total` events in all. Returns events per second, and the mean number of
/// events per group commit (every event of one commit has the same recorded time).
async fn store_appends(
    fresh: Fresh,
    writers: usize,
    total: usize,
    per_append: usize,
) -> (f64, f64) {
    let store = EventStore::open(fresh.db.clone(), Upcasters::default())
        .await
        .expect("open the store");
    let appends_per_writer = total.div_ceil(writers * per_append);
    let barrier = Arc::new(Barrier::new(writers + 1));
    let tasks: Vec<_> = (0..writers)
        .map(|writer| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                let s = stream(format!("asset-{writer}"));
                // Built before the clock starts: the benchmark measures the store, not serde_json.
                let batches: Vec<Vec<NewEvent>> = (0..appends_per_writer)
                    .map(|a| {
                        (0..per_append)
                            .map(|i| asset_event(a * per_append + i))
                            .collect()
                    })
                    .collect();
                barrier.wait().await;
                let mut version = 0;
                for events in batches {
                    let outcome = store
                        .append(&s, ExpectedVersion::Exact(version), events)
                        .await
                        .expect("append");
                    version = outcome.stream_version;
                }
            })
        })
        .collect();
    barrier.wait().await;
    let start = Instant::now();
    for task in tasks {
        task.await.expect("writer");
    }
    let events = writers * appends_per_writer * per_append;
    let elapsed = start.elapsed();
    let sql = "SELECT COUNT(DISTINCT recorded_at) FROM events";
    let commits: i64 = match &fresh.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("count commits");
    (rate(events, elapsed), events as f64 / commits as f64)
}

/// The same rows written by plain INSERTs into the same table: `writers` connections, each committing
/// `per_transaction` rows at a time (one multi-row INSERT, autocommitted), no checks, no hashing.
/// Returns rows per second.
async fn raw_inserts(fresh: Fresh, writers: usize, total: usize, per_transaction: usize) -> f64 {
    let raw = RawPool::open(&fresh.place, writers).await;
    let transactions_per_writer = total.div_ceil(writers * per_transaction);
    let position = Arc::new(AtomicU64::new(0));
    let template = Template::new();
    let barrier = Arc::new(Barrier::new(writers + 1));
    let tasks: Vec<_> = (0..writers)
        .map(|writer| {
            let (raw, barrier, position, template) = (
                raw.clone(),
                barrier.clone(),
                position.clone(),
                template.clone(),
            );
            tokio::spawn(async move {
                let stream_id = format!("asset-{writer}");
                let mut conn = raw.acquire().await;
                barrier.wait().await;
                let mut version = 0;
                for _ in 0..transactions_per_writer {
                    let rows: Vec<RawRow> = (0..per_transaction)
                        .map(|_| {
                            version += 1;
                            RawRow {
                                position: position.fetch_add(1, Ordering::Relaxed) as i64 + 1,
                                stream_id: stream_id.clone(),
                                stream_version: version,
                                event_id: Uuid::now_v7().hyphenated().to_string(),
                            }
                        })
                        .collect();
                    conn.insert(&rows, &template).await;
                }
            })
        })
        .collect();
    barrier.wait().await;
    let start = Instant::now();
    for task in tasks {
        task.await.expect("writer");
    }
    rate(
        writers * transactions_per_writer * per_transaction,
        start.elapsed(),
    )
}

/// Appends `events` in large batches, then reads the whole log and replays it into a projection.
async fn replay(fresh: Fresh, events: usize) -> Replay {
    let limits = Limits {
        max_batch_events: 5_000,
        ..Limits::default()
    };
    let store = EventStore::open_with_limits(fresh.db.clone(), Upcasters::default(), limits)
        .await
        .expect("open the store");
    const LOADERS: usize = 4;
    const LOAD_BATCH: usize = 2_500;
    let start = Instant::now();
    let loaders: Vec<_> = (0..LOADERS)
        .map(|loader| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut written = 0;
                let mut n = loader;
                while written < events.div_ceil(LOADERS) {
                    let count = LOAD_BATCH.min(events.div_ceil(LOADERS) - written);
                    let batch: Vec<NewEvent> = (0..count)
                        .map(|_| {
                            n += LOADERS;
                            asset_event(n)
                        })
                        .collect();
                    let s = stream(format!("asset-{loader}-{written}"));
                    store
                        .append(&s, ExpectedVersion::NoStream, batch)
                        .await
                        .expect("load");
                    written += count;
                }
                written
            })
        })
        .collect();
    let mut loaded = 0;
    for loader in loaders {
        loaded += loader.await.expect("loader");
    }
    let load = rate(loaded, start.elapsed());

    // The first reader of freshly written rows pays for work the databases defer (PostgreSQL sets
    // hint bits, SQLite reads pages from the WAL): measured separately from a replay of an older log.
    let cold = read_all(&store, loaded).await;
    let raw = raw_read(&fresh.place, loaded).await;
    let warm = read_all(&store, loaded).await;

    let start = Instant::now();
    let summary = fold(&store, LogSummary::default(), None)
        .await
        .expect("replay");
    let replay = rate(summary.events as usize, start.elapsed());
    assert_eq!(summary.events as usize, loaded);
    Replay {
        load,
        cold,
        raw,
        warm,
        replay,
    }
}

struct Replay {
    load: f64,
    cold: f64,
    raw: f64,
    warm: f64,
    replay: f64,
}

async fn read_all(store: &EventStore, expected: usize) -> f64 {
    let start = Instant::now();
    let mut read = 0;
    let mut all = std::pin::pin!(store.read_all(0));
    while let Some(event) = all.next().await {
        event.expect("read");
        read += 1;
    }
    assert_eq!(read, expected);
    rate(read, start.elapsed())
}

/// The floor under `read_all`: the same query, pages of 1,000 rows, decoded by sqlx into tuples of
/// the columns, and nothing more (no JSON, no hashes, no upcasting).
async fn raw_read(place: &Place, expected: usize) -> f64 {
    type Columns = (
        i64,
        String,
        i64,
        String,
        String,
        i32,
        String,
        String,
        i64,
        String,
        String,
    );
    let raw = RawPool::open(place, 1).await;
    let mut conn = raw.acquire().await;
    let start = Instant::now();
    let (mut after, mut read) = (0i64, 0usize);
    loop {
        let rows: Vec<Columns> = match &mut conn {
            RawConn::Sqlite(conn) => {
                sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT 1000"
                ))
                .bind(after)
                .fetch_all(&mut **conn)
                .await
            }
            RawConn::Postgres(conn) => {
                sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT 1000"
                ))
                .bind(after)
                .fetch_all(&mut **conn)
                .await
            }
        }
        .expect("read rows");
        let Some(last) = rows.last() else { break };
        after = last.0;
        read += rows.len();
    }
    assert_eq!(read, expected);
    rate(read, start.elapsed())
}

fn rate(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

// ---------------------------------------------------------------------------------------------------
// The raw baseline

/// The columns of a row that do not vary, in the store's own encoding.
#[derive(Clone)]
struct Template {
    payload: String,
    metadata: String,
    hash: String,
}

impl Template {
    fn new() -> Self {
        let event = asset_event(0);
        Self {
            payload: mamori::store::hash::canonical_json(&event.payload),
            metadata: mamori::store::hash::canonical_json(
                &serde_json::to_value(&event.metadata).expect("metadata"),
            ),
            hash: "ab".repeat(32),
        }
    }
}

struct RawRow {
    position: i64,
    stream_id: String,
    stream_version: i64,
    event_id: String,
}

#[derive(Clone)]
enum RawPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

enum RawConn {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

impl RawPool {
    /// `connections` connections with the durability settings of `crate::database`.
    async fn open(place: &Place, connections: usize) -> Self {
        match place {
            Place::Sqlite(path) => {
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(60))
                    .foreign_keys(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(connections as u32)
                    .connect_with(options)
                    .await
                    .expect("open SQLite");
                Self::Sqlite(pool)
            }
            Place::Postgres(options) => {
                let pool = PgPoolOptions::new()
                    .max_connections(connections as u32)
                    .connect_with((**options).clone())
                    .await
                    .expect("connect to PostgreSQL");
                Self::Postgres(pool)
            }
        }
    }

    async fn acquire(&self) -> RawConn {
        match self {
            Self::Sqlite(pool) => RawConn::Sqlite(pool.acquire().await.expect("a connection")),
            Self::Postgres(pool) => RawConn::Postgres(pool.acquire().await.expect("a connection")),
        }
    }
}

const COLUMNS: &str = "position, stream_id, stream_version, event_id, event_type, schema_version, \
     payload, metadata, recorded_at, prev_hash, hash";

impl RawConn {
    async fn insert(&mut self, rows: &[RawRow], t: &Template) {
        let now = 1_764_000_000_000_000i64;
        match self {
            Self::Sqlite(conn) => {
                let mut query =
                    QueryBuilder::<sqlx::Sqlite>::new(format!("INSERT INTO events ({COLUMNS}) "));
                query.push_values(rows, |mut values, row| {
                    values
                        .push_bind(row.position)
                        .push_bind(&row.stream_id)
                        .push_bind(row.stream_version)
                        .push_bind(&row.event_id)
                        .push_bind("asset.registered")
                        .push_bind(1)
                        .push_bind(&t.payload)
                        .push_bind(&t.metadata)
                        .push_bind(now)
                        .push_bind(&t.hash)
                        .push_bind(&t.hash);
                });
                query.build().execute(&mut **conn).await.expect("insert");
            }
            Self::Postgres(conn) => {
                let text = |f: fn(&RawRow) -> String| rows.iter().map(f).collect::<Vec<_>>();
                let repeat = |s: &str| vec![s.to_owned(); rows.len()];
                sqlx::query(&format!(
                    "INSERT INTO events ({COLUMNS}) SELECT * FROM UNNEST($1::bigint[], \
                     $2::text[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[], \
                     $8::text[], $9::bigint[], $10::text[], $11::text[])"
                ))
                .bind(rows.iter().map(|r| r.position).collect::<Vec<_>>())
                .bind(text(|r| r.stream_id.clone()))
                .bind(rows.iter().map(|r| r.stream_version).collect::<Vec<_>>())
                .bind(text(|r| r.event_id.clone()))
                .bind(repeat("asset.registered"))
                .bind(vec![1i32; rows.len()])
                .bind(repeat(&t.payload))
                .bind(repeat(&t.metadata))
                .bind(vec![now; rows.len()])
                .bind(repeat(&t.hash))
                .bind(repeat(&t.hash))
                .execute(&mut **conn)
                .await
                .expect("insert");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Output

fn print_tables(sizes: &Sizes, reports: &[(Kind, Report)]) {
    let header: Vec<String> = reports.iter().map(|(kind, _)| kind.to_string()).collect();
    println!();
    println!(
        "appends: {} events per concurrency level; batches: {} × {BATCH}; replay: {} events",
        sizes.appends, sizes.batches, sizes.replay
    );
    println!();
    println!("| measurement | {} |", header.join(" | "));
    println!("|---|{}", "---:|".repeat(reports.len()));
    let row = |label: String, value: &dyn Fn(&Report) -> String| {
        let cells: Vec<String> = reports.iter().map(|(_, r)| value(r)).collect();
        println!("| {label} | {} |", cells.join(" | "));
    };
    for (index, writers) in WRITERS.iter().enumerate() {
        row(
            format!("store: {writers} writer(s), 1 event per append (events/s)"),
            &|r| per_second(r.store_single[index].0),
        );
        row(
            format!("  events per group commit, {writers} writer(s)"),
            &|r| format!("{:.1}", r.store_single[index].1),
        );
        row(
            format!("raw: {writers} connection(s), 1 row per transaction (rows/s)"),
            &|r| per_second(r.raw_single[index]),
        );
        row(
            format!("overhead, {writers} writer(s): raw ÷ store"),
            &|r| ratio(r.raw_single[index] / r.store_single[index].0),
        );
    }
    row(
        format!("store: 1 writer, {BATCH} events per append (events/s)"),
        &|r| per_second(r.store_batch.0),
    );
    row(
        format!("raw: 1 connection, {BATCH} rows per transaction (rows/s)"),
        &|r| per_second(r.raw_batch),
    );
    row(
        format!("overhead, batches of {BATCH}: raw ÷ store"),
        &|r| ratio(r.raw_batch / r.store_batch.0),
    );
    row(
        "store: bulk load, 4 writers × 2,500 events per append (events/s)".into(),
        &|r| per_second(r.replay.load),
    );
    row(
        "read_all, first read right after the load (events/s)".into(),
        &|r| per_second(r.replay.cold),
    );
    row(
        "raw read: same query and pages, sqlx tuples only (rows/s)".into(),
        &|r| per_second(r.replay.raw),
    );
    row("read_all, log already read once (events/s)".into(), &|r| {
        per_second(r.replay.warm)
    });
    row(
        "replay into `LogSummary` with `projections::fold` (events/s)".into(),
        &|r| per_second(r.replay.replay),
    );
}

fn per_second(value: f64) -> String {
    let digits = (value.round() as u64).to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|group| std::str::from_utf8(group).expect("ASCII digits"))
        .collect();
    groups.join(",")
}

fn ratio(value: f64) -> String {
    format!("{value:.2}×")
}
