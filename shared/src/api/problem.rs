use serde::{Deserialize, Serialize};

/// An RFC 9457 problem details body (`application/problem+json`): every API error has this shape.
///
/// `type` is a stable identifier clients may match on; `title` is the English message and
/// `title_ja` the Japanese one, so that a client shows the error in its user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub title_ja: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Field-level detail of a validation error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// The field, as a JSON pointer-like path (`name`, `scope.department_id`).
    pub field: String,
    pub message: String,
    pub message_ja: String,
}
