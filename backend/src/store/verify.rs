//! `mamori verify`: walks the log in position order and recomputes the chain.
//!
//! At each position it checks, in this order:
//! 1. the position is the next one (else an event is **missing**: deleted rows leave a gap);
//! 2. the event's stored hash is the hash of its content and its stored predecessor hash (else the
//!    event was **changed**: its payload, metadata, any field, or the stored hash itself);
//! 3. its stored predecessor hash is the hash of the event before it (else the event is intact but
//!    out of place: **reordered**).
//!
//! Deleting the newest events leaves a shorter but consistent chain; that is why the report gives the
//! head hash: an auditor compares it with the head recorded earlier (e.g. in the last audit report).

use std::fmt;

use super::error::StoreError;
use super::hash::{event_hash, Hash, GENESIS};
use super::read::{fetch_after, BATCH};
use crate::database::Database;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyReport {
    Intact { events: u64, head: Hash },
    Broken(ChainBreak),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first position where the chain does not hold.
    pub position: u64,
    pub kind: ChainBreakKind,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainBreakKind {
    Missing,
    Changed,
    Reordered,
}

impl fmt::Display for ChainBreakKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "missing",
            Self::Changed => "changed",
            Self::Reordered => "reordered",
        })
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Intact { events, head } => write!(f, "ok, {events} events, head {head}"),
            Self::Broken(b) => write!(
                f,
                "chain broken at position {}: {} ({})",
                b.position, b.kind, b.detail
            ),
        }
    }
}

pub(super) async fn verify(db: &Database) -> Result<VerifyReport, StoreError> {
    let mut expected_position = 1u64;
    let mut prev = GENESIS;
    loop {
        let rows = fetch_after(db, expected_position - 1, None, BATCH).await;
        let rows = match rows {
            Ok(rows) => rows,
            // A row that cannot even be decoded (e.g. a hash that is not hex) was changed.
            Err(StoreError::Corrupt { position, reason }) => {
                return Ok(VerifyReport::Broken(ChainBreak {
                    position,
                    kind: ChainBreakKind::Changed,
                    detail: reason,
                }))
            }
            Err(other) => return Err(other),
        };
        if rows.is_empty() {
            return Ok(VerifyReport::Intact {
                events: expected_position - 1,
                head: prev,
            });
        }
        for row in rows {
            let brk = |kind, detail: String| {
                Ok(VerifyReport::Broken(ChainBreak {
                    position: expected_position,
                    kind,
                    detail,
                }))
            };
            if row.position != expected_position {
                return brk(
                    ChainBreakKind::Missing,
                    format!("the next stored event is at position {}", row.position),
                );
            }
            if event_hash(&row, &row.prev_hash) != row.hash {
                return brk(
                    ChainBreakKind::Changed,
                    format!(
                        "event {} ({}) does not match its stored hash",
                        row.event_id, row.event_type
                    ),
                );
            }
            if row.prev_hash != prev {
                return brk(
                    ChainBreakKind::Reordered,
                    format!(
                        "event {} is intact but follows a different event than the one at position {}",
                        row.event_id,
                        expected_position - 1
                    ),
                );
            }
            prev = row.hash;
            expected_position += 1;
        }
    }
}
