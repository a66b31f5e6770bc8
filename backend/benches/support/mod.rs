//! What the benchmarks share: a fresh, migrated database of either kind, and how to reopen it.

use std::str::FromStr;

use mamori::database::Database;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, PgConnection};
use uuid::Uuid;

/// `MAMORI_BENCH_EVENTS`: the events of the log a benchmark builds (1,000,000; `1_000_000` reads too).
pub fn events() -> u64 {
    std::env::var("MAMORI_BENCH_EVENTS")
        .ok()
        .map(|v| {
            v.replace('_', "")
                .parse()
                .expect("MAMORI_BENCH_EVENTS is a number")
        })
        .unwrap_or(1_000_000)
}

/// `MAMORI_BENCH_DATABASES`: which databases a benchmark runs on (`sqlite,postgres`).
pub fn databases() -> Vec<String> {
    std::env::var("MAMORI_BENCH_DATABASES")
        .unwrap_or_else(|_| "sqlite,postgres".into())
        .split(',')
        .map(|name| name.trim().to_owned())
        .collect()
}

pub enum Reopen {
    Sqlite(std::path::PathBuf),
    Postgres(Box<PgConnectOptions>),
}

impl Reopen {
    pub async fn connect(&self) -> Database {
        match self {
            Self::Sqlite(path) => {
                Database::connect_sqlite(SqliteConnectOptions::new().filename(path))
                    .await
                    .expect("open SQLite")
            }
            Self::Postgres(options) => Database::connect_postgres((**options).clone())
                .await
                .expect("connect to PostgreSQL"),
        }
    }
}

/// A fresh, migrated database; what reopens it; what must live as long as it (folder or schema).
pub async fn fresh(name: &str) -> (Database, Reopen, Box<dyn std::any::Any>) {
    match name {
        "sqlite" => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("bench.db");
            let reopen = Reopen::Sqlite(path);
            let db = reopen.connect().await;
            db.migrate().await.expect("migrate");
            (db, reopen, Box::new(dir))
        }
        "postgres" => {
            let url = std::env::var("MAMORI_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
            let mut admin = PgConnection::connect(&url)
                .await
                .expect("PostgreSQL answers");
            let schema = format!("mamori_bench_{}", Uuid::new_v4().simple());
            admin
                .execute(format!("CREATE SCHEMA {schema}").as_str())
                .await
                .expect("create a schema");
            let options = PgConnectOptions::from_str(&url)
                .expect("a PostgreSQL URL")
                .options([("search_path", schema.as_str())]);
            let reopen = Reopen::Postgres(Box::new(options));
            let db = reopen.connect().await;
            db.migrate().await.expect("migrate");
            (db, reopen, Box::new(DropSchema { url, schema }))
        }
        other => panic!("MAMORI_BENCH_DATABASES: unknown database {other:?}"),
    }
}

struct DropSchema {
    url: String,
    schema: String,
}

impl Drop for DropSchema {
    fn drop(&mut self) {
        let (url, schema) = (self.url.clone(), self.schema.clone());
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                if let Ok(mut admin) = PgConnection::connect(&url).await {
                    let _ = admin
                        .execute(format!("DROP SCHEMA {schema} CASCADE").as_str())
                        .await;
                }
            });
            Ok::<_, std::io::Error>(())
        })
        .join();
    }
}
