use serde::{Deserialize, Serialize};

/// An RFC 9457 problem details body (`application/problem+json`): every API error has this shape.
///
/// `type` is a stable identifier clients may match on; `title` is the English message and
/// `title_ja` the Japanese one, so that a client shows the error in its user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub title_ja: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}
