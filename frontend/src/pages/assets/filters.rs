//! The register's filters and sort order, kept in the address (`/register?confidentiality=3A&sort=kind`)
//! so that a filtered register can be bookmarked, linked from the dashboard and reloaded.

use crate::api;
use crate::pages::assets::REGISTER;

/// The query parameters the register understands, in the order they are written.
pub const FILTER_KEYS: [&str; 9] = [
    "q",
    "department_id",
    "confidentiality",
    "integrity",
    "availability",
    "tier",
    "kind",
    "retired",
    "sort",
];

/// The columns the API sorts by.
pub const SORTABLE: [&str; 5] = ["name", "kind", "owner", "tier", "confidentiality"];

/// The register's filters: the non-empty values of [`FILTER_KEYS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters(Vec<(&'static str, String)>);

impl Filters {
    /// Reads the filters from the address's query (`get` answers one parameter).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self(
            FILTER_KEYS
                .into_iter()
                .filter_map(|key| get(key).filter(|v| !v.is_empty()).map(|v| (key, v)))
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The same filters with `key` set to `value` (removed when empty).
    pub fn with(&self, key: &'static str, value: &str) -> Self {
        Self::from_query(|k| {
            if k == key {
                Some(value.to_owned())
            } else {
                Some(self.get(k))
            }
        })
    }

    /// Whether anything narrows the register.
    pub fn narrows(&self) -> bool {
        self.0.iter().any(|(key, _)| *key != "sort")
    }

    fn pairs(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }

    /// The register's own address with these filters.
    pub fn href(&self) -> String {
        format!("{REGISTER}{}", api::query(&self.pairs()))
    }

    /// The API's list, one page of it.
    pub fn list_path(&self, offset: u64, limit: u64) -> String {
        let (offset, limit) = (offset.to_string(), limit.to_string());
        let mut pairs = self.pairs();
        pairs.push(("offset", &offset));
        pairs.push(("limit", &limit));
        format!("/assets{}", api::query(&pairs))
    }

    /// The CSV download of the same filtered, sorted register (a plain link: the session cookie
    /// goes with it).
    pub fn csv_href(&self) -> String {
        format!("/api/v1/assets/export.csv{}", api::query(&self.pairs()))
    }

    /// The sort column and whether it is descending (by name, ascending, unless said otherwise).
    pub fn sort(&self) -> (String, bool) {
        let sort = self.get("sort");
        match sort.strip_prefix('-') {
            Some(field) => (field.to_owned(), true),
            None if sort.is_empty() => ("name".to_owned(), false),
            None => (sort, false),
        }
    }

    /// The filters sorted by `column`: the other way round if already sorted by it; otherwise most
    /// sensitive first for the confidentiality, A to Z for the rest.
    pub fn sorted_by(&self, column: &'static str) -> Self {
        let (current, descending) = self.sort();
        let descending = if current == column {
            !descending
        } else {
            column == "confidentiality"
        };
        let sort = if descending {
            format!("-{column}")
        } else if column == "name" {
            String::new()
        } else {
            column.to_owned()
        };
        self.with("sort", &sort)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(pairs: &[(&str, &str)]) -> Filters {
        Filters::from_query(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn filters_go_to_the_list_and_the_csv_alike() {
        let f = filters(&[
            ("kind", "information"),
            ("q", "住民"),
            ("confidentiality", "3A"),
            ("page", "9"),
        ]);
        assert_eq!(
            f.list_path(50, 50),
            "/assets?q=%E4%BD%8F%E6%B0%91&confidentiality=3A&kind=information&offset=50&limit=50"
        );
        assert_eq!(
            f.csv_href(),
            "/api/v1/assets/export.csv?q=%E4%BD%8F%E6%B0%91&confidentiality=3A&kind=information"
        );
        assert!(f.narrows());
        assert_eq!(
            f.with("q", "").href(),
            "/register?confidentiality=3A&kind=information"
        );
        assert!(!filters(&[("sort", "kind")]).narrows());
    }

    #[test]
    fn sorting_toggles_and_starts_with_the_most_sensitive() {
        let f = Filters::default();
        assert_eq!(f.sort(), ("name".to_owned(), false));
        assert_eq!(f.sorted_by("name").get("sort"), "-name");
        assert_eq!(f.sorted_by("name").sorted_by("name").get("sort"), "");
        assert_eq!(
            f.sorted_by("confidentiality").get("sort"),
            "-confidentiality"
        );
        assert_eq!(
            f.sorted_by("confidentiality")
                .sorted_by("confidentiality")
                .get("sort"),
            "confidentiality"
        );
        assert_eq!(f.sorted_by("kind").sort(), ("kind".to_owned(), false));
    }
}
