//! Pieces of the screen used by several pages.

pub mod header;
pub mod status;
