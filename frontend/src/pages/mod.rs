//! One module per screen, grouped by area.

pub mod assets;
pub mod coming_soon;
pub mod dashboard;
pub mod documents;
pub mod grants;
pub mod integration;
pub mod log;
pub mod me;
pub mod not_found;
pub mod organisation;
pub mod sign_in;
