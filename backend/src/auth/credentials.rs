//! Password hashes, one per person.

use uuid::Uuid;

use crate::database::Database;
use crate::with_pool;

pub async fn set(
    db: &Database,
    person: Uuid,
    password_hash: &str,
    now_micros: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO credentials (person_id, password_hash, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash, \
         updated_at = excluded.updated_at";
    with_pool!(db, pool => sqlx::query(SQL)
        .bind(person.to_string())
        .bind(password_hash)
        .bind(now_micros)
        .execute(pool)
        .await
        .map(drop))
}

pub async fn get(db: &Database, person: Uuid) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT password_hash FROM credentials WHERE person_id = $1";
    with_pool!(db, pool => sqlx::query_scalar(SQL)
        .bind(person.to_string())
        .fetch_optional(pool)
        .await)
}
