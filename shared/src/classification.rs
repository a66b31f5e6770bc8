//! Classification schemes (seed §6(2)): data, not code. Mamori ships the national guideline's 2024
//! scheme (機密性 3A/3B/3C/2/1, 完全性 2/1, 可用性 2/1) and the older 3/2/1 scheme, in `shared/schemes/`;
//! the organisation adopts one of them (an event).

use serde::{Deserialize, Serialize};

/// Text in both UI languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Text {
    pub ja: String,
    pub en: String,
}

/// How information of a level is handled (取扱制限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandlingRules {
    pub copying: Text,
    pub taking_out: Text,
    pub transmission: Text,
    pub storage: Text,
    pub disposal: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Level {
    /// The level's code within its axis ("3A", "2", ...).
    pub code: String,
    /// Higher is more sensitive.
    pub rank: u8,
    /// One of the scheme's top levels of the axis: for confidentiality, what may only be seen with a
    /// grant or a covering role, and may not sit on the internet-connected tier.
    pub top: bool,
    pub name: Text,
    pub definition: Text,
    pub handling: HandlingRules,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Axes {
    pub confidentiality: Vec<Level>,
    pub integrity: Vec<Level>,
    pub availability: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scheme {
    pub id: String,
    pub name: Text,
    pub axes: Axes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Axis {
    Confidentiality,
    Integrity,
    Availability,
}

impl Scheme {
    pub fn levels(&self, axis: Axis) -> &[Level] {
        match axis {
            Axis::Confidentiality => &self.axes.confidentiality,
            Axis::Integrity => &self.axes.integrity,
            Axis::Availability => &self.axes.availability,
        }
    }

    pub fn level(&self, axis: Axis, code: &str) -> Option<&Level> {
        self.levels(axis).iter().find(|l| l.code == code)
    }
}

const GUIDELINE_2024: &str = include_str!("../schemes/guideline-2024.json");
const LEGACY_321: &str = include_str!("../schemes/legacy-321.json");

/// The schemes Mamori ships, the 2024 guideline first (the default).
pub fn shipped() -> Vec<Scheme> {
    [GUIDELINE_2024, LEGACY_321]
        .into_iter()
        .map(|text| serde_json::from_str(text).expect("shipped schemes are valid (tested)"))
        .collect()
}

pub const DEFAULT_SCHEME: &str = "guideline-2024";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_schemes_are_complete_and_ordered() {
        let schemes = shipped();
        assert_eq!(schemes[0].id, DEFAULT_SCHEME);
        assert_eq!(schemes.len(), 2);
        for scheme in &schemes {
            for axis in [Axis::Confidentiality, Axis::Integrity, Axis::Availability] {
                let levels = scheme.levels(axis);
                assert!(levels.len() >= 2, "{} {axis:?}", scheme.id);
                assert!(
                    levels.windows(2).all(|w| w[0].rank > w[1].rank),
                    "{} {axis:?} by rank",
                    scheme.id
                );
                assert!(levels.iter().any(|l| l.top) && !levels.last().unwrap().top);
                for level in levels {
                    assert!(!level.definition.ja.is_empty() && !level.definition.en.is_empty());
                    assert!(!level.handling.disposal.ja.is_empty());
                }
            }
        }
        let codes: Vec<&str> = schemes[0]
            .axes
            .confidentiality
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        assert_eq!(codes, ["3A", "3B", "3C", "2", "1"]);
        let codes: Vec<&str> = schemes[1]
            .axes
            .confidentiality
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        assert_eq!(codes, ["3", "2", "1"]);
    }
}
