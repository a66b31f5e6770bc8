//! The decision at the heart of a group commit, as a pure function: given the log's head and what the
//! database already holds of the batch's streams and event ids, which appends succeed, at which
//! positions, with which hashes. The database modules only fetch the inputs and write the rows.

use std::collections::HashMap;

use uuid::Uuid;

use super::error::AppendError;
use super::event::{AppendOutcome, ExpectedVersion, StoredEvent, StreamId};
use super::hash::{event_hash, Hash};
use super::validate::PreparedEvent;

/// One stream's part of an append: its events, and the version the stream must be at. A part with no
/// events only checks the version (a condition another stream's append depends on).
pub(super) struct Request {
    pub stream: StreamId,
    pub expected: ExpectedVersion,
    pub events: Vec<PreparedEvent>,
}

/// The parts of one caller's append, which succeed or fail together.
pub(super) type Group = Vec<Request>;

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
    /// One per group, in order: the outcome of each of its parts, or why the whole group is refused.
    pub outcomes: Vec<Result<Vec<AppendOutcome>, AppendError>>,
    pub head: Head,
}

/// What the batch has decided so far: the log's head, the known event ids and stream versions, the
/// rows to write.
struct Tentative {
    head: Head,
    known: HashMap<Uuid, Known>,
    versions: HashMap<String, u64>,
    rows: Vec<StoredEvent>,
}

/// Decides every group in order, each against the state left by the ones before it; a refused
/// group leaves no trace on the groups after it.
/// `known` must hold every event id of the batch found in the log; `versions` the current version of
/// every stream of the batch (absent = no stream yet).
pub(super) fn plan(
    head: Head,
    known: HashMap<Uuid, Known>,
    versions: HashMap<String, u64>,
    groups: &[Group],
    recorded_at_micros: i64,
) -> Plan {
    let mut state = Tentative {
        head,
        known,
        versions,
        rows: Vec::new(),
    };
    let outcomes = groups
        .iter()
        .map(|group| plan_group(&mut state, group, recorded_at_micros))
        .collect();
    Plan {
        rows: state.rows,
        outcomes,
        head: state.head,
    }
}

fn plan_group(
    state: &mut Tentative,
    group: &[Request],
    recorded_at_micros: i64,
) -> Result<Vec<AppendOutcome>, AppendError> {
    if let Some(replay) = replayed_group(group, state) {
        return replay;
    }
    let before_head = state.head;
    let before_rows = state.rows.len();
    let mut before_versions: Vec<(String, Option<u64>)> = Vec::new();
    let mut outcomes = Vec::with_capacity(group.len());
    for request in group {
        let stream = request.stream.as_str();
        let actual = state.versions.get(stream).copied().unwrap_or(0);
        if !request.expected.matches(actual) {
            // Undo what the group's earlier parts planned: all or nothing.
            for row in state.rows.drain(before_rows..) {
                state.known.remove(&row.event_id);
            }
            for (stream, version) in before_versions.into_iter().rev() {
                match version {
                    Some(version) => state.versions.insert(stream, version),
                    None => state.versions.remove(&stream),
                };
            }
            state.head = before_head;
            return Err(AppendError::Conflict {
                stream: request.stream.clone(),
                expected: request.expected.to_string(),
                actual,
            });
        }
        let first_position = state.head.position + 1;
        for (offset, event) in request.events.iter().enumerate() {
            let mut row = StoredEvent {
                position: state.head.position + 1,
                stream_id: stream.to_owned(),
                stream_version: actual + 1 + offset as u64,
                event_id: event.event_id,
                event_type: event.event_type.clone(),
                schema_version: event.schema_version,
                payload: event.payload.clone(),
                metadata: event.metadata.clone(),
                recorded_at_micros,
                prev_hash: state.head.hash,
                hash: state.head.hash,
            };
            row.hash = event_hash(&row, &state.head.hash);
            state.head = Head {
                position: row.position,
                hash: row.hash,
            };
            state.known.insert(
                row.event_id,
                Known {
                    position: row.position,
                    stream_id: row.stream_id.clone(),
                    stream_version: row.stream_version,
                },
            );
            state.rows.push(row);
        }
        let stream_version = actual + request.events.len() as u64;
        if !request.events.is_empty() {
            before_versions.push((stream.to_owned(), state.versions.get(stream).copied()));
            state.versions.insert(stream.to_owned(), stream_version);
        }
        outcomes.push(AppendOutcome {
            first_position,
            last_position: state.head.position,
            stream_version,
        });
    }
    Ok(group_outcomes(outcomes))
}

/// A condition (a part without events) reports the group's last position, so that waiting for any
/// part's `last_position` waits for the whole group.
fn group_outcomes(mut outcomes: Vec<AppendOutcome>) -> Vec<AppendOutcome> {
    let last = outcomes.iter().map(|o| o.last_position).max().unwrap_or(0);
    for outcome in &mut outcomes {
        if outcome.first_position > outcome.last_position {
            outcome.first_position = last;
            outcome.last_position = last;
        }
    }
    outcomes
}

/// `Some` when the group's event ids are already in the log: the same outcomes as the first time if
/// the group is that same append again, an error if it only partly matches.
fn replayed_group(
    group: &[Request],
    state: &Tentative,
) -> Option<Result<Vec<AppendOutcome>, AppendError>> {
    let parts: Vec<Option<Result<AppendOutcome, AppendError>>> = group
        .iter()
        .map(|request| {
            if request.events.is_empty() {
                None
            } else {
                replayed(request, &state.known)
            }
        })
        .collect();
    if parts.iter().all(Option::is_none) {
        return None;
    }
    let mut outcomes = Vec::with_capacity(group.len());
    for (request, part) in group.iter().zip(parts) {
        match part {
            Some(Ok(outcome)) => outcomes.push(outcome),
            Some(Err(error)) => return Some(Err(error)),
            None if request.events.is_empty() => outcomes.push(AppendOutcome {
                first_position: 1,
                last_position: 0,
                stream_version: state
                    .versions
                    .get(request.stream.as_str())
                    .copied()
                    .unwrap_or(0),
            }),
            // Some parts were written before, this one was not: not the same append.
            None => {
                return Some(Err(AppendError::IdempotencyMismatch {
                    event_id: request.events[0].event_id,
                    stream: request.stream.to_string(),
                }))
            }
        }
    }
    Some(Ok(group_outcomes(outcomes)))
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
