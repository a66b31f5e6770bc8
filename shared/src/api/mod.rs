//! Request and response bodies of the HTTP API (`/api/v1`), one module per resource.

pub mod health;
pub mod problem;
