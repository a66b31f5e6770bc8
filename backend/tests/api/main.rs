//! The HTTP API, tested over real HTTP against a real server on a free port with a fresh SQLite file.

mod access;
mod as_of;
mod assets;
mod auth;
mod consistency;
mod contract;
mod documents_flow;
mod edges;
mod frontend;
mod health;
mod helpers;
mod idempotency;
mod import;
mod inquiries;
mod integration;
mod leaks;
mod live;
mod notify;
mod openapi;
mod organisation;
mod paths;
mod policies;
mod sign_in_abuse;
mod telemetry;
mod timeline;
mod transparency;
