//! Connecting to the database named by `--database-url`, and migrating it.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use thiserror::Error;

/// Runs the same expression on whichever pool `db` holds. For SQL that both databases accept as
/// written: `$1`-style parameters work in both (SQLite numbers them by first appearance).
#[macro_export]
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::database::Database::Sqlite($pool) => $body,
            $crate::database::Database::Postgres($pool) => $body,
        }
    };
}

#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, Error)]
pub enum DatabaseError {
    #[error("MAMORI_DATABASE_URL (--database-url) {url:?} is not a sqlite:// or postgres:// URL")]
    UnknownScheme { url: String },
    #[error("MAMORI_DATABASE_URL (--database-url) {url:?} is invalid: {source}")]
    InvalidUrl { url: String, source: sqlx::Error },
    #[error("cannot open the database at MAMORI_DATABASE_URL (--database-url) {url:?}: {source}")]
    Unreachable { url: String, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Database {
    /// Opens (creating a missing SQLite file) the database at `url`.
    pub async fn connect(url: &str) -> Result<Self, DatabaseError> {
        let shown = redact(url);
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url).map_err(|source| {
                DatabaseError::InvalidUrl {
                    url: shown.clone(),
                    source,
                }
            })?;
            Self::connect_sqlite(options)
                .await
                .map_err(|source| DatabaseError::Unreachable { url: shown, source })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options =
                PgConnectOptions::from_str(url).map_err(|source| DatabaseError::InvalidUrl {
                    url: shown.clone(),
                    source,
                })?;
            Self::connect_postgres(options)
                .await
                .map_err(|source| DatabaseError::Unreachable { url: shown, source })
        } else {
            Err(DatabaseError::UnknownScheme { url: shown })
        }
    }

    pub async fn connect_sqlite(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let options = options
            .create_if_missing(true)
            // WAL lets readers work while the writer commits. With WAL, synchronous=NORMAL may lose the
            // last transactions on power loss; FULL syncs the WAL at every commit, so an acknowledged
            // append survives a crash of the process or the machine.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self::Sqlite(pool))
    }

    pub async fn connect_postgres(options: PgConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self::Postgres(pool))
    }

    /// Applies the migrations of `migrations/<database>/` that are not applied yet.
    pub async fn migrate(&self) -> Result<(), DatabaseError> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Self::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// A round trip to the database (readiness).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://mamori:s3cret@db:5432/isms"),
            "postgres://mamori:***@db:5432/isms"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(redact("sqlite://mamori.db"), "sqlite://mamori.db");
    }
}
