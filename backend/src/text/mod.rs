//! Policy documents' text: Markdown rendered safely, differences between versions, the public page.
//!
//! Pure functions of their input, no I/O: what a document says is stored as Markdown, and these turn
//! it into what a reader sees.

pub mod diff;
pub mod markdown;
pub mod page;
pub mod reference;
