//! The decision at the heart of a group commit, as a pure function: given the log's head and what the
//! database already holds of the batch's streams and event ids, which appends succeed, at which
//! positions, with which hashes. The database modules only fetch the inputs and write the rows.

use std::collections::HashMap;

use uuid::Uuid;

use super::error::AppendError;
use super::event::{AppendOutcome, ExpectedVersion, StoredEvent, StreamId};
use super::hash::{event_hash, Hash};
use super::validate::PreparedEvent;

/// One append waiting in the batch.
pub(super) struct Request {
    pub stream: StreamId,
    pub expected: ExpectedVersion,
    pub events: Vec<PreparedEvent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Head {
    pub position: u64,
    pub hash: Hash,
}

/// An event id already in the log (or planned earlier in this batch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Known {
    pub position: u64,
    pub stream_id: String,
    pub stream_version: u64,
}

pub(super) struct Plan {
    pub rows: Vec<StoredEvent>,
    pub outcomes: Vec<Result<AppendOutcome, AppendError>>,
    pub head: Head,
}

/// Decides every request in order, each against the state left by the ones before it.
/// `known` must hold every event id of the batch found in the log; `versions` the current version of
/// every stream of the batch (absent = no stream yet).
pub(super) fn plan(
    mut head: Head,
    mut known: HashMap<Uuid, Known>,
    mut versions: HashMap<String, u64>,
    requests: &[Request],
    recorded_at_micros: i64,
) -> Plan {
    let mut rows = Vec::new();
    let mut outcomes = Vec::with_capacity(requests.len());
    for request in requests {
        let stream = request.stream.as_str();
        if let Some(outcome) = replayed(request, &known) {
            outcomes.push(outcome);
            continue;
        }
        let actual = versions.get(stream).copied().unwrap_or(0);
        if !request.expected.matches(actual) {
            outcomes.push(Err(AppendError::Conflict {
                stream: request.stream.clone(),
                expected: request.expected.to_string(),
                actual,
            }));
            continue;
        }
        let first_position = head.position + 1;
        for (offset, event) in request.events.iter().enumerate() {
            let mut row = StoredEvent {
                position: head.position + 1,
                stream_id: stream.to_owned(),
                stream_version: actual + 1 + offset as u64,
                event_id: event.event_id,
                event_type: event.event_type.clone(),
                schema_version: event.schema_version,
                payload: event.payload.clone(),
                metadata: event.metadata.clone(),
                recorded_at_micros,
                prev_hash: head.hash,
                hash: head.hash,
            };
            row.hash = event_hash(&row, &head.hash);
            head = Head {
                position: row.position,
                hash: row.hash,
            };
            known.insert(
                row.event_id,
                Known {
                    position: row.position,
                    stream_id: row.stream_id.clone(),
                    stream_version: row.stream_version,
                },
            );
            rows.push(row);
        }
        let stream_version = actual + request.events.len() as u64;
        versions.insert(stream.to_owned(), stream_version);
        outcomes.push(Ok(AppendOutcome {
            first_position,
            last_position: head.position,
            stream_version,
        }));
    }
    Plan {
        rows,
        outcomes,
        head,
    }
}

/// `Some` when the request's event ids are already in the log: the same outcome as the first time if
/// the request is that same batch again, an error if it only partly matches.
fn replayed(
    request: &Request,
    known: &HashMap<Uuid, Known>,
) -> Option<Result<AppendOutcome, AppendError>> {
    let found: Vec<Option<&Known>> = request
        .events
        .iter()
        .map(|event| known.get(&event.event_id))
        .collect();
    if found.iter().all(Option::is_none) {
        return None;
    }
    let same_batch = found[0].filter(|first| {
        found.iter().enumerate().all(|(i, k)| {
            k.is_some_and(|k| {
                k.stream_id == request.stream.as_str()
                    && k.stream_version == first.stream_version + i as u64
                    && k.position == first.position + i as u64
            })
        })
    });
    Some(if let Some(first) = same_batch {
        Ok(AppendOutcome {
            first_position: first.position,
            last_position: first.position + found.len() as u64 - 1,
            stream_version: first.stream_version + found.len() as u64 - 1,
        })
    } else {
        let (index, _) = found.iter().enumerate().find(|(_, k)| k.is_some())?;
        Err(AppendError::IdempotencyMismatch {
            event_id: request.events[index].event_id,
            stream: request.stream.to_string(),
        })
    })
}
