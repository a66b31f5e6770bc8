//! Catch-up subscriptions: read what is in the log, then wait for the head to move and read again.
//! The head is a `watch` channel raised by this process's writer after each commit and, on PostgreSQL,
//! by the LISTEN task for other processes' commits; a subscriber sleeps on it, never polling.

use std::collections::VecDeque;

use futures::{stream, Stream};
use tokio::sync::watch;

use super::error::StoreError;
use super::event::RecordedEvent;
use super::read::{decode, fetch_after, BATCH};
use super::EventStore;

struct Subscription {
    store: EventStore,
    last: u64,
    head: watch::Receiver<u64>,
    pending: VecDeque<Result<RecordedEvent, StoreError>>,
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
    };
    stream::unfold(start, |mut sub| async move {
        loop {
            if let Some(item) = sub.pending.pop_front() {
                if let Ok(event) = &item {
                    sub.last = event.position;
                }
                return Some((item, sub));
            }
            // Mark the current head as seen before reading, so a commit during the read wakes us.
            let head = *sub.head.borrow_and_update();
            if head > sub.last {
                match fetch_after(sub.store.database(), sub.last, None, BATCH).await {
                    Ok(rows) if !rows.is_empty() => {
                        let upcasters = sub.store.upcasters();
                        sub.pending = rows.into_iter().map(|row| decode(row, upcasters)).collect();
                        continue;
                    }
                    Ok(_) => {}
                    Err(error) => return Some((Err(error), sub)),
                }
            }
            if sub.head.changed().await.is_err() {
                return None;
            }
        }
    })
}
