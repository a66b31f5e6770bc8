//! The webhook outbox's tables (migrations `*_integration.sql`): deliveries, the log's cursor, and
//! the subscriptions' secrets.

use uuid::Uuid;

use crate::database::Database;
use crate::with_pool;

/// A delivery as the table holds it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    pub id: String,
    pub subscription_id: String,
    pub client_id: String,
    pub event_id: String,
    pub event_type: String,
    pub position: i64,
    pub created_at: i64,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<i64>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
}

const COLUMNS: &str =
    "id, subscription_id, client_id, event_id, event_type, position, created_at, \
     status, attempts, next_attempt_at, last_status, last_error, delivered_at";

/// One delivery to derive: (webhook-id, subscription, client, event id, type, position).
pub struct New {
    pub id: String,
    pub subscription_id: Uuid,
    pub client_id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub position: u64,
}

/// How far the log has been read for deliveries; `None` before the first start.
pub async fn cursor(db: &Database) -> Result<Option<u64>, sqlx::Error> {
    const SQL: &str = "SELECT position FROM webhook_cursor WHERE id = 1";
    let row: Option<i64> =
        with_pool!(db, pool => sqlx::query_scalar(SQL).fetch_optional(pool).await)?;
    Ok(row.map(|p| p as u64))
}

/// Records `deliveries` (one already derived adds nothing) and moves the cursor to `position`, in
/// one transaction.
pub async fn enqueue(
    db: &Database,
    deliveries: &[New],
    position: u64,
    now: i64,
) -> Result<usize, sqlx::Error> {
    const INSERT: &str = "INSERT INTO webhook_deliveries (id, subscription_id, client_id, \
         event_id, event_type, position, created_at, status, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $7) ON CONFLICT (id) DO NOTHING";
    const CURSOR: &str = "INSERT INTO webhook_cursor (id, position) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET position = excluded.position";
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut added = 0;
        for new in deliveries {
            added += sqlx::query(INSERT)
                .bind(&new.id)
                .bind(new.subscription_id.to_string())
                .bind(new.client_id.to_string())
                .bind(new.event_id.to_string())
                .bind(&new.event_type)
                .bind(new.position as i64)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected() as usize;
        }
        sqlx::query(CURSOR).bind(position as i64).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(added)
    })
}

/// Deliveries due now, oldest first.
pub async fn due(db: &Database, now: i64, limit: i64) -> Result<Vec<Delivery>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM webhook_deliveries WHERE status = 'pending' \
         AND next_attempt_at <= $1 ORDER BY next_attempt_at, position LIMIT $2"
    );
    with_pool!(db, pool => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(pool).await)
}

/// Takes a due delivery for this attempt (another instance may be about to try it too): pushes its
/// next attempt to `lease` unless someone did first. Whether it was taken.
pub async fn claim(db: &Database, delivery: &Delivery, lease: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE webhook_deliveries SET next_attempt_at = $1 \
         WHERE id = $2 AND status = 'pending' AND next_attempt_at = $3";
    let taken = with_pool!(db, pool => sqlx::query(SQL)
        .bind(lease)
        .bind(&delivery.id)
        .bind(delivery.next_attempt_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(taken == 1)
}

/// The outcome of one attempt: `status` (pending with `next`, or delivered, failed, gone), what
/// the receiver answered.
pub async fn record_attempt(
    db: &Database,
    id: &str,
    status: &str,
    next: Option<i64>,
    answered: Option<u16>,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE webhook_deliveries SET status = $1, next_attempt_at = $2, \
         attempts = attempts + 1, last_status = $3, last_error = $4, \
         delivered_at = CASE WHEN $1 = 'delivered' THEN $5 ELSE delivered_at END WHERE id = $6";
    with_pool!(db, pool => sqlx::query(SQL)
        .bind(status)
        .bind(next)
        .bind(answered.map(i32::from))
        .bind(error)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(drop))
}

/// A subscription that is gone: what still waits for it will not be sent.
pub async fn cancel_pending(db: &Database, subscription: Uuid) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE webhook_deliveries SET status = 'gone', next_attempt_at = NULL \
         WHERE subscription_id = $1 AND status = 'pending'";
    with_pool!(db, pool => sqlx::query(SQL)
        .bind(subscription.to_string())
        .execute(pool)
        .await
        .map(drop))
}

/// Sends a delivery again (its receiver lost it, or it failed for good): due now, same id.
pub async fn replay(db: &Database, client: Uuid, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1 \
         WHERE id = $2 AND client_id = $3";
    let done = with_pool!(db, pool => sqlx::query(SQL)
        .bind(now)
        .bind(id)
        .bind(client.to_string())
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(done == 1)
}

/// A client's deliveries, newest first, and how many there are.
pub async fn of_client(
    db: &Database,
    client: Uuid,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Delivery>, u64), sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM webhook_deliveries WHERE client_id = $1 \
         ORDER BY position DESC, id LIMIT $2 OFFSET $3"
    );
    const COUNT: &str = "SELECT COUNT(*) FROM webhook_deliveries WHERE client_id = $1";
    let client = client.to_string();
    let rows = with_pool!(db, pool => sqlx::query_as(&sql)
        .bind(&client)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(pool)
        .await)?;
    let total: i64 = with_pool!(db, pool => sqlx::query_scalar(COUNT)
        .bind(&client)
        .fetch_one(pool)
        .await)?;
    Ok((rows, total as u64))
}

/// One delivery of a client.
pub async fn one(db: &Database, client: Uuid, id: &str) -> Result<Option<Delivery>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM webhook_deliveries WHERE id = $1 AND client_id = $2");
    with_pool!(db, pool => sqlx::query_as(&sql)
        .bind(id)
        .bind(client.to_string())
        .fetch_optional(pool)
        .await)
}

pub async fn save_secret(
    db: &Database,
    subscription: Uuid,
    secret: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO webhook_secrets (subscription_id, secret) VALUES ($1, $2)";
    with_pool!(db, pool => sqlx::query(SQL)
        .bind(subscription.to_string())
        .bind(secret)
        .execute(pool)
        .await
        .map(drop))
}

pub async fn secret(db: &Database, subscription: Uuid) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT secret FROM webhook_secrets WHERE subscription_id = $1";
    with_pool!(db, pool => sqlx::query_scalar(SQL)
        .bind(subscription.to_string())
        .fetch_optional(pool)
        .await)
}
