//! How a decision reaches the log: load the aggregate's stream, fold it, decide, append the events with
//! the version the decision was made on. Pure domain in, events out; the only I/O of a command.

use std::pin::pin;

use futures::StreamExt;
use thiserror::Error;

use crate::codec::{self, DomainEvent};
use crate::domain::Aggregate;
use crate::store::{
    AppendError, AppendOutcome, EventStore, ExpectedVersion, Metadata, NewEvent, StoreError,
    StreamId,
};

#[derive(Debug, Error)]
pub enum CommandError<E> {
    #[error(transparent)]
    Domain(E),
    /// The caller's `If-Match` names another version than the stream's.
    #[error("the resource is at version {actual}, not the one given")]
    PreconditionFailed { actual: u64 },
    /// Someone else changed the stream between our read and our append.
    #[error("the resource was changed meanwhile (now at version {actual})")]
    Conflict { actual: u64 },
    /// Another stream the decision depended on changed between our read and our append (a commit
    /// over several streams; the first one is the resource's own, reported as [`Self::Conflict`]).
    #[error("{stream} changed meanwhile; try again")]
    ConflictElsewhere { stream: String },
    #[error("stored event cannot be read: {0}")]
    Decode(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Append(AppendError),
}

/// The result of a command: the stream's version after it, and where its events are in the log
/// (`None` when the command changed nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Executed {
    pub version: u64,
    pub appended: Option<AppendOutcome>,
}

/// The stream of the instance of `A` named `key`.
pub fn stream<A: Aggregate>(key: &A::Key) -> StreamId {
    StreamId::parse(A::stream_name(key)).expect("an aggregate names valid streams")
}

/// Folds a stream into its aggregate; returns the state and the stream's version.
pub async fn load<A>(
    store: &EventStore,
    stream: &StreamId,
) -> Result<(A, u64), CommandError<A::Error>>
where
    A: Aggregate,
    A::Event: DomainEvent,
{
    let mut state = A::default();
    let mut version = 0;
    let mut events = pin!(store.read_stream(stream, 0));
    while let Some(event) = events.next().await {
        let event = event?;
        version = event.stream_version;
        if let Some(domain_event) =
            codec::decode::<A::Event>(&event).map_err(CommandError::Decode)?
        {
            state.evolve(&domain_event);
        }
    }
    Ok((state, version))
}

/// Loads the instance `key`, decides and appends. `if_match` is the version the caller last saw,
/// when it sent one.
pub async fn execute<A>(
    store: &EventStore,
    key: &A::Key,
    if_match: Option<u64>,
    command: A::Command,
    metadata: Metadata,
) -> Result<Executed, CommandError<A::Error>>
where
    A: Aggregate,
    A::Event: DomainEvent,
{
    let mut commit = Commit::new(metadata);
    commit.decide::<A>(store, key, if_match, command).await?;
    Ok(commit.commit(store).await?.remove(0))
}

/// Decisions on several aggregates, written in one commit: all of them or none (a rule that spans
/// aggregates, e.g. "a deactivated person holds no grant"). Each is decided on its stream's state
/// and appended at exactly the version it was decided on, so a change to any of them meanwhile
/// fails the whole commit with a conflict.
pub struct Commit {
    metadata: Metadata,
    parts: Vec<(StreamId, ExpectedVersion, Vec<NewEvent>, u64)>,
}

impl Commit {
    pub fn new(metadata: Metadata) -> Self {
        Self {
            metadata,
            parts: Vec::new(),
        }
    }

    /// Loads the instance `key`, decides `command` on it and adds the events to the commit.
    pub async fn decide<A>(
        &mut self,
        store: &EventStore,
        key: &A::Key,
        if_match: Option<u64>,
        command: A::Command,
    ) -> Result<(), CommandError<A::Error>>
    where
        A: Aggregate,
        A::Event: DomainEvent,
    {
        self.decide_each::<A>(store, key, if_match, [command]).await
    }

    /// As [`Self::decide`], for several commands on one instance, each decided on the state the
    /// ones before it leave (an asset registered and classified in one commit).
    pub async fn decide_each<A>(
        &mut self,
        store: &EventStore,
        key: &A::Key,
        if_match: Option<u64>,
        commands: impl IntoIterator<Item = A::Command>,
    ) -> Result<(), CommandError<A::Error>>
    where
        A: Aggregate,
        A::Event: DomainEvent,
    {
        let stream = stream::<A>(key);
        let (mut state, version) = load::<A>(store, &stream).await?;
        if let Some(expected) = if_match {
            if expected != version {
                return Err(CommandError::PreconditionFailed { actual: version });
            }
        }
        let mut new_events = Vec::new();
        for command in commands {
            for event in state.decide(command).map_err(CommandError::Domain)? {
                state.evolve(&event);
                new_events.push(codec::encode(&event, self.metadata.clone()));
            }
        }
        self.parts
            .push((stream, expected_at(version), new_events, version));
        Ok(())
    }

    /// Requires `stream` to be at `version` when the commit is written, without writing to it:
    /// the decision was taken on what that stream said (e.g. the classification scheme in force).
    pub fn require<A: Aggregate>(&mut self, key: &A::Key, version: u64) {
        self.parts
            .push((stream::<A>(key), expected_at(version), Vec::new(), version));
    }

    /// Writes the commit. One [`Executed`] per decision and requirement, in the order added.
    pub async fn commit<E>(self, store: &EventStore) -> Result<Vec<Executed>, CommandError<E>> {
        let versions: Vec<u64> = self.parts.iter().map(|part| part.3).collect();
        let own = self.parts.first().map(|part| part.0.clone());
        let writes: Vec<_> = self
            .parts
            .into_iter()
            .map(|(stream, expected, events, _)| (stream, expected, events))
            .collect();
        if writes.iter().all(|(_, _, events)| events.is_empty()) {
            return Ok(versions
                .into_iter()
                .map(|version| Executed {
                    version,
                    appended: None,
                })
                .collect());
        }
        let wrote: Vec<bool> = writes.iter().map(|(_, _, e)| !e.is_empty()).collect();
        match store.append_all(writes).await {
            Ok(outcomes) => Ok(outcomes
                .into_iter()
                .zip(wrote)
                .map(|(outcome, wrote)| Executed {
                    version: outcome.stream_version,
                    appended: wrote.then_some(outcome),
                })
                .collect()),
            Err(AppendError::Conflict { stream, actual, .. }) if Some(&stream) == own.as_ref() => {
                Err(CommandError::Conflict { actual })
            }
            Err(AppendError::Conflict { stream, .. }) => Err(CommandError::ConflictElsewhere {
                stream: stream.to_string(),
            }),
            Err(other) => Err(CommandError::Append(other)),
        }
    }
}

fn expected_at(version: u64) -> ExpectedVersion {
    if version == 0 {
        ExpectedVersion::NoStream
    } else {
        ExpectedVersion::Exact(version)
    }
}

impl Executed {
    /// Where this decision's last event is in the log (what to wait for), if it wrote any.
    pub fn position(&self) -> Option<u64> {
        self.appended.map(|a| a.last_position)
    }

    /// The last log position written by any of `executed` (what to wait for).
    pub fn last_position(executed: &[Executed]) -> Option<u64> {
        executed.iter().filter_map(Executed::position).max()
    }
}

pub mod assets;
pub mod documents;
pub mod organisation;
