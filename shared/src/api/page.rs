use serde::{Deserialize, Serialize};

/// One page of a list. `total` counts only what the caller may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    /// The actions Cedar permits the caller on the list as a whole (e.g. `organisation.manage`:
    /// add to it), for showing or hiding them; the server still decides every request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}
