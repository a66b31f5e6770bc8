//! Information security policy documents (seed §5, §6(4), §8–§11): documents, their revisions and
//! the committee's decisions on them, publication, acknowledgements and training.

mod acknowledgement;
mod committee;
pub mod content;
pub mod decision;
mod document;
mod error;
mod revision;
mod training;

pub use acknowledgement::{Acknowledge, Acknowledgements};
pub use committee::{rule_of, Committee};
pub use document::{Document, DocumentCommand};
pub use error::DocumentError;
pub use revision::{Draft, Revision, RevisionCommand, RevisionStatus};
pub use training::{Training, TrainingCommand};

/// A free-text field, trimmed: at most `max` characters, no control characters but newlines and
/// tabs, and not empty if `required`.
pub(crate) fn valid_text_field(
    text: &str,
    field: &'static str,
    max: usize,
    required: bool,
) -> Result<String, DocumentError> {
    let text = text.trim();
    let limit = match (required, max) {
        (true, 200) => "1 to 200 characters",
        (true, 500) => "1 to 500 characters",
        (true, 1_000) => "1 to 1000 characters",
        (true, _) => "1 to 2000 characters",
        (false, 200) => "at most 200 characters",
        (false, 500) => "at most 500 characters",
        (false, _) => "at most 2000 characters",
    };
    let bad = (required && text.is_empty())
        || text.chars().count() > max
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if bad {
        return Err(DocumentError::InvalidField { field, limit });
    }
    Ok(text.to_owned())
}
