//! The event store's integration tests: one binary, one file per topic, every test run against a real
//! SQLite file and the real PostgreSQL (see `helpers.rs` for how each gets a fresh database).
//!
//! Tests that need a second OS process re-run this binary with `--exact <child test>` and environment
//! variables saying what the child should do (`helpers::ChildProcess`); the child "tests" return at
//! once when those variables are absent.

/// Instantiates each generic `async fn name(db: &TestDb)` of the current module once per database, as
/// `<module>::sqlite::name` and `<module>::postgres::name`.
macro_rules! both {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let db = $crate::helpers::TestDb::sqlite().await;
                    super::$test(&db).await;
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let db = $crate::helpers::TestDb::postgres().await;
                    super::$test(&db).await;
                }
            )+
        }
    };
}

mod helpers;

mod append;
mod bad_input;
mod cli;
mod concurrency;
mod crash;
mod faults;
mod multi;
mod processes;
mod projections;
mod snapshots;
mod subscribe;
mod tamper;
mod upcast;
