//! Catch-up subscriptions: read what is in the log, then wait for the head to move and read again.
//! The head is a `watch` channel raised by this process's writer after each commit and, on PostgreSQL,
//! by the LISTEN task for other processes' commits; a subscriber sleeps on it, never polling.
//!
//! A read that fails (the database restarts, a connection drops, the pool times out) is retried
//! with a growing pause, from the same position, so no event is skipped or delivered twice; the
//! store's [`super::Health`] says meanwhile that reads are failing. A row that cannot be decoded is
//! not a passing fault: the subscription delivers the error and ends.
//!
//! While it catches up, the next pages are read and decoded in tasks of their own (up to
//! [`AHEAD`] at once, on connections of their own) while the current one is delivered: positions
//! are gap-free, so the page after position `p` is `p+1 ..= p+BATCH` before `p`'s page has arrived,
//! and a replay keeps the database and both cores busy.

use std::collections::VecDeque;
use std::time::Duration;

use futures::{stream, Stream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::error::StoreError;
use super::event::RecordedEvent;
use super::read::{decode, fetch_after, BATCH};
use super::EventStore;

const FIRST_BACKOFF: Duration = Duration::from_millis(50);
/// Pages read ahead while catching up.
const AHEAD: usize = 3;
const MAX_BACKOFF: Duration = Duration::from_secs(5);

struct Subscription {
    store: EventStore,
    last: u64,
    head: watch::Receiver<u64>,
    pending: VecDeque<Result<RecordedEvent, StoreError>>,
    /// Set once an event could not be decoded: nothing after it is delivered.
    ended: bool,
    /// The pages after `pending`, already on their way: the position each is read after.
    prefetch: VecDeque<(u64, JoinHandle<Result<Page, StoreError>>)>,
}

type Page = Vec<Result<RecordedEvent, StoreError>>;

async fn fetch_page(store: &EventStore, after: u64) -> Result<Page, StoreError> {
    let rows = fetch_after(store.database(), after, None, BATCH).await?;
    let upcasters = store.upcasters();
    Ok(rows.into_iter().map(|row| decode(row, upcasters)).collect())
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
        prefetch: VecDeque::new(),
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
                let page = match sub.prefetch.pop_front() {
                    Some((after, next)) if after == sub.last => next
                        .await
                        .unwrap_or_else(|e| Err(StoreError::Read(e.to_string()))),
                    _ => {
                        sub.prefetch.clear();
                        fetch_page(&sub.store, sub.last).await
                    }
                };
                match page {
                    Ok(events) => {
                        sub.store
                            .health_sender()
                            .send_if_modified(|h| h.reader.take().is_some());
                        if !events.is_empty() {
                            if let (true, Some(Ok(last))) =
                                (events.len() == BATCH as usize, events.last())
                            {
                                sub.read_ahead(last.position, head);
                            } else {
                                sub.prefetch.clear();
                            }
                            sub.pending = events.into();
                            continue;
                        }
                    }
                    Err(error @ StoreError::Database(_)) => {
                        sub.prefetch.clear();
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

impl Subscription {
    /// Starts reading the pages after `through` (the last position of the page just read) up to
    /// the head, [`AHEAD`] at most in flight.
    fn read_ahead(&mut self, through: u64, head: u64) {
        let mut after = self
            .prefetch
            .back()
            .map_or(through, |(after, _)| after + u64::from(BATCH));
        while self.prefetch.len() < AHEAD && after < head {
            let store = self.store.clone();
            let task = tokio::spawn(async move { fetch_page(&store, after).await });
            self.prefetch.push_back((after, task));
            after += u64::from(BATCH);
        }
    }
}
