//! The event log: Mamori's only source of truth: append-only, hash-chained, replayable.
//!
//! - [`EventStore::append`] writes a batch of events to one stream under optimistic concurrency. All appends
//!   go through one writer task that commits every pending append in one transaction (group commit,
//!   see [`writer`]), so many concurrent writers do not mean one transaction each.
//! - Every event is hash-chained to the one before it ([`hash`]); [`EventStore::verify`] walks the chain.
//! - Reads ([`EventStore::read_stream`], [`EventStore::read_all`]) and subscriptions
//!   ([`EventStore::subscribe`]) are async streams that load one batch at a time.
//! - Old payloads are upcast on read ([`upcast`]); stored events are never rewritten.
//!
//! The SQL of each database lives in its own module ([`sqlite`], [`postgres`]). Queries are built at run
//! time rather than with `query!`: the macros check against one database type only, and every query
//! here runs in the same test suite against both databases (`tests/store/`), which checks them all.

mod error;
mod event;
pub mod hash;
mod plan;
mod postgres;
mod read;
mod sqlite;
mod subscribe;
pub mod upcast;
mod validate;
mod verify;
mod writer;

pub use error::{AppendError, StoreError};
pub use event::{
    AppendOutcome, ExpectedVersion, Metadata, NewEvent, RecordedEvent, Source, StoredEvent,
    StreamId,
};
pub use validate::Limits;
pub use verify::{ChainBreak, ChainBreakKind, VerifyReport};

use std::sync::Arc;

use futures::Stream;
use tokio::sync::{mpsc, oneshot, watch};

use crate::database::Database;
use upcast::Upcasters;
use writer::AppendJob;

/// A handle to the event log. Cheap to clone; all clones share one writer task.
#[derive(Clone)]
pub struct EventStore {
    inner: Arc<Inner>,
}

struct Inner {
    db: Database,
    jobs: mpsc::Sender<AppendJob>,
    head: watch::Receiver<u64>,
    health: Arc<watch::Sender<Health>>,
    upcasters: Upcasters,
    limits: Limits,
}

/// Whether the store's database answers its writer and its readers. Errors are retried (see
/// [`writer`] and [`subscribe`]); this says whether they are failing right now, for readiness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Health {
    /// The last commit's error, until a commit succeeds.
    pub writer: Option<String>,
    /// The last subscription read's error, until a read succeeds.
    pub reader: Option<String>,
}

impl EventStore {
    /// Opens the store on a migrated database and starts its writer (and, on PostgreSQL, the listener
    /// that learns of appends made by other processes).
    pub async fn open(db: Database, upcasters: Upcasters) -> Result<Self, StoreError> {
        Self::open_with_limits(db, upcasters, Limits::default()).await
    }

    pub async fn open_with_limits(
        db: Database,
        upcasters: Upcasters,
        limits: Limits,
    ) -> Result<Self, StoreError> {
        let head = read::head_position(&db).await?;
        let (head_tx, head_rx) = watch::channel(head);
        let head_tx = Arc::new(head_tx);
        if let Database::Postgres(pool) = &db {
            postgres::spawn_listener(pool.clone(), head_tx.clone()).await?;
        }
        let health = Arc::new(watch::channel(Health::default()).0);
        let jobs = writer::spawn(db.clone(), head_tx, health.clone());
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                jobs,
                head: head_rx,
                health,
                upcasters,
                limits,
            }),
        })
    }

    /// Appends `events` to `stream` if its version matches `expected`. Atomic: either every event of the
    /// batch is written or none is. Appending events whose ids are already in the log returns the
    /// positions they were first written at and writes nothing.
    pub async fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, AppendError> {
        let prepared = validate::prepare(stream, events, &self.inner.limits)?;
        let group = vec![plan::Request {
            stream: stream.clone(),
            expected,
            events: prepared,
        }];
        let mut outcomes = self.commit(group).await?;
        outcomes.pop().ok_or(AppendError::EmptyBatch)
    }

    /// Appends to several streams in one commit, each part checked against its own expected
    /// version: every part is written or none is (rules that span aggregates, e.g. a login
    /// reserved with the person who holds it). A part with no events only checks its stream's
    /// version. The outcomes are in the order of the parts; a conflict names the first stream that
    /// did not match. Retried appends are recognised by their event ids, as with [`Self::append`].
    pub async fn append_all(
        &self,
        parts: Vec<(StreamId, ExpectedVersion, Vec<NewEvent>)>,
    ) -> Result<Vec<AppendOutcome>, AppendError> {
        let group = validate::prepare_group(parts, &self.inner.limits)?;
        self.commit(group).await
    }

    async fn commit(&self, group: plan::Group) -> Result<Vec<AppendOutcome>, AppendError> {
        let (reply, answer) = oneshot::channel();
        self.inner
            .jobs
            .send(AppendJob { group, reply })
            .await
            .map_err(|_| AppendError::Store(StoreError::WriterStopped))?;
        answer
            .await
            .map_err(|_| AppendError::Store(StoreError::WriterStopped))?
    }

    /// The events of one stream with a version greater than `after_version`, oldest first.
    pub fn read_stream(
        &self,
        stream: &StreamId,
        after_version: u64,
    ) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
        read::stream_events(self.clone(), stream.clone(), after_version)
    }

    /// The global log from the position after `after_position`, in order, one batch at a time.
    pub fn read_all(
        &self,
        after_position: u64,
    ) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
        read::all_events(self.clone(), after_position, None)
    }

    /// The global log up to and including `until_position` (for "as of" views).
    pub fn read_until(
        &self,
        after_position: u64,
        until_position: u64,
    ) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
        read::all_events(self.clone(), after_position, Some(until_position))
    }

    /// Every event after `after_position`: first those already in the log, then each new one as it is
    /// committed, by this process or (on PostgreSQL) by any other. Never ends on its own.
    pub fn subscribe(
        &self,
        after_position: u64,
    ) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
        subscribe::subscribe(self.clone(), after_position)
    }

    /// Follows the newest committed position (for a task that wakes on every commit).
    pub fn watch_head(&self) -> watch::Receiver<u64> {
        self.inner.head.clone()
    }

    /// The newest committed position this process knows of (0 for an empty log).
    pub fn head(&self) -> u64 {
        *self.inner.head.borrow()
    }

    /// The hash of the event at `position`, if the log has one there.
    pub async fn hash_at(&self, position: u64) -> Result<Option<hash::Hash>, StoreError> {
        if position == 0 {
            return Ok(None);
        }
        let rows = read::fetch_after(&self.inner.db, position - 1, Some(position), 1).await?;
        Ok(rows
            .into_iter()
            .find(|row| row.position == position)
            .map(|row| row.hash))
    }

    /// The position of the last event recorded at or before `micros` (0 if none was).
    pub async fn position_at(&self, micros: i64) -> Result<u64, StoreError> {
        const SQL: &str = "SELECT MAX(position) FROM events WHERE recorded_at <= $1";
        let found: Option<i64> = crate::with_pool!(&self.inner.db, pool => {
            sqlx::query_scalar(SQL)
                .bind(micros)
                .fetch_one(pool)
                .await
                .map_err(StoreError::from)?
        });
        Ok(found.unwrap_or(0) as u64)
    }

    /// When the event at `position` was recorded (microseconds since the Unix epoch), if the log
    /// has one there.
    pub async fn recorded_at(&self, position: u64) -> Result<Option<i64>, StoreError> {
        const SQL: &str = "SELECT recorded_at FROM events WHERE position = $1";
        crate::with_pool!(&self.inner.db, pool => {
            sqlx::query_scalar(SQL)
                .bind(position as i64)
                .fetch_optional(pool)
                .await
                .map_err(StoreError::from)
        })
    }

    /// The chain hashes of the events at positions `after + 1 ..= until`, in order (fewer if the
    /// log is shorter): the entries of the transparency log's Merkle tree.
    pub async fn chain_hashes(
        &self,
        after: u64,
        until: u64,
    ) -> Result<Vec<hash::Hash>, StoreError> {
        const SQL: &str =
            "SELECT position, hash FROM events WHERE position > $1 AND position <= $2 ORDER BY position";
        let rows: Vec<(i64, String)> = crate::with_pool!(&self.inner.db, pool => {
            sqlx::query_as(SQL)
                .bind(after as i64)
                .bind(until as i64)
                .fetch_all(pool)
                .await
                .map_err(StoreError::from)?
        });
        rows.into_iter()
            .map(|(position, text)| {
                hash::Hash::from_hex(&text).ok_or_else(|| StoreError::Corrupt {
                    position: position as u64,
                    reason: "its hash is not SHA-256 hex".into(),
                })
            })
            .collect()
    }

    /// The events at positions `after + 1 ..= until` exactly as stored (every field the hash
    /// covers), at most `limit`: what an export hands to an auditor.
    pub async fn stored_events(
        &self,
        after: u64,
        until: u64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        read::fetch_after(&self.inner.db, after, Some(until), limit).await
    }

    /// Walks the whole log and recomputes every hash; see [`verify`].
    pub async fn verify(&self) -> Result<VerifyReport, StoreError> {
        verify::verify(&self.inner.db).await
    }

    /// Whether the writer and the subscriptions are failing right now (they retry meanwhile).
    pub fn health(&self) -> Health {
        self.inner.health.borrow().clone()
    }

    fn health_sender(&self) -> &watch::Sender<Health> {
        &self.inner.health
    }

    pub fn database(&self) -> &Database {
        &self.inner.db
    }

    fn upcasters(&self) -> &Upcasters {
        &self.inner.upcasters
    }

    fn head_watch(&self) -> watch::Receiver<u64> {
        self.inner.head.clone()
    }
}
