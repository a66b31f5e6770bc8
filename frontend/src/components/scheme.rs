//! The adopted classification scheme (seed §6(2)), as the server sends it: each level's name,
//! definition and handling rules come from `GET /classification/schemes`, never from this code.

use leptos::prelude::*;
use mamori_shared::api::assets::Schemes;
use mamori_shared::assets::Classification;
use mamori_shared::classification::{Axis, Level, Scheme, Text};
use serde::Deserialize;

use crate::api::{self, ApiFailure};
use crate::i18n::{use_i18n, Lang};

/// The three axes, with the message key of each one's name, in the order the guideline lists them.
pub const AXES: [(Axis, &str); 3] = [
    (Axis::Confidentiality, "axis.confidentiality"),
    (Axis::Integrity, "axis.integrity"),
    (Axis::Availability, "axis.availability"),
];

/// The API's name of an axis (the register's filter, the classification's field).
pub fn axis_code(axis: Axis) -> &'static str {
    match axis {
        Axis::Confidentiality => "confidentiality",
        Axis::Integrity => "integrity",
        Axis::Availability => "availability",
    }
}

/// The handling rules of a level, with the message key of each: (key, rule).
pub fn handling_rules(level: &Level) -> [(&'static str, &Text); 5] {
    let rules = &level.handling;
    [
        ("handling.copying", &rules.copying),
        ("handling.taking_out", &rules.taking_out),
        ("handling.transmission", &rules.transmission),
        ("handling.storage", &rules.storage),
        ("handling.disposal", &rules.disposal),
    ]
}

/// The organisation's scheme in force.
pub async fn load_adopted_scheme() -> Result<Scheme, ApiFailure> {
    let schemes = api::get::<Schemes>("/classification/schemes").await?;
    let adopted = schemes.adopted.clone();
    schemes
        .schemes
        .into_iter()
        .find(|scheme| scheme.id == adopted)
        .ok_or_else(|| ApiFailure::Decode(format!("the adopted scheme {adopted} is not listed")))
}

/// A confidentiality level of the adopted scheme as the dashboard shows it: its code, its name and
/// its badge class ([`scheme_level_class`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LevelName {
    pub code: String,
    pub name: Text,
    pub class: &'static str,
}

/// `GET /classification/schemes` read for [`LevelName`]s only: each scheme's id and its
/// confidentiality levels' code, name and `top` (serde passes over the rest — definitions,
/// handling rules, the other axes), so that the shell holds no reader of the whole [`Scheme`].
#[derive(Deserialize)]
struct SchemeNames {
    adopted: String,
    schemes: Vec<SchemeLevels>,
}

#[derive(Deserialize)]
struct SchemeLevels {
    id: String,
    axes: ConfidentialityLevels,
}

#[derive(Deserialize)]
struct ConfidentialityLevels {
    confidentiality: Vec<LevelHead>,
}

#[derive(Deserialize)]
struct LevelHead {
    code: String,
    top: bool,
    name: Text,
}

/// The confidentiality levels of the organisation's scheme in force, most sensitive first, from the
/// text of `GET /classification/schemes`.
pub fn confidentiality_levels(schemes: &str) -> Result<Vec<LevelName>, ApiFailure> {
    let names = api::decode::<SchemeNames>(schemes)?;
    let adopted = names.adopted;
    let levels = names
        .schemes
        .into_iter()
        .find(|scheme| scheme.id == adopted)
        .ok_or_else(|| ApiFailure::Decode(format!("the adopted scheme {adopted} is not listed")))?
        .axes
        .confidentiality;
    let lowest = levels.last().map(|level| level.code.clone());
    Ok(levels
        .into_iter()
        .map(|level| LevelName {
            class: badge_class(level.top, lowest.as_ref() == Some(&level.code)),
            code: level.code,
            name: level.name,
        })
        .collect())
}

/// Text of the scheme in the user's language.
pub fn text(text: &Text, lang: Lang) -> String {
    match lang {
        Lang::Ja => text.ja.clone(),
        Lang::En => text.en.clone(),
    }
}

/// The code of `axis` in a classification.
pub fn code_of(classification: &Classification, axis: Axis) -> &str {
    match axis {
        Axis::Confidentiality => &classification.confidentiality,
        Axis::Integrity => &classification.integrity,
        Axis::Availability => &classification.availability,
    }
}

/// The badge class of a confidentiality level kind as the API names it (`AssetView.level`).
pub fn level_class(level: &str) -> &'static str {
    match level {
        "top" => "badge level level-top",
        "internal" => "badge level level-internal",
        "public" => "badge level level-public",
        _ => "badge level level-unclassified",
    }
}

/// The badge class of a level of the scheme: the lowest level of any axis reads as public, the top
/// levels of confidentiality (which restrict access) as top, the rest as between.
pub fn scheme_level_class(scheme: &Scheme, axis: Axis, level: &Level) -> &'static str {
    let lowest = scheme
        .levels(axis)
        .last()
        .is_some_and(|l| l.code == level.code);
    badge_class(level.top && axis == Axis::Confidentiality, lowest)
}

/// The badge class of a level: `restricted` for a top level of confidentiality, `lowest` for the
/// lowest level of its axis.
fn badge_class(restricted: bool, lowest: bool) -> &'static str {
    if restricted {
        "badge level level-top"
    } else if lowest {
        "badge level level-public"
    } else {
        "badge level level-internal"
    }
}

/// One level in full: its name, its definition, and its handling rules (取扱制限).
#[component]
pub fn LevelDescription(level: Level) -> impl IntoView {
    let i18n = use_i18n();
    let level = StoredValue::new(level);
    view! {
        <p class="level-definition">{move || level.with_value(|l| text(&l.definition, i18n.lang()))}</p>
        <dl class="handling">
            {move || {
                level
                    .with_value(|l| {
                        handling_rules(l)
                            .into_iter()
                            .map(|(key, rule)| {
                                let rule = text(rule, i18n.lang());
                                view! {
                                    <dt>{i18n.t(key)}</dt>
                                    <dd>{rule}</dd>
                                }
                            })
                            .collect_view()
                    })
            }}
        </dl>
    }
}
