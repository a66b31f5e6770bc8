//! Mamori's server and command-line tool. The folders are the architecture (README, "Architecture"):
//! `store` (the event log) → `projections` (read models) → `http` (the API); `database` connects,
//! `telemetry` observes, `server` wires them for `mamori serve`.

pub mod auth;
pub mod authz;
pub mod cli;
pub mod clock;
pub mod codec;
pub mod collation;
pub mod commands;
pub mod database;
pub mod demo;
pub mod domain;
pub mod http;
pub mod import;
pub mod notify;
pub mod projections;
pub mod server;
pub mod store;
pub mod tasks;
pub mod telemetry;
pub mod text;
pub mod transparency;
pub mod webhooks;
