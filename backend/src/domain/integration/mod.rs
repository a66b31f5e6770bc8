//! 連携システム: the client systems that call the API with tokens of their own, their tokens and
//! their webhook subscriptions. Pure rules; the token's value and the secret are made at the edge.

mod client;
mod error;

pub use client::{Client, ClientCommand, MAX_SUBSCRIPTIONS, MAX_TOKENS, MAX_TOKEN_LIFETIME};
pub use error::IntegrationError;

/// A free-text field, trimmed: at most `max` characters, no control characters, not empty if
/// `required`.
fn text_field(
    text: &str,
    field: &'static str,
    max: usize,
    required: bool,
) -> Result<String, IntegrationError> {
    let text = text.trim();
    let bad = (required && text.is_empty())
        || text.chars().count() > max
        || text.chars().any(char::is_control);
    if bad {
        return Err(IntegrationError::InvalidField {
            field,
            limit: match (required, max) {
                (true, 100) => "1 to 100 characters",
                (true, _) => "1 to 200 characters",
                (false, _) => "at most 200 characters",
            },
        });
    }
    Ok(text.to_owned())
}
