use std::process::ExitCode;

use clap::Parser;
use mamori::cli::{Cli, Command};
use mamori::database::Database;
use mamori::server::{shutdown_signal, Server};
use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, VerifyReport};
use mamori::telemetry;

/// `mamori verify` found the chain broken (distinct from 1, "could not check").
const CHAIN_BROKEN: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _telemetry = match telemetry::init(cli.log_format, &cli.log) {
        Ok(telemetry) => telemetry,
        Err(error) => return fail(&error),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    runtime.block_on(run(cli.command))
}

async fn run(command: Command) -> ExitCode {
    match command {
        Command::Serve(args) => {
            let server = match Server::start(&args.listen, &args.database.database_url).await {
                Ok(server) => server,
                Err(error) => return fail(&error),
            };
            tracing::info!(
                "Mamori {} listening on http://{}",
                env!("CARGO_PKG_VERSION"),
                server.local_addr()
            );
            match server.run(shutdown_signal()).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&error),
            }
        }
        Command::Migrate(args) => {
            let migrated = async {
                let db = Database::connect(&args.database_url).await?;
                db.migrate().await
            };
            match migrated.await {
                Ok(()) => {
                    println!("migrated {}", mamori::database::redact(&args.database_url));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Command::Verify(args) => {
            let db = match Database::connect(&args.database_url).await {
                Ok(db) => db,
                Err(error) => return fail(&error),
            };
            if let Err(error) = db.migrate().await {
                return fail(&error);
            }
            let report = match EventStore::open(db, Upcasters::registry()).await {
                Ok(store) => store.verify().await,
                Err(error) => return fail(&error),
            };
            match report {
                Ok(report @ VerifyReport::Intact { .. }) => {
                    println!("{report}");
                    ExitCode::SUCCESS
                }
                Ok(report) => {
                    println!("{report}");
                    ExitCode::from(CHAIN_BROKEN)
                }
                Err(error) => fail(&error),
            }
        }
    }
}

/// One line naming what went wrong, and a failing exit code.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::FAILURE
}
