//! Catch-up subscriptions: read what is in the log, then wait for the head to move and read again.
//! The head is a `watch` channel raised by this process's writer after each commit and, on PostgreSQL,
//! by the LISTEN task for other processes' commits; a subscriber sleeps on it, never polling.
//!
//! A read that fails (the database restarts, a connection drops, the pool times out) is retried
//! with a growing pause, from the same position, so no event is skipped or delivered twice; the
//! store's [`super::Health`] says meanwhile that reads are failing. A row that cannot be decoded is
//! not a passing fault: the subscription delivers the error and ends.

use std::collections::VecDeque;
use std::time::Duration;

use futures::{stream, Stream};
use tokio::sync::watch;

use super::error::StoreError;
use super::event::RecordedEvent;
use super::read::{decode, fetch_after, BATCH};
use super::EventStore;

const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

struct Subscription {
    store: EventStore,
    last: u64,
    head: watch::Receiver<u64>,
    pending: VecDeque<Result<RecordedEvent, StoreError>>,
    /// Set once an event could not be decoded: nothing after it is delivered.
    ended: bool,
}

pub(super) fn subscribe(
    store: EventStore,
    after: u64,
) -> impl Stream<Item = Result<RecordedEvent, StoreError>> + Send + 'static {
    let head = store.head_watch();
    let start = Subscription {
        store,
        last: after,
        head,
        pending: VecDeque::new(),
        ended: false,
    };
    stream::unfold(start, |mut sub| async move {
        let mut backoff = FIRST_BACKOFF;
        loop {
            if sub.ended {
                return None;
            }
            if let Some(item) = sub.pending.pop_front() {
                match &item {
                    Ok(event) => sub.last = event.position,
                    Err(_) => {
                        sub.ended = true;
                        sub.pending.clear();
                    }
                }
                return Some((item, sub));
            }
            // Mark the current head as seen before reading, so a commit during the read wakes us.
            let head = *sub.head.borrow_and_update();
            if head > sub.last {
                match fetch_after(sub.store.database(), sub.last, None, BATCH).await {
                    Ok(rows) => {
                        sub.store
                            .health_sender()
                            .send_if_modified(|h| h.reader.take().is_some());
                        if !rows.is_empty() {
                            let upcasters = sub.store.upcasters();
                            sub.pending =
                                rows.into_iter().map(|row| decode(row, upcasters)).collect();
                            continue;
                        }
                    }
                    Err(error @ StoreError::Database(_)) => {
                        tracing::warn!(%error, after = sub.last, retry_in = ?backoff, "reading the log failed; retrying");
                        sub.store
                            .health_sender()
                            .send_modify(|h| h.reader = Some(error.to_string()));
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                        continue;
                    }
                    Err(error) => {
                        sub.ended = true;
                        return Some((Err(error), sub));
                    }
                }
            }
            if sub.head.changed().await.is_err() {
                return None;
            }
        }
    })
}
