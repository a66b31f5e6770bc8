//! Issuing checkpoints: at most one a minute while events arrive, each signed only after the tree
//! it names is proved consistent with the one signed before it, so that the log never signs two
//! checkpoints that contradict each other. Every checkpoint is kept.

use std::path::Path;
use std::time::Duration;

use super::merkle::{self, Hash};
use super::note::{Checkpoint, LogKey, NoteError, WitnessKey};
use super::tree;
use crate::clock::now_micros;
use crate::store::{EventStore, StoreError};
use crate::with_pool;

/// How often a new checkpoint may be signed while the log grows.
pub const INTERVAL: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error(
        "refusing to sign: the tree of {size} entries is not consistent with the checkpoint of {old}"
    )]
    Inconsistent { old: u64, size: u64 },
    #[error("the log key file {path}: {reason}")]
    Key { path: String, reason: String },
}

/// A signed checkpoint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub size: u64,
    pub root: Hash,
    pub note: String,
    pub signed_at: i64,
}

/// The log's key from `path`, made (owner-only) on first start.
pub fn load_or_create_key(path: &Path, origin: &str) -> Result<LogKey, CheckpointError> {
    let failed = |reason: String| CheckpointError::Key {
        path: path.display().to_string(),
        reason,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let key =
                LogKey::from_private_text(&text).map_err(|e: NoteError| failed(e.to_string()))?;
            if key.name != origin {
                return Err(failed(format!(
                    "it signs as {}, but the log's origin is {origin}",
                    key.name
                )));
            }
            Ok(key)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let key = LogKey::generate(origin);
            write_private(path, &key.to_private_text()).map_err(|e| failed(e.to_string()))?;
            tracing::info!(path = %path.display(), verifier = %key.verifier(), "made the log's signing key");
            Ok(key)
        }
        Err(error) => Err(failed(error.to_string())),
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// The newest checkpoint, if one was signed.
pub async fn latest(store: &EventStore) -> Result<Option<Signed>, CheckpointError> {
    at_most(store, i64::MAX as u64).await
}

/// The newest checkpoint of at most `size` entries.
pub async fn at_most(store: &EventStore, size: u64) -> Result<Option<Signed>, CheckpointError> {
    const SQL: &str = "SELECT size, root, note, signed_at FROM checkpoints \
        WHERE size <= $1 ORDER BY size DESC LIMIT 1";
    let row: Option<(i64, Vec<u8>, String, i64)> = with_pool!(store.database(), pool => {
        sqlx::query_as(SQL).bind(size as i64).fetch_optional(pool).await?
    });
    Ok(row.and_then(|(size, root, note, signed_at)| {
        Some(Signed {
            size: size as u64,
            root: root.try_into().ok()?,
            note,
            signed_at,
        })
    }))
}

/// The checkpoints signed at or before `micros` (microseconds since the epoch), newest first, at
/// most `limit`: the history an auditor asks of a past date.
pub async fn signed_before(
    store: &EventStore,
    micros: i64,
    limit: u32,
) -> Result<Vec<Signed>, CheckpointError> {
    const SQL: &str = "SELECT size, root, note, signed_at FROM checkpoints \
        WHERE signed_at <= $1 ORDER BY size DESC LIMIT $2";
    let rows: Vec<(i64, Vec<u8>, String, i64)> = with_pool!(store.database(), pool => {
        sqlx::query_as(SQL).bind(micros).bind(i64::from(limit)).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(size, root, note, signed_at)| {
            Some(Signed {
                size: size as u64,
                root: root.try_into().ok()?,
                note,
                signed_at,
            })
        })
        .collect())
}

/// Signs a checkpoint of the log as it is now, if it grew since the last one. Returns it.
pub async fn issue(store: &EventStore, key: &LogKey) -> Result<Option<Signed>, CheckpointError> {
    let size = store.head();
    let last = latest(store).await?;
    if last.as_ref().is_some_and(|last| last.size >= size) {
        return Ok(None);
    }
    // Store the subtrees the log has completed first, so that the root and the proof read them
    // rather than every entry (a first start on a long log, or after the tree fell behind).
    while tree::extend(store).await? {}
    let root = tree::root(store, size).await?;
    if let Some(last) = &last {
        // The tree must extend the one signed before: prove it as an auditor would.
        let proof = tree::hashes(store, merkle::consistency_ranges(last.size, size)).await?;
        merkle::verify_consistency(last.size, size, &proof, &last.root, &root).map_err(|_| {
            CheckpointError::Inconsistent {
                old: last.size,
                size,
            }
        })?;
    }
    let note = key.sign(
        &Checkpoint {
            origin: key.name.clone(),
            size,
            root,
        }
        .body(),
    );
    let signed_at = now_micros();
    with_pool!(store.database(), pool => {
        sqlx::query(
            "INSERT INTO checkpoints (size, root, note, signed_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(size as i64)
        .bind(root.to_vec())
        .bind(&note)
        .bind(signed_at)
        .execute(pool)
        .await?;
    });
    Ok(Some(Signed {
        size,
        root,
        note,
        signed_at,
    }))
}

/// The cosignature lines witnesses added to the checkpoint of `size`.
pub async fn cosignatures(store: &EventStore, size: u64) -> Result<Vec<String>, CheckpointError> {
    const SQL: &str = "SELECT line FROM checkpoint_cosignatures WHERE size = $1 ORDER BY witness";
    let lines: Vec<(String,)> = with_pool!(store.database(), pool => {
        sqlx::query_as(SQL).bind(size as i64).fetch_all(pool).await?
    });
    Ok(lines.into_iter().map(|(line,)| line).collect())
}

/// The checkpoint's note with its cosignature lines after the log's own.
pub async fn with_cosignatures(
    store: &EventStore,
    signed: &Signed,
) -> Result<String, CheckpointError> {
    Ok(note_with(signed, &cosignatures(store, signed.size).await?))
}

/// The checkpoint's note with `cosignatures` (signature lines) after the log's own.
pub fn note_with(signed: &Signed, cosignatures: &[String]) -> String {
    let mut note = signed.note.clone();
    for line in cosignatures {
        note.push_str(line);
        note.push('\n');
    }
    note
}

/// Why a cosigned checkpoint handed in is not kept.
#[derive(Debug, thiserror::Error)]
pub enum CosignError {
    #[error("not a checkpoint this log signed")]
    UnknownCheckpoint,
    #[error("no cosignature by a configured witness verifies")]
    NoWitness,
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
}

/// Keeps the cosignatures of configured `witnesses` found in `cosigned` (a checkpoint this log
/// signed, with the witnesses' lines added). Returns how many it kept.
pub async fn add_cosignatures(
    store: &EventStore,
    witnesses: &[WitnessKey],
    cosigned: &str,
) -> Result<usize, CosignError> {
    let body = cosigned
        .split_once("\n\n")
        .map(|(body, _)| format!("{body}\n"))
        .ok_or(CosignError::UnknownCheckpoint)?;
    let checkpoint = Checkpoint::parse(&body).map_err(|_| CosignError::UnknownCheckpoint)?;
    let signed = at_most(store, checkpoint.size)
        .await?
        .filter(|signed| signed.size == checkpoint.size && signed.note.starts_with(&body))
        .ok_or(CosignError::UnknownCheckpoint)?;
    let mut kept = 0;
    for witness in witnesses {
        let Some(line) = witness.cosignatures(cosigned, &body).into_iter().next() else {
            continue;
        };
        with_pool!(store.database(), pool => {
            sqlx::query(
                "INSERT INTO checkpoint_cosignatures (size, witness, line, added_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(signed.size as i64)
            .bind(&witness.name)
            .bind(line)
            .bind(now_micros())
            .execute(pool)
            .await
            .map_err(CheckpointError::from)?;
        });
        kept += 1;
    }
    if kept == 0 {
        return Err(CosignError::NoWitness);
    }
    Ok(kept)
}

/// Keeps the tree's stored subtrees up with the log and signs a checkpoint every [`INTERVAL`]
/// while it grows; never ends. A refusal to sign is logged as an error and retried: it means the
/// log no longer extends what it signed.
pub async fn keep_issuing(store: EventStore, key: std::sync::Arc<LogKey>) {
    tokio::spawn(tree::keep_extending(store.clone()));
    let mut tick = tokio::time::interval(INTERVAL);
    loop {
        tick.tick().await;
        match issue(&store, &key).await {
            Ok(Some(signed)) => tracing::debug!(size = signed.size, "checkpoint signed"),
            Ok(None) => {}
            Err(error @ CheckpointError::Inconsistent { .. }) => {
                tracing::error!(%error, "the log does not extend its last checkpoint")
            }
            Err(error) => tracing::warn!(%error, "cannot sign a checkpoint"),
        }
    }
}
