//! The command line: every setting is a flag and a `MAMORI_*` environment variable (see `--help`).

use clap::{Args, Parser, Subcommand};

use crate::telemetry::LogFormat;

#[derive(Debug, Parser)]
#[command(
    name = "mamori",
    version,
    about = "Mamori (守り): an event-sourced ISMS platform for Japanese local-government bodies"
)]
pub struct Cli {
    /// Log format on standard output.
    #[arg(long, env = "MAMORI_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Log filter (tracing EnvFilter syntax), e.g. `info` or `mamori=debug,info`.
    #[arg(
        long,
        env = "MAMORI_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: migrate the database, then serve the API and the frontend.
    Serve(ServeArgs),
    /// Apply the database migrations that are not applied yet.
    Migrate(DatabaseArgs),
    /// Walk the event log and check every hash; exit 0 if intact, 3 if the chain is broken.
    Verify(DatabaseArgs),
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// `sqlite://FILE` (created if missing) or `postgres://USER@HOST:PORT/DATABASE`.
    #[arg(
        long,
        env = "MAMORI_DATABASE_URL",
        default_value = "sqlite://mamori.db"
    )]
    pub database_url: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MAMORI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    #[command(flatten)]
    pub database: DatabaseArgs,
}
