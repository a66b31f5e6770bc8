//! The mail outbox's tables (migrations `*_mail_outbox.sql`): notices waiting, the log's cursor, and
//! who does not want mail.

use uuid::Uuid;

use crate::database::Database;
use crate::tasks::Notice;
use crate::with_pool;

/// A notice waiting to be mailed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Waiting {
    pub notice_key: String,
    pub person_id: String,
    pub kind: String,
    pub attempts: i32,
}

/// How far the log has been read for notices, and the last day the calendar was; `None` before
/// the first start with mail configured.
pub async fn cursor(db: &Database) -> Result<Option<(u64, String)>, sqlx::Error> {
    const SQL: &str = "SELECT position, calendar_day FROM mail_cursor WHERE id = 1";
    let row: Option<(i64, String)> =
        with_pool!(db, pool => sqlx::query_as(SQL).fetch_optional(pool).await)?;
    Ok(row.map(|(position, day)| (position as u64, day)))
}

/// Records `notices` (those already recorded, or already waiting for the same person and kind, add
/// nothing: one mail says "you have tasks" for all of them) and moves the cursor to `position`, in
/// one transaction: a notice is derived once, however often the server restarts.
pub async fn enqueue(
    db: &Database,
    notices: &[(Notice, u64)],
    position: u64,
    calendar_day: &str,
    now: i64,
) -> Result<usize, sqlx::Error> {
    const INSERT: &str = "INSERT INTO mail_outbox \
         (notice_key, person_id, kind, position, created_at, next_attempt_at) \
         SELECT $1, $2, $3, $4, $5, $5 WHERE NOT EXISTS (SELECT 1 FROM mail_outbox \
         WHERE person_id = $2 AND kind = $3 AND settled_at IS NULL) \
         ON CONFLICT (notice_key) DO NOTHING";
    const CURSOR: &str = "INSERT INTO mail_cursor (id, position, calendar_day) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, \
         calendar_day = excluded.calendar_day";
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut added = 0;
        for (notice, at) in notices {
            added += sqlx::query(INSERT)
                .bind(&notice.key)
                .bind(notice.person_id.to_string())
                .bind(notice.kind)
                .bind(*at as i64)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected() as usize;
        }
        sqlx::query(CURSOR)
            .bind(position as i64)
            .bind(calendar_day)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(added)
    })
}

/// Notices due to be tried now, oldest first.
pub async fn due(db: &Database, now: i64, limit: i64) -> Result<Vec<Waiting>, sqlx::Error> {
    const SQL: &str = "SELECT notice_key, person_id, kind, attempts FROM mail_outbox \
         WHERE settled_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, created_at \
         LIMIT $2";
    with_pool!(db, pool => sqlx::query_as(SQL).bind(now).bind(limit).fetch_all(pool).await)
}

/// Every waiting notice is due now: a start is a natural moment to try again.
pub async fn retry_all(db: &Database, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE mail_outbox SET next_attempt_at = $1 WHERE settled_at IS NULL";
    with_pool!(db, pool => sqlx::query(SQL).bind(now).execute(pool).await.map(drop))
}

/// The notice is done with: sent, or never to be sent (`outcome` says why).
pub async fn settle(db: &Database, key: &str, outcome: &str, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE mail_outbox SET settled_at = $1, outcome = $2, \
         attempts = attempts + 1 WHERE notice_key = $3";
    with_pool!(db, pool => sqlx::query(SQL).bind(now).bind(outcome).bind(key)
        .execute(pool).await.map(drop))
}

/// The mail server could not take it now: try again at `next`.
pub async fn postpone(
    db: &Database,
    key: &str,
    next: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE mail_outbox SET next_attempt_at = $1, outcome = $2, \
         attempts = attempts + 1 WHERE notice_key = $3";
    with_pool!(db, pool => sqlx::query(SQL).bind(next).bind(reason).bind(key)
        .execute(pool).await.map(drop))
}

/// Whether `person` wants mail (yes unless they said no).
pub async fn wants_mail(db: &Database, person: Uuid) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT email FROM mail_preferences WHERE person_id = $1";
    let choice: Option<bool> = with_pool!(db, pool => sqlx::query_scalar(SQL)
        .bind(person.to_string()).fetch_optional(pool).await)?;
    Ok(choice.unwrap_or(true))
}

pub async fn set_wants_mail(
    db: &Database,
    person: Uuid,
    email: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO mail_preferences (person_id, email, updated_at) \
         VALUES ($1, $2, $3) ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, \
         updated_at = excluded.updated_at";
    with_pool!(db, pool => sqlx::query(SQL).bind(person.to_string()).bind(email).bind(now)
        .execute(pool).await.map(drop))
}
