//! Messages in Japanese (the default) and English, from `locales/ja.json` and `locales/en.json`.
//! The chosen language is remembered in the browser and written to `<html lang>`.

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Ja => "ja",
            Self::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "ja" => Some(Self::Ja),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Ja => Self::En,
            Self::En => Self::Ja,
        }
    }
}

const JA: &str = include_str!("../locales/ja.json");
const EN: &str = include_str!("../locales/en.json");

fn catalogue(lang: Lang) -> &'static HashMap<String, String> {
    static JA_MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN_MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (cell, source) = match lang {
        Lang::Ja => (&JA_MAP, JA),
        Lang::En => (&EN_MAP, EN),
    };
    // The files are checked by the tests below, so a parse failure cannot ship.
    cell.get_or_init(|| serde_json::from_str(source).unwrap_or_default())
}

/// The message `key` in `lang`; the key itself if it is missing (visible, never blank).
pub fn message(lang: Lang, key: &str) -> String {
    catalogue(lang)
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

const STORAGE_KEY: &str = "mamori.lang";

/// The app's language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the remembered language (Japanese by default) and keeps `<html lang>` in step with it
    /// (the document's title is the screen's: [`crate::components::page::Page`]).
    pub fn provide() -> Self {
        let stored = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|code| Lang::from_code(&code));
        let i18n = Self {
            lang: RwSignal::new(stored.unwrap_or(Lang::Ja)),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            let document = document();
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
            if let Some(storage) = storage() {
                let _ = storage.set_item(STORAGE_KEY, lang.code());
            }
        });
        provide_context(i18n);
        i18n
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    pub fn toggle(&self) {
        self.lang.update(|lang| *lang = lang.other());
    }

    /// The message `key` in the current language (reactive).
    pub fn t(&self, key: &str) -> String {
        message(self.lang.get(), key)
    }

    /// The message `key`, following the language, as a view's text or attribute. One function of
    /// one type for every message: the view code that shows it is made once, not once per message.
    pub fn text(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.t(key)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Vec<String> {
        let map: HashMap<String, String> =
            serde_json::from_str(source).expect("a locale file is a flat JSON object of strings");
        let mut keys: Vec<String> = map.into_keys().collect();
        keys.sort();
        keys
    }

    /// Every key has a message in both languages.
    fn assert_named(keys: &[String]) {
        for lang in [Lang::Ja, Lang::En] {
            for key in keys {
                let code = lang.code();
                assert_ne!(&message(lang, key), key, "{key} is missing in {code}");
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        assert_eq!(keys(JA), keys(EN));
    }

    #[test]
    fn every_role_and_employment_kind_has_a_name() {
        use crate::components::labels::{employment_key, role_key};
        use mamori_shared::organisation::{EmploymentKind, Role};
        let keys: Vec<String> = Role::ALL
            .into_iter()
            .map(role_key)
            .chain(EmploymentKind::ALL.into_iter().map(employment_key))
            .collect();
        assert_named(&keys);
        assert_eq!(message(Lang::Ja, "role.manager"), "情報セキュリティ管理者");
    }

    #[test]
    fn every_code_of_the_register_has_a_name() {
        use crate::components::labels::{
            access_key, grant_status_key, kind_key, tier_key, ACCESS_LEVELS, GRANT_STATES,
        };
        use mamori_shared::assets::{AssetKind, NetworkTier};
        let keys: Vec<String> = AssetKind::ALL
            .into_iter()
            .map(kind_key)
            .chain(NetworkTier::ALL.into_iter().map(tier_key))
            .chain(ACCESS_LEVELS.into_iter().map(access_key))
            .chain(
                ACCESS_LEVELS
                    .into_iter()
                    .map(|a| format!("{}.hint", access_key(a))),
            )
            .chain(GRANT_STATES.into_iter().map(grant_status_key))
            .chain(
                [
                    "scheme_adopted",
                    "asset_registered",
                    "asset_classified",
                    "owner_changed",
                    "custodian_changed",
                    "tier_moved",
                    "asset_retired",
                    "details_changed",
                    "grant_requested",
                    "grant_approved",
                    "grant_rejected",
                    "grant_revoked",
                    "grant_expired",
                ]
                .into_iter()
                .map(|event| format!("event.assets.{event}")),
            )
            .collect();
        assert_named(&keys);
        assert_eq!(message(Lang::Ja, "tier.lgwan"), "LGWAN接続系");
    }

    #[test]
    fn japanese_is_japanese_and_english_is_english() {
        assert_eq!(message(Lang::Ja, "nav.assets"), "情報資産台帳");
        assert_eq!(message(Lang::En, "nav.assets"), "Asset register");
        assert_eq!(message(Lang::En, "no.such.key"), "no.such.key");
    }
}
