//! Request and response bodies of the HTTP API (`/api/v1`), one module per resource.
//! Requests refuse unknown fields, so a typo is a 400, never silently ignored.

pub mod assets;
pub mod auth;
pub mod documents;
pub mod health;
pub mod integration;
pub mod organisation;
pub mod page;
pub mod problem;
pub mod tasks;
pub mod timeline;
pub mod transparency;
