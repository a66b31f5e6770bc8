//! The Merkle tree's hashes, read from the log and from the stored subtrees: entry *i* is the chain
//! hash of the event at position *i + 1*. Complete subtrees at heights 8, 16, 24... (the hashes
//! of tiles above level 0) are stored as the log grows ([`extend`]); everything else is at most
//! 255 hashes of one level below a stored one away.

use std::collections::HashMap;
use std::time::Duration;

use super::merkle::{self, Hash, Range, Subtree};
use crate::store::{EventStore, StoreError};
use crate::with_pool;

/// Tile height (C2SP tlog-tiles): a tile is 256 hashes of one level.
pub const TILE_HEIGHT: u32 = 8;
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;

/// How many stored subtrees [`extend`] computes in one pass (bounds its memory: 256 entries each).
const BATCH: u64 = 256;

/// The entries `start..end` (the chain hashes of positions `start + 1 ..= end`).
pub async fn entries(store: &EventStore, start: u64, end: u64) -> Result<Vec<Hash>, StoreError> {
    let hashes = store.chain_hashes(start, end).await?;
    if hashes.len() as u64 != end - start {
        return Err(StoreError::Read(format!(
            "the log has no entries {start}..{end}"
        )));
    }
    Ok(hashes.into_iter().map(|h| h.0).collect())
}

/// The leaf hashes of entries `start..end`.
pub async fn leaves(store: &EventStore, start: u64, end: u64) -> Result<Vec<Hash>, StoreError> {
    Ok(entries(store, start, end)
        .await?
        .iter()
        .map(|entry| merkle::leaf_hash(entry))
        .collect())
}

/// The stored hashes at `height` of indices `from..to` (those stored; a missing one is absent).
async fn stored(
    store: &EventStore,
    height: u32,
    from: u64,
    to: u64,
) -> Result<HashMap<u64, Hash>, StoreError> {
    const SQL: &str = "SELECT idx, hash FROM merkle_subtrees \
        WHERE height = $1 AND idx >= $2 AND idx < $3";
    let rows: Vec<(i64, Vec<u8>)> = with_pool!(store.database(), pool => {
        sqlx::query_as(SQL)
            .bind(height as i32)
            .bind(from as i64)
            .bind(to as i64)
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(idx, hash)| Some((idx as u64, hash.try_into().ok()?)))
        .collect())
}

/// The hashes of the complete subtrees at `height` with indices `from..to`, in order.
pub fn level<'a>(
    store: &'a EventStore,
    height: u32,
    from: u64,
    to: u64,
) -> futures::future::BoxFuture<'a, Result<Vec<Hash>, StoreError>> {
    Box::pin(async move {
        if height == 0 {
            return leaves(store, from, to).await;
        }
        let base = height / TILE_HEIGHT * TILE_HEIGHT;
        if base == height {
            let found = stored(store, height, from, to).await?;
            if found.len() as u64 == to - from {
                return Ok((from..to).map(|i| found[&i]).collect());
            }
        }
        // From the level below: the stored level under `height`, or the leaves.
        let below = if base == height {
            height - TILE_HEIGHT
        } else {
            base
        };
        let fan = 1u64 << (height - below);
        let children = level(store, below, from * fan, to * fan).await?;
        Ok(children
            .chunks(fan as usize)
            .map(merkle::complete_root)
            .collect())
    })
}

pub async fn subtree(store: &EventStore, subtree: Subtree) -> Result<Hash, StoreError> {
    Ok(level(store, subtree.height, subtree.index, subtree.index + 1).await?[0])
}

/// The Merkle Tree Hash of the entries of `range`.
pub async fn range_hash(store: &EventStore, range: Range) -> Result<Hash, StoreError> {
    let mut parts = Vec::new();
    for part in range.subtrees() {
        parts.push(subtree(store, part).await?);
    }
    Ok(merkle::combine(&parts))
}

/// The root of the tree of the first `size` entries.
pub async fn root(store: &EventStore, size: u64) -> Result<Hash, StoreError> {
    range_hash(
        store,
        Range {
            start: 0,
            end: size,
        },
    )
    .await
}

/// The hashes of `ranges`, in order (a proof).
pub async fn hashes(store: &EventStore, ranges: Vec<Range>) -> Result<Vec<Hash>, StoreError> {
    let mut proof = Vec::with_capacity(ranges.len());
    for range in ranges {
        proof.push(range_hash(store, range).await?);
    }
    Ok(proof)
}

/// Stores the subtrees at heights 8, 16, ... that the log has completed since the last call, at
/// most [`BATCH`] per height. Returns whether there is more to store.
pub async fn extend(store: &EventStore) -> Result<bool, StoreError> {
    let size = store.head();
    let mut more = false;
    let mut height = TILE_HEIGHT;
    while size >> height > 0 {
        let complete = size >> height;
        let have: Option<i64> = with_pool!(store.database(), pool => {
            sqlx::query_scalar("SELECT MAX(idx) FROM merkle_subtrees WHERE height = $1")
                .bind(height as i32)
                .fetch_one(pool)
                .await?
        });
        let from = have.map_or(0, |max| max as u64 + 1);
        let to = complete.min(from + BATCH);
        more |= to < complete;
        if from < to {
            let hashes = level(
                store,
                height - TILE_HEIGHT,
                from * TILE_WIDTH,
                to * TILE_WIDTH,
            )
            .await?;
            with_pool!(store.database(), pool => {
                let mut tx = pool.begin().await?;
                for (offset, children) in hashes.chunks(TILE_WIDTH as usize).enumerate() {
                    sqlx::query(
                        "INSERT INTO merkle_subtrees (height, idx, hash) VALUES ($1, $2, $3) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(height as i32)
                    .bind((from + offset as u64) as i64)
                    .bind(merkle::complete_root(children).to_vec())
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
            });
        }
        height += TILE_HEIGHT;
    }
    Ok(more)
}

/// Keeps the stored subtrees up with the log; never ends.
pub async fn keep_extending(store: EventStore) {
    loop {
        match extend(&store).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "cannot extend the Merkle tree"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
