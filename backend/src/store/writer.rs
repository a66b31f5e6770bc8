//! Group commit. Every append goes to one writer task through a channel; the writer takes all the
//! appends pending at that moment and commits them in one transaction, each still checked against its
//! own expected version (see [`super::plan`]). One durable commit (one fsync) then serves many callers:
//! the technique of EventStoreDB's writer and the LMAX disruptor's batching. Under no load a batch is a
//! single append, so latency does not suffer; under load, batches grow and throughput with them.
//!
//! Callers are answered only after the commit returns, so an acknowledged append is durable. If the
//! commit fails, every append of the batch gets the error and nothing of the batch is in the log.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};

use super::error::{AppendError, StoreError};
use super::event::{AppendOutcome, ExpectedVersion, StreamId};
use super::plan::{Plan, Request};
use super::validate::PreparedEvent;
use super::{postgres, sqlite};
use crate::clock::now_micros;
use crate::database::Database;
use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Sqlite};

/// Enough for every caller of a busy server to have one append queued.
const QUEUE: usize = 4_096;
/// A batch stops growing past this many events so that one transaction stays short.
const MAX_BATCH_EVENTS: usize = 5_000;

pub(super) struct AppendJob {
    pub stream: StreamId,
    pub expected: ExpectedVersion,
    pub events: Vec<PreparedEvent>,
    pub reply: oneshot::Sender<Result<AppendOutcome, AppendError>>,
}

pub(super) fn spawn(db: Database, head: Arc<watch::Sender<u64>>) -> mpsc::Sender<AppendJob> {
    let (jobs, mut queue) = mpsc::channel::<AppendJob>(QUEUE);
    tokio::spawn(async move {
        let mut connection = None;
        while let Some(first) = queue.recv().await {
            let mut batch = vec![first];
            let mut events = batch[0].events.len();
            while events < MAX_BATCH_EVENTS {
                match queue.try_recv() {
                    Ok(job) => {
                        events += job.events.len();
                        batch.push(job);
                    }
                    Err(_) => break,
                }
            }
            commit(&db, &mut connection, &head, batch).await;
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
    requests: &[Request],
    now: i64,
) -> Result<Plan, sqlx::Error> {
    if connection.is_none() {
        *connection = Some(connect(db).await?);
    }
    match connection.as_mut() {
        Some(Connection::Sqlite(conn)) => sqlite::commit_batch(conn, requests, now).await,
        Some(Connection::Postgres(conn)) => postgres::commit_batch(conn, requests, now).await,
        None => Err(sqlx::Error::PoolClosed),
    }
}

async fn commit(
    db: &Database,
    connection: &mut Option<Connection>,
    head: &watch::Sender<u64>,
    batch: Vec<AppendJob>,
) {
    let (requests, replies): (Vec<Request>, Vec<_>) = batch
        .into_iter()
        .map(|job| {
            (
                Request {
                    stream: job.stream,
                    expected: job.expected,
                    events: job.events,
                },
                job.reply,
            )
        })
        .unzip();
    let now = now_micros();
    // A kept connection may have been closed by the server meanwhile: on an error, retry once on a
    // fresh one. Retrying is safe even if the first commit did land: the batch's event ids make
    // the second attempt recognise it and answer the same positions (idempotent appends).
    let mut result = attempt(db, connection, &requests, now).await;
    if result.is_err() {
        *connection = None;
        result = attempt(db, connection, &requests, now).await;
        if result.is_err() {
            *connection = None;
        }
    }
    match result {
        Ok(plan) => {
            raise(head, plan.head.position);
            for (reply, outcome) in replies.into_iter().zip(plan.outcomes) {
                // A caller that stopped waiting still has its events committed; nothing to undo.
                let _ = reply.send(outcome);
            }
        }
        Err(error) => {
            tracing::error!(%error, appends = replies.len(), "group commit failed; nothing of the batch was written");
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
