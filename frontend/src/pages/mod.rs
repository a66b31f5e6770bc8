//! One module per screen.

pub mod coming_soon;
pub mod dashboard;
pub mod not_found;
