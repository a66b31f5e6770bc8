//! Group commit. Every append goes to one writer task through a channel; the writer takes all the
//! appends pending at that moment and commits them in one transaction, each still checked against its
//! own expected version (see [`super::plan`]). One durable commit (one fsync) then serves many callers:
//! the technique of EventStoreDB's writer and the LMAX disruptor's batching. Under no load a batch is a
//! single append, so latency does not suffer; under load, batches grow and throughput with them.
//!
//! Callers are answered only after the commit returns, so an acknowledged append is durable. If the
//! commit fails, every append of the batch gets the error and nothing of the batch is in the log.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};

use super::error::{AppendError, StoreError};
use super::event::AppendOutcome;
use super::plan::{Group, Plan};
use super::{postgres, sqlite, Health};
use crate::clock::now_micros;
use crate::database::Database;
use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Sqlite};

/// Enough for every caller of a busy server to have one append queued.
const QUEUE: usize = 4_096;
/// A batch stops growing past this many events so that one transaction stays short.
const MAX_BATCH_EVENTS: usize = 5_000;

/// How long a failing commit is retried (on a fresh connection each time, waiting longer each
/// time) before its callers are told: long enough to ride out a database restart or a failover.
const RETRY_FOR: Duration = Duration::from_secs(15);
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// One caller's append: its parts, all written or none.
pub(super) struct AppendJob {
    pub group: Group,
    pub reply: oneshot::Sender<Result<Vec<AppendOutcome>, AppendError>>,
}

impl AppendJob {
    fn events(&self) -> usize {
        self.group.iter().map(|r| r.events.len()).sum()
    }
}

pub(super) fn spawn(
    db: Database,
    head: Arc<watch::Sender<u64>>,
    health: Arc<watch::Sender<Health>>,
) -> mpsc::Sender<AppendJob> {
    let (jobs, mut queue) = mpsc::channel::<AppendJob>(QUEUE);
    tokio::spawn(async move {
        let mut connection = None;
        while let Some(first) = queue.recv().await {
            let mut events = first.events();
            let mut batch = vec![first];
            while events < MAX_BATCH_EVENTS {
                match queue.try_recv() {
                    Ok(job) => {
                        events += job.events();
                        batch.push(job);
                    }
                    Err(_) => break,
                }
            }
            commit(&db, &mut connection, &head, &health, batch).await;
        }
    });
    jobs
}

/// The writer's own connection, taken from the pool once and kept; replaced after an error.
enum Connection {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

async fn connect(db: &Database) -> Result<Connection, sqlx::Error> {
    Ok(match db {
        Database::Sqlite(pool) => Connection::Sqlite(pool.acquire().await?),
        Database::Postgres(pool) => Connection::Postgres(pool.acquire().await?),
    })
}

async fn attempt(
    db: &Database,
    connection: &mut Option<Connection>,
    groups: &[Group],
    now: i64,
) -> Result<Plan, sqlx::Error> {
    if connection.is_none() {
        *connection = Some(connect(db).await?);
    }
    match connection.as_mut() {
        Some(Connection::Sqlite(conn)) => sqlite::commit_batch(conn, groups, now).await,
        Some(Connection::Postgres(conn)) => postgres::commit_batch(conn, groups, now).await,
        None => Err(sqlx::Error::PoolClosed),
    }
}

async fn commit(
    db: &Database,
    connection: &mut Option<Connection>,
    head: &watch::Sender<u64>,
    health: &watch::Sender<Health>,
    batch: Vec<AppendJob>,
) {
    let (groups, replies): (Vec<Group>, Vec<_>) =
        batch.into_iter().map(|job| (job.group, job.reply)).unzip();
    let now = now_micros();
    // A kept connection may have been closed by the server meanwhile, or the database may be
    // restarting: on an error, retry on a fresh connection with a growing pause. Retrying is safe
    // even if an earlier attempt did land: the batch's event ids make the next attempt recognise it
    // and answer the same positions (idempotent appends).
    let started = Instant::now();
    let mut backoff = FIRST_BACKOFF;
    let mut attempts = 1;
    let result = loop {
        match attempt(db, connection, &groups, now).await {
            Ok(plan) => break Ok(plan),
            Err(error) => {
                *connection = None;
                if started.elapsed() + backoff > RETRY_FOR {
                    break Err(error);
                }
                if attempts > 1 {
                    tracing::warn!(%error, attempts, "group commit failed; retrying on a fresh connection");
                    health.send_modify(|h| h.writer = Some(error.to_string()));
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                attempts += 1;
            }
        }
    };
    match result {
        Ok(plan) => {
            if attempts > 1 {
                tracing::info!(attempts, "group commit succeeded after retrying");
            }
            health.send_if_modified(|h| h.writer.take().is_some());
            raise(head, plan.head.position);
            for (reply, outcome) in replies.into_iter().zip(plan.outcomes) {
                // A caller that stopped waiting still has its events committed; nothing to undo.
                let _ = reply.send(outcome);
            }
        }
        Err(error) => {
            tracing::error!(%error, attempts, appends = replies.len(), "group commit failed; nothing of the batch was written");
            health.send_modify(|h| h.writer = Some(error.to_string()));
            let message = error.to_string();
            for reply in replies {
                let _ = reply.send(Err(AppendError::Store(StoreError::Commit(message.clone()))));
            }
        }
    }
}

/// Raises the known head to `position` if it is higher (several sources report it: this writer, and
/// on PostgreSQL the notifications of other processes).
pub(super) fn raise(head: &watch::Sender<u64>, position: u64) {
    head.send_if_modified(|current| {
        let higher = position > *current;
        if higher {
            *current = position;
        }
        higher
    });
}
