//! The HTTP API, tested over real HTTP against a real server on a free port with a fresh SQLite file.

mod access;
mod assets;
mod auth;
mod edges;
mod frontend;
mod health;
mod helpers;
mod openapi;
mod organisation;
mod policies;
mod sign_in_abuse;
mod telemetry;
