//! The list conventions every collection follows: `offset`, `limit`, `sort`, and filters.

use mamori_shared::api::page::Page;
use serde::Deserialize;

use super::error::ApiError;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 500;

/// A list's query: paging, sort order and filters. Each list route declares the filters it honours
/// and its sort fields (`filters`, `sorts` in its route line); the server refuses the others.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Items to pass over (0 if absent).
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub offset: Option<u64>,
    /// Items on the page: 1 to 500 (50 if absent).
    #[serde(default)]
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u64>,
    /// A field name; `-field` for descending.
    #[serde(default)]
    pub sort: Option<String>,
    /// Text that the name (or login) contains (width, case and kana do not matter).
    #[serde(default, deserialize_with = "at_most::<_, 200>")]
    #[schemars(length(max = 200))]
    pub q: Option<String>,
    #[serde(default)]
    pub department_id: Option<uuid::Uuid>,
    #[serde(default)]
    pub active: Option<bool>,
    // The register's filters.
    /// A level of the adopted scheme (`3A`, `2`, ...).
    #[serde(default, deserialize_with = "at_most::<_, 16>")]
    #[schemars(length(max = 16))]
    pub confidentiality: Option<String>,
    #[serde(default, deserialize_with = "at_most::<_, 16>")]
    #[schemars(length(max = 16))]
    pub integrity: Option<String>,
    #[serde(default, deserialize_with = "at_most::<_, 16>")]
    #[schemars(length(max = 16))]
    pub availability: Option<String>,
    #[serde(default)]
    pub tier: Option<mamori_shared::assets::NetworkTier>,
    #[serde(default)]
    pub kind: Option<mamori_shared::assets::AssetKind>,
    /// Include retired assets (default: no).
    #[serde(default)]
    pub retired: Option<bool>,
}

/// A text parameter of at most `MAX` characters (as its schema declares).
fn at_most<'de, D: serde::Deserializer<'de>, const MAX: usize>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    if text.as_ref().is_some_and(|t| t.chars().count() > MAX) {
        return Err(serde::de::Error::custom(format!(
            "at most {MAX} characters"
        )));
    }
    Ok(text)
}

impl ListParams {
    /// The sort field (one of `allowed`) and whether it is descending.
    pub fn sort<'a>(
        &'a self,
        allowed: &[&'a str],
        default: &'a str,
    ) -> Result<(&'a str, bool), ApiError> {
        let raw = self.sort.as_deref().unwrap_or(default);
        let (field, descending) = match raw.strip_prefix('-') {
            Some(field) => (field, true),
            None => (raw, false),
        };
        if allowed.contains(&field) {
            Ok((field, descending))
        } else {
            Err(ApiError::BadRequest {
                detail: format!("sort by one of: {}", allowed.join(", ")),
                field: Some("sort".into()),
            })
        }
    }

    /// No filter at all: the list as a whole.
    pub fn is_plain(&self) -> bool {
        self.q.as_deref().is_none_or(|q| q.trim().is_empty())
            && self.department_id.is_none()
            && self.active.is_none()
            && self.confidentiality.is_none()
            && self.integrity.is_none()
            && self.availability.is_none()
            && self.tier.is_none()
            && self.kind.is_none()
            && self.retired != Some(true)
    }

    pub fn limit(&self) -> Result<u64, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::BadRequest {
                detail: format!("limit is 1 to {MAX_LIMIT}"),
                field: Some("limit".into()),
            });
        }
        Ok(limit)
    }

    /// One page of a slice, without copying the rest.
    pub fn page_of<'a, T>(&self, items: &'a [T]) -> Result<Page<&'a T>, ApiError> {
        let limit = self.limit()?;
        let offset = self.offset.unwrap_or(0);
        let start = (offset as usize).min(items.len());
        let end = start.saturating_add(limit as usize).min(items.len());
        Ok(Page {
            allowed: Vec::new(),
            items: items[start..end].iter().collect(),
            total: items.len() as u64,
            offset,
            limit,
        })
    }

    /// Cuts one page out of the (already filtered, sorted) items.
    pub fn page<T>(&self, items: Vec<T>) -> Result<Page<T>, ApiError> {
        let limit = self.limit()?;
        let offset = self.offset.unwrap_or(0);
        let total = items.len() as u64;
        let items = items
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        Ok(Page {
            allowed: Vec::new(),
            items,
            total,
            offset,
            limit,
        })
    }

    pub fn matches_text(&self, fields: &[&str]) -> bool {
        match self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            None => true,
            Some(q) => {
                // Width, case and kana do not matter, on either side.
                let q = mamori_shared::search::fold(q);
                fields
                    .iter()
                    .any(|f| mamori_shared::search::contains_folded(f, &q))
            }
        }
    }
}
