//! One way to get a fresh, migrated database of either kind, to build events, to check the log, and to
//! run a child process of this test binary.

use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::str::FromStr;
use std::time::Duration;

use futures::TryStreamExt;
use mamori::database::Database;
use mamori::store::hash::Hash;
use mamori::store::upcast::Upcasters;
use mamori::store::{
    ChainBreakKind, EventStore, Limits, Metadata, NewEvent, RecordedEvent, Source, StreamId,
    VerifyReport,
};
use serde_json::{json, Value};
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{ChildStdin, ChildStdout};
use tokio::task::JoinHandle;
use uuid::Uuid;

pub const PG_URL_ENV: &str = "MAMORI_TEST_PG_URL";
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Tells a re-invoked test binary which child role to play.
pub const CHILD_ROLE_ENV: &str = "MAMORI_TEST_CHILD";
const CHILD_SQLITE_ENV: &str = "MAMORI_TEST_SQLITE_PATH";
const CHILD_PG_SCHEMA_ENV: &str = "MAMORI_TEST_PG_SCHEMA";
/// Prefixes every line a child reports, to tell it from libtest's own output on the same stdout.
const REPORT_MARK: &str = "@mamori ";

/// A bound on every wait in these tests, so that a bug shows as a failure rather than a hang. Never
/// reached when the store works: tests assert behaviour, not timings.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub fn pg_url() -> String {
    std::env::var(PG_URL_ENV).unwrap_or_else(|_| DEFAULT_PG_URL.to_owned())
}

/// A fresh database for one test: a SQLite file in a temporary folder, or a PostgreSQL schema of its
/// own (dropped again when the test ends, pass or fail).
pub struct TestDb {
    pub db: Database,
    location: Location,
}

enum Location {
    Sqlite {
        path: PathBuf,
        _dir: Option<TempDir>,
    },
    Postgres {
        url: String,
        schema: String,
        owned: bool,
    },
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let path = dir.path().join("mamori.db");
        let db = connect_sqlite(&path).await;
        db.migrate().await.expect("migrate the SQLite database");
        Self {
            db,
            location: Location::Sqlite {
                path,
                _dir: Some(dir),
            },
        }
    }

    /// Fails (never skips) when no PostgreSQL answers: these tests are half of the suite.
    pub async fn postgres() -> Self {
        let url = pg_url();
        let mut admin = PgConnection::connect(&url).await.unwrap_or_else(|error| {
            panic!(
                "PostgreSQL does not answer at {url} ({error}). The store's tests run against a real \
                 PostgreSQL: start one (e.g. `service postgresql start`) or set {PG_URL_ENV} to one."
            )
        });
        let schema = format!("mamori_test_{}", Uuid::new_v4().simple());
        admin
            .execute(format!("CREATE SCHEMA {schema}").as_str())
            .await
            .unwrap_or_else(|error| panic!("cannot create schema {schema} at {url}: {error}"));
        admin.close().await.ok();
        let db = connect_postgres(&url, &schema).await;
        let test_db = Self {
            db,
            location: Location::Postgres {
                url,
                schema,
                owned: true,
            },
        };
        test_db
            .db
            .migrate()
            .await
            .expect("migrate the PostgreSQL schema");
        test_db
    }

    /// In a child process: the database its parent named in the environment.
    pub async fn attach_from_env() -> Self {
        if let Ok(path) = std::env::var(CHILD_SQLITE_ENV) {
            let path = PathBuf::from(path);
            let db = connect_sqlite(&path).await;
            return Self {
                db,
                location: Location::Sqlite { path, _dir: None },
            };
        }
        let schema = std::env::var(CHILD_PG_SCHEMA_ENV)
            .expect("the parent names a SQLite file or a PostgreSQL schema");
        let url = pg_url();
        let db = connect_postgres(&url, &schema).await;
        Self {
            db,
            location: Location::Postgres {
                url,
                schema,
                owned: false,
            },
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.location, Location::Postgres { .. })
    }

    /// A second, independent connection pool to the same database (another "instance", or a restart).
    pub async fn reconnect(&self) -> Database {
        match &self.location {
            Location::Sqlite { path, .. } => connect_sqlite(path).await,
            Location::Postgres { url, schema, .. } => connect_postgres(url, schema).await,
        }
    }

    /// A URL the `mamori` binary accepts for this database.
    pub fn url(&self) -> String {
        match &self.location {
            Location::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            Location::Postgres { url, schema, .. } => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}options=-c%20search_path%3D{schema}")
            }
        }
    }

    pub async fn store(&self) -> EventStore {
        self.store_with(Upcasters::default(), Limits::default())
            .await
    }

    pub async fn store_with(&self, upcasters: Upcasters, limits: Limits) -> EventStore {
        EventStore::open_with_limits(self.db.clone(), upcasters, limits)
            .await
            .expect("open the event store")
    }

    /// Rows in the events table, counted by the database itself.
    pub async fn count(&self) -> u64 {
        let sql = "SELECT COUNT(*) FROM events";
        let count: i64 = match &self.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .expect("count the events");
        count as u64
    }

    /// Runs SQL directly, as someone with access to the database (not through the store).
    pub async fn execute(&self, sql: &str) -> Result<(), sqlx::Error> {
        match &self.db {
            Database::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
            Database::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        }
    }

    pub async fn fetch_text(&self, sql: &str) -> String {
        match &self.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    pub async fn fetch_int(&self, sql: &str) -> i64 {
        match &self.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    /// Cuts every connection of this test's pools, as a database restart or a network failure
    /// would (PostgreSQL only). Returns how many were cut.
    pub async fn terminate_connections(&self) -> i64 {
        let Location::Postgres { url, schema, .. } = &self.location else {
            panic!("only PostgreSQL connections can be cut from outside");
        };
        let mut admin = PgConnection::connect(url).await.expect("connect as admin");
        let cut: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE application_name = $1 AND pid <> pg_backend_pid()) AS t",
        )
        .bind(schema)
        .fetch_one(&mut admin)
        .await
        .expect("terminate the test's connections");
        admin.close().await.ok();
        cut
    }

    /// What an attacker with write access to the database does first: remove the triggers that make
    /// the table append-only.
    pub async fn remove_append_only_guards(&self) {
        let sql = match self.location {
            Location::Sqlite { .. } => {
                "DROP TRIGGER events_are_append_only_update; \
                 DROP TRIGGER events_are_append_only_delete;"
            }
            Location::Postgres { .. } => "ALTER TABLE events DISABLE TRIGGER USER",
        };
        self.execute(sql)
            .await
            .expect("remove the append-only triggers");
    }

    /// Environment variables that let a child process attach to this database.
    pub fn child_env(&self) -> Vec<(&'static str, String)> {
        match &self.location {
            Location::Sqlite { path, .. } => {
                vec![(CHILD_SQLITE_ENV, path.display().to_string())]
            }
            Location::Postgres { url, schema, .. } => vec![
                (CHILD_PG_SCHEMA_ENV, schema.clone()),
                (PG_URL_ENV, url.clone()),
            ],
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Location::Postgres {
            url,
            schema,
            owned: true,
        } = &self.location
        else {
            return;
        };
        // Drop cannot await, and the test's runtime may be unwinding: use a thread of its own.
        let (url, schema) = (url.clone(), schema.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut conn = PgConnection::connect(&url)
                    .await
                    .map_err(|e| e.to_string())?;
                conn.execute("SET lock_timeout = '10s'")
                    .await
                    .map_err(|e| e.to_string())?;
                conn.execute(format!("DROP SCHEMA IF EXISTS {schema} CASCADE").as_str())
                    .await
                    .map_err(|e| e.to_string())?;
                conn.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("warning: could not drop test schema: {error}");
        }
    }
}

async fn connect_sqlite(path: &std::path::Path) -> Database {
    Database::connect_sqlite(SqliteConnectOptions::new().filename(path))
        .await
        .unwrap_or_else(|error| panic!("open SQLite at {}: {error}", path.display()))
}

async fn connect_postgres(url: &str, schema: &str) -> Database {
    let options = PgConnectOptions::from_str(url)
        .unwrap_or_else(|error| panic!("{PG_URL_ENV} {url:?} is not a PostgreSQL URL: {error}"))
        .options([("search_path", schema)])
        // Names this test's connections, so that a fault test can cut exactly them.
        .application_name(schema);
    Database::connect_postgres(options)
        .await
        .unwrap_or_else(|error| panic!("connect to PostgreSQL at {url}: {error}"))
}

// ---------------------------------------------------------------------------------------------------
// Events

pub fn stream(name: &str) -> StreamId {
    StreamId::parse(name).expect("a valid stream id")
}

pub fn event(event_type: &str, payload: Value) -> NewEvent {
    NewEvent::new(event_type, 1, payload, Metadata::by("tester", Source::Cli))
}

/// `count` events numbered from 0 in their payload.
pub fn numbered(count: usize) -> Vec<NewEvent> {
    (0..count)
        .map(|n| event("test.numbered", json!({ "n": n })))
        .collect()
}

pub async fn read_all(store: &EventStore) -> Vec<RecordedEvent> {
    store
        .read_all(0)
        .try_collect()
        .await
        .expect("read the global log")
}

pub async fn read_stream(store: &EventStore, stream: &StreamId, after: u64) -> Vec<RecordedEvent> {
    store
        .read_stream(stream, after)
        .try_collect()
        .await
        .expect("read the stream")
}

/// Positions 1, 2, 3... with no hole and no repeat.
pub fn assert_gap_free(events: &[RecordedEvent]) {
    for (index, event) in events.iter().enumerate() {
        assert_eq!(
            event.position,
            index as u64 + 1,
            "the global log has a gap or a repeat at index {index}"
        );
    }
}

/// Verify says "ok" with exactly `events` events; returns the head hash.
pub async fn assert_intact(store: &EventStore, events: u64) -> Hash {
    match store.verify().await.expect("verify the chain") {
        VerifyReport::Intact { events: n, head } => {
            assert_eq!(n, events, "verify counted a different number of events");
            head
        }
        broken => panic!("expected an intact chain of {events} events, got: {broken}"),
    }
}

pub async fn assert_broken(store: &EventStore, position: u64, kind: ChainBreakKind) {
    match store.verify().await.expect("verify the chain") {
        VerifyReport::Broken(at) => {
            assert_eq!(
                (at.position, at.kind),
                (position, kind),
                "verify reported the wrong break: {}",
                VerifyReport::Broken(at.clone())
            );
        }
        intact => panic!("expected the chain broken at {position} ({kind}), verify says: {intact}"),
    }
}

// ---------------------------------------------------------------------------------------------------
// Child processes

/// The role this process was started to play, if it is a child (see [`ChildProcess`]).
pub fn child_role() -> Option<String> {
    std::env::var(CHILD_ROLE_ENV).ok()
}

/// In a child: one line for the parent. Standard output is line-buffered, so the line is out before
/// the next statement runs.
pub fn report(line: &str) {
    println!("{REPORT_MARK}{line}");
}

/// This test binary, re-run to execute one child test in a separate OS process.
pub struct ChildProcess {
    child: tokio::process::Child,
    stdin: Option<ChildStdin>,
    lines: Lines<BufReader<ChildStdout>>,
    stderr: Option<JoinHandle<String>>,
}

impl ChildProcess {
    pub fn spawn(test: &str, role: &str, db: &TestDb, env: &[(&str, String)]) -> Self {
        let exe = std::env::current_exe().expect("the test binary's path");
        let mut command = tokio::process::Command::new(exe);
        command
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .env(CHILD_ROLE_ENV, role)
            .envs(db.child_env())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().expect("start a child process");
        let stdin = child.stdin.take();
        let lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let mut stderr = child.stderr.take().expect("piped stderr");
        let stderr = tokio::spawn(async move {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text).await;
            text
        });
        Self {
            child,
            stdin,
            lines,
            stderr: Some(stderr),
        }
    }

    /// The next reported line (without its mark), `None` once the child's output ends.
    pub async fn next_report(&mut self) -> Option<String> {
        loop {
            let line = tokio::time::timeout(PATIENCE, self.lines.next_line())
                .await
                .expect("the child process went silent")
                .expect("read the child's output")?;
            // libtest may print "test name ... " on the same line before the first report.
            if let Some(at) = line.find(REPORT_MARK) {
                return Some(line[at + REPORT_MARK.len()..].to_owned());
            }
        }
    }

    /// The next reported line, which must start with `prefix`; returns the rest.
    pub async fn expect_report(&mut self, prefix: &str) -> String {
        match self.next_report().await {
            Some(line) if line.starts_with(prefix) => line[prefix.len()..].trim().to_owned(),
            Some(line) => panic!("expected a {prefix:?} report from the child, got {line:?}"),
            None => {
                let (status, stderr) = self.finish().await;
                panic!("the child ended ({status}) before reporting {prefix:?}:\n{stderr}")
            }
        }
    }

    pub async fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("the child's stdin");
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .await
            .expect("write to the child");
        stdin.flush().await.expect("write to the child");
    }

    /// SIGKILL: the child gets no chance to clean up, as in a crash.
    pub async fn kill(&mut self) {
        self.child.kill().await.expect("kill the child process");
    }

    /// Waits for the child to end; its exit status and everything it wrote to stderr.
    pub async fn finish(&mut self) -> (ExitStatus, String) {
        self.stdin.take();
        let status = tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("the child process did not end")
            .expect("wait for the child process");
        let stderr = match self.stderr.take() {
            Some(task) => task.await.unwrap_or_default(),
            None => String::new(),
        };
        (status, stderr)
    }

    /// Waits for the child and fails the test, with the child's stderr, unless it succeeded.
    pub async fn succeed(&mut self) {
        let (status, stderr) = self.finish().await;
        assert!(
            status.success(),
            "the child process failed ({status}):\n{stderr}"
        );
    }
}
