//! What an auditor checks without the server or its database: an export of the log (a header line
//! with a signed checkpoint, then one JSON line per event exactly as stored — or, for an event the
//! auditor may not read or did not ask for, its hashes only: [`Withheld`]), against the log's
//! verifier key and, if they kept one, an earlier checkpoint. Names exactly what fails: an event
//! changed, missing or out of place, events that do not hash to the checkpoint, a checkpoint
//! signed by another key, a log shorter than, or inconsistent with, the checkpoint kept.

use serde::{Deserialize, Serialize};

use super::merkle::{self, Hash};
use super::note::{Checkpoint, NoteError, VerifierKey};
use crate::store::hash::{event_hash, Hash as ChainHash, GENESIS};
use crate::store::StoredEvent;

/// The first line of an export.
pub const FORMAT: &str = "mamori-log-export/v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    /// The signed checkpoint the events are proved against (a C2SP signed note).
    pub checkpoint: String,
}

/// An event of an export shown by its hashes only: the exporter may not read it, or it lies outside
/// the slice they asked for. Its place in the chain and in the tree still checks; its content does
/// not travel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withheld {
    pub position: u64,
    pub prev_hash: ChainHash,
    pub hash: ChainHash,
    /// Always true: what tells the line from an event.
    pub withheld: bool,
}

/// A line of an export after the header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Line {
    Withheld(Withheld),
    Event(StoredEvent),
}

/// What an audit found wrong, first failure first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    #[error("the export cannot be read: {0}")]
    Unreadable(String),
    #[error("the export's checkpoint: {0}")]
    Checkpoint(NoteError),
    #[error("the trusted checkpoint: {0}")]
    Trusted(NoteError),
    #[error("the export's checkpoint is of another log ({found}, not {expected})")]
    OtherLog { expected: String, found: String },
    #[error("event {position} is missing (the export goes from {previous} to {found})")]
    Missing {
        position: u64,
        previous: u64,
        found: u64,
    },
    #[error("event {0} was changed: its content does not hash to its hash")]
    Changed(u64),
    #[error("event {0} is out of place: it does not follow the event before it")]
    Reordered(u64),
    #[error("the export holds {events} events, its checkpoint {size}")]
    Incomplete { events: u64, size: u64 },
    #[error("the events do not hash to the checkpoint's root")]
    RootMismatch,
    #[error(
        "the log was shortened: the trusted checkpoint has {trusted} entries, this one {size}"
    )]
    Shortened { trusted: u64, size: u64 },
    #[error("the log was rewritten: its first {trusted} entries no longer hash to the trusted checkpoint's root")]
    Rewritten { trusted: u64 },
}

/// What a successful audit establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub checkpoint: Checkpoint,
    /// How many events the export showed by their hashes only.
    pub withheld: u64,
    /// The size of the trusted checkpoint the log was found to extend, if one was given.
    pub extends: Option<u64>,
}

impl std::fmt::Display for AuditReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ok: {} events of {}, every one hashed and in the tree of the signed checkpoint",
            self.checkpoint.size, self.checkpoint.origin
        )?;
        if self.withheld > 0 {
            write!(
                f,
                " ({} of them shown by their hashes only: their content was not exported)",
                self.withheld
            )?;
        }
        if let Some(trusted) = self.extends {
            write!(
                f,
                "; it extends the trusted checkpoint of {trusted} entries"
            )?;
        }
        Ok(())
    }
}

/// Audits `export` (its lines) with the log's verifier key and, if given, a checkpoint the
/// auditor kept from before.
pub fn audit(
    key: &VerifierKey,
    export: &str,
    trusted: Option<&str>,
) -> Result<AuditReport, AuditError> {
    let mut lines = export.lines();
    let header: Header = lines
        .next()
        .ok_or_else(|| AuditError::Unreadable("empty".into()))
        .and_then(|line| {
            serde_json::from_str(line).map_err(|e| AuditError::Unreadable(e.to_string()))
        })?;
    if header.format != FORMAT {
        return Err(AuditError::Unreadable(format!("not a {FORMAT} export")));
    }
    let body = key
        .open(&header.checkpoint)
        .map_err(AuditError::Checkpoint)?;
    let checkpoint = Checkpoint::parse(body).map_err(AuditError::Checkpoint)?;
    if checkpoint.origin != key.name {
        return Err(AuditError::OtherLog {
            expected: key.name.clone(),
            found: checkpoint.origin,
        });
    }
    let trusted = trusted
        .map(|note| {
            key.open(note)
                .and_then(Checkpoint::parse)
                .map_err(AuditError::Trusted)
        })
        .transpose()?;

    let mut leaves: Vec<Hash> = Vec::new();
    let mut prev = GENESIS;
    let mut withheld = 0;
    for line in lines.filter(|l| !l.is_empty()) {
        let line: Line =
            serde_json::from_str(line).map_err(|e| AuditError::Unreadable(e.to_string()))?;
        let (position, stored_prev, stored) = match &line {
            Line::Event(event) => (event.position, event.prev_hash, event.hash),
            Line::Withheld(hashes) => (hashes.position, hashes.prev_hash, hashes.hash),
        };
        let expected = leaves.len() as u64 + 1;
        if position != expected {
            return Err(AuditError::Missing {
                position: expected,
                previous: expected - 1,
                found: position,
            });
        }
        match &line {
            Line::Event(event) if event_hash(event, &stored_prev) != stored => {
                return Err(AuditError::Changed(position));
            }
            Line::Event(_) => {}
            Line::Withheld(_) => withheld += 1,
        }
        if stored_prev != prev {
            return Err(AuditError::Reordered(position));
        }
        prev = stored;
        leaves.push(merkle::leaf_hash(&stored.0));
    }
    let events = leaves.len() as u64;
    if let Some(trusted) = &trusted {
        if trusted.size > checkpoint.size || trusted.size > events {
            return Err(AuditError::Shortened {
                trusted: trusted.size,
                size: checkpoint.size.min(events),
            });
        }
    }
    if events != checkpoint.size {
        return Err(AuditError::Incomplete {
            events,
            size: checkpoint.size,
        });
    }
    if merkle::root_of(&leaves) != checkpoint.root {
        return Err(AuditError::RootMismatch);
    }
    // With every entry at hand, consistency is the older root recomputed from the same entries.
    if let Some(trusted) = &trusted {
        if merkle::root_of(&leaves[..trusted.size as usize]) != trusted.root {
            return Err(AuditError::Rewritten {
                trusted: trusted.size,
            });
        }
    }
    Ok(AuditReport {
        withheld,
        extends: trusted.map(|t| t.size),
        checkpoint,
    })
}
