//! The signed-in person's own things: their record, password and sessions.

pub mod password_change;
pub mod profile;
pub mod routes;
pub mod sessions;
