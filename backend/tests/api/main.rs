//! The HTTP API, tested over real HTTP against a real server on a free port with a fresh SQLite file.

mod frontend;
mod health;
mod helpers;
mod telemetry;
