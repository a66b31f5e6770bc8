//! Sessions (ASVS 5.0 V7): a new random token at every sign-in, kept only as a hash; idle and absolute
//! timeouts; a person's sessions can be listed and ended one by one or all at once, and all end when
//! the person is deactivated.

use std::time::Duration;

use sqlx::FromRow;
use uuid::Uuid;

use super::token::{random_token, token_hash};
use crate::database::Database;
use crate::with_pool;

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// A live session, as a request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: Uuid,
    pub person_id: Uuid,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub address: String,
    pub user_agent: String,
}

#[derive(FromRow)]
struct Row {
    id: String,
    person_id: String,
    csrf_token: String,
    created_at: i64,
    last_seen_at: i64,
    address: String,
    user_agent: String,
}

impl Row {
    fn into_session(self) -> Option<Session> {
        Some(Session {
            id: Uuid::parse_str(&self.id).ok()?,
            person_id: Uuid::parse_str(&self.person_id).ok()?,
            csrf_token: self.csrf_token,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            address: self.address,
            user_agent: self.user_agent,
        })
    }
}

const COLUMNS: &str = "id, person_id, csrf_token, created_at, last_seen_at, address, user_agent";

/// Updating `last_seen_at` on every request would make every read a write; once a minute is precise
/// enough for an idle timeout counted in minutes.
const TOUCH_EVERY_MICROS: i64 = 60 * 1_000_000;

/// Starts a session; returns it and the token for the cookie (the only time the token exists).
pub async fn start(
    db: &Database,
    person_id: Uuid,
    address: &str,
    user_agent: &str,
    now: i64,
) -> Result<(Session, String), sqlx::Error> {
    let token = random_token();
    let session = Session {
        id: Uuid::new_v4(),
        person_id,
        csrf_token: random_token(),
        created_at: now,
        last_seen_at: now,
        address: address.to_owned(),
        user_agent: user_agent.chars().take(300).collect(),
    };
    const SQL: &str = "INSERT INTO sessions (id, token_hash, person_id, csrf_token, created_at, \
         last_seen_at, address, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    with_pool!(db, pool => sqlx::query(SQL)
        .bind(session.id.to_string())
        .bind(token_hash(&token))
        .bind(person_id.to_string())
        .bind(&session.csrf_token)
        .bind(now)
        .bind(now)
        .bind(&session.address)
        .bind(&session.user_agent)
        .execute(pool)
        .await
        .map(drop))?;
    Ok((session, token))
}

/// The live session of a cookie's token, refreshed; `None` if unknown, ended or timed out (a timed-out
/// session is ended on the way).
pub async fn resume(
    db: &Database,
    token: &str,
    timeouts: Timeouts,
    now: i64,
) -> Result<Option<Session>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE token_hash = $1 AND ended_at IS NULL");
    let row: Option<Row> = with_pool!(db, pool => sqlx::query_as(&sql)
        .bind(token_hash(token))
        .fetch_optional(pool)
        .await)?;
    let Some(session) = row.and_then(Row::into_session) else {
        return Ok(None);
    };
    if timed_out(session.created_at, session.last_seen_at, timeouts, now) {
        end(db, session.id, now).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > TOUCH_EVERY_MICROS {
        const SQL: &str = "UPDATE sessions SET last_seen_at = $1 WHERE id = $2";
        with_pool!(db, pool => sqlx::query(SQL)
            .bind(now)
            .bind(session.id.to_string())
            .execute(pool)
            .await
            .map(drop))?;
    }
    Ok(Some(session))
}

/// Whether session `id` is still live: not ended (signed out, "sign out everywhere", a password
/// change, deactivation) and within both timeouts. A timed-out session is ended on the way, as in
/// [`resume`]; a live one is left untouched, because a long-lived response (the live register)
/// checking its session is not the person using it, and must not keep an idle session alive.
pub async fn is_live(
    db: &Database,
    id: Uuid,
    timeouts: Timeouts,
    now: i64,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "SELECT created_at, last_seen_at FROM sessions WHERE id = $1 AND ended_at IS NULL";
    let row: Option<(i64, i64)> = with_pool!(db, pool => sqlx::query_as(SQL)
        .bind(id.to_string())
        .fetch_optional(pool)
        .await)?;
    let Some((created_at, last_seen_at)) = row else {
        return Ok(false);
    };
    if timed_out(created_at, last_seen_at, timeouts, now) {
        end(db, id, now).await?;
        return Ok(false);
    }
    Ok(true)
}

fn timed_out(created_at: i64, last_seen_at: i64, timeouts: Timeouts, now: i64) -> bool {
    let idle = timeouts.idle.as_micros() as i64;
    let absolute = timeouts.absolute.as_micros() as i64;
    now - last_seen_at > idle || now - created_at > absolute
}

/// The person's live sessions, newest first.
pub async fn list(
    db: &Database,
    person_id: Uuid,
    timeouts: Timeouts,
    now: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE person_id = $1 AND ended_at IS NULL \
         AND last_seen_at >= $2 AND created_at >= $3 ORDER BY created_at DESC"
    );
    let rows: Vec<Row> = with_pool!(db, pool => sqlx::query_as(&sql)
        .bind(person_id.to_string())
        .bind(now - timeouts.idle.as_micros() as i64)
        .bind(now - timeouts.absolute.as_micros() as i64)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().filter_map(Row::into_session).collect())
}

/// Ends one session. Returns whether it was live.
pub async fn end(db: &Database, id: Uuid, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL";
    let done = with_pool!(db, pool => sqlx::query(SQL)
        .bind(now)
        .bind(id.to_string())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// Ends one of `person_id`'s sessions (a person can only end their own).
pub async fn end_own(
    db: &Database,
    person_id: Uuid,
    id: Uuid,
    now: i64,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE sessions SET ended_at = $1 WHERE id = $2 AND person_id = $3 AND ended_at IS NULL";
    let done = with_pool!(db, pool => sqlx::query(SQL)
        .bind(now)
        .bind(id.to_string())
        .bind(person_id.to_string())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// Ends every session of a person (sign out everywhere; deactivation).
pub async fn end_all(db: &Database, person_id: Uuid, now: i64) -> Result<u64, sqlx::Error> {
    const SQL: &str = "UPDATE sessions SET ended_at = $1 WHERE person_id = $2 AND ended_at IS NULL";
    with_pool!(db, pool => sqlx::query(SQL)
        .bind(now)
        .bind(person_id.to_string())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
