//! The one vocabulary of Mamori: types that both the server (`backend/`) and the browser app
//! (`frontend/`) use. No I/O here; everything compiles for the host and for `wasm32-unknown-unknown`.

pub mod api;
pub mod assets;
pub mod classification;
pub mod documents;
pub mod events;
pub mod integration;
pub mod organisation;
pub mod search;
