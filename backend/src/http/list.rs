//! The list conventions every collection follows: `offset`, `limit`, `sort`, and filters.

use mamori_shared::api::page::Page;
use serde::Deserialize;

use super::error::ApiError;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 500;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(default)]
    pub limit: Option<u64>,
    /// A field name; `-field` for descending.
    #[serde(default)]
    pub sort: Option<String>,
    /// Text that the name (or login) contains.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub department_id: Option<uuid::Uuid>,
    #[serde(default)]
    pub active: Option<bool>,
    // The register's filters.
    #[serde(default)]
    pub confidentiality: Option<String>,
    #[serde(default)]
    pub integrity: Option<String>,
    #[serde(default)]
    pub availability: Option<String>,
    #[serde(default)]
    pub tier: Option<mamori_shared::assets::NetworkTier>,
    #[serde(default)]
    pub kind: Option<mamori_shared::assets::AssetKind>,
    /// Include retired assets (default: no).
    #[serde(default)]
    pub retired: Option<bool>,
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
