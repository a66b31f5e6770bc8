//! Messages in Japanese (the default) and English. The shell's own (header, menu, sign-in,
//! dashboard, the kit, errors) are `locales/ja.json` and `locales/en.json`, compiled into the shell;
//! an area's are `locales/<name>.ja.json` and `.en.json`, compiled into the area's chunk and added
//! here when it loads, before its first screen shows (`lazy_area!`, docs/frontend-size.md).
//! The chosen language is remembered in the browser and written to `<html lang>`.

use std::cell::RefCell;
use std::collections::HashMap;

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

/// The messages known so far, Japanese then English: the shell's, and those of every area loaded.
type Catalogue = [HashMap<String, String>; 2];

thread_local! {
    static CATALOGUE: RefCell<Option<Catalogue>> = const { RefCell::new(None) };
}

/// Parses one locale file; the files are checked by the tests below, so a failure cannot ship.
fn parse(source: &str) -> HashMap<String, String> {
    serde_json::from_str(source).unwrap_or_default()
}

fn with_catalogue<R>(f: impl FnOnce(&mut Catalogue) -> R) -> R {
    CATALOGUE.with(|cell| {
        f(cell
            .borrow_mut()
            .get_or_insert_with(|| [parse(JA), parse(EN)]))
    })
}

/// Adds an area's messages (its `locales/<name>.ja.json` and `.en.json`); called by the area's
/// chunk, through `lazy_area!`, before it shows a screen. Adding them again changes nothing.
pub fn add_texts(ja: &str, en: &str) {
    with_catalogue(|catalogue| {
        for (map, source) in catalogue.iter_mut().zip([ja, en]) {
            map.extend(parse(source));
        }
    });
}

/// The message `key` in `lang`; the key itself if it is missing (visible, never blank).
pub fn message(lang: Lang, key: &str) -> String {
    let index = match lang {
        Lang::Ja => 0,
        Lang::En => 1,
    };
    with_catalogue(|catalogue| catalogue[index].get(key).cloned()).unwrap_or_else(|| key.to_owned())
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
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn keys(source: &str) -> Vec<String> {
        let map: HashMap<String, String> =
            serde_json::from_str(source).expect("a locale file is a flat JSON object of strings");
        let mut keys: Vec<String> = map.into_keys().collect();
        keys.sort();
        keys
    }

    fn crate_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The areas' locale files, by name (`locales/<name>.ja.json`): Japanese, English.
    fn area_files() -> BTreeMap<String, (String, String)> {
        let dir = crate_dir().join("locales");
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).expect("locales/") {
            let file = entry
                .expect("locales/")
                .file_name()
                .into_string()
                .expect("a UTF-8 name");
            if let Some(name) = file.strip_suffix(".ja.json") {
                let en = dir.join(format!("{name}.en.json"));
                assert!(en.exists(), "locales/{file} has no locales/{name}.en.json");
                files.insert(name.to_owned(), (read(&dir.join(&file)), read(&en)));
            } else if let Some(name) = file.strip_suffix(".en.json") {
                let ja = dir.join(format!("{name}.ja.json"));
                assert!(ja.exists(), "locales/{file} has no locales/{name}.ja.json");
            }
        }
        files
    }

    /// The messages of the shell and of every area, as if every area had been opened.
    fn load_every_area() {
        for (ja, en) in area_files().values() {
            add_texts(ja, en);
        }
    }

    /// Every key has a message in both languages, once every area is loaded.
    fn assert_named(keys: &[String]) {
        load_every_area();
        for lang in [Lang::Ja, Lang::En] {
            for key in keys {
                let code = lang.code();
                assert_ne!(&message(lang, key), key, "{key} is missing in {code}");
            }
        }
    }

    /// Every key has a message in both languages in the shell's own files (shown by the shell,
    /// before any area is loaded).
    fn assert_named_in_shell(keys: &[String]) {
        let shell = [parse(JA), parse(EN)];
        for (map, code) in shell.iter().zip(["ja", "en"]) {
            for key in keys {
                assert!(
                    map.contains_key(key),
                    "{key} is missing in locales/{code}.json"
                );
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        assert_eq!(keys(JA), keys(EN));
        for (name, (ja, en)) in area_files() {
            assert_eq!(
                keys(&ja),
                keys(&en),
                "locales/{name}.ja.json and .en.json differ"
            );
        }
    }

    /// A key is in one file only: an area's text cannot silently replace the shell's, or another's.
    #[test]
    fn every_key_is_in_one_file() {
        let mut seen: HashMap<String, String> = keys(JA)
            .into_iter()
            .map(|k| (k, "ja.json".to_owned()))
            .collect();
        for (name, (ja, _)) in area_files() {
            for key in keys(&ja) {
                if let Some(other) = seen.insert(key.clone(), format!("{name}.ja.json")) {
                    panic!("{key} is in locales/{other} and locales/{name}.ja.json");
                }
            }
        }
    }

    /// The `.rs` files under `dir`, as (path, text).
    fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("src/") {
            let path = entry.expect("src/").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((path.clone(), read(&path)));
            }
        }
    }

    /// Every text a screen names where it is (`"key"`) is in a file its code can see: the shell's
    /// code (outside `pages/<area>/`, and every area's `routes.rs`) only the shell's files, an
    /// area's code those the area names in its `lazy_area!(... texts [...])` and the shell's. (Keys
    /// made at run time, `format!("role.{code}")`, are checked by the tests of the codes below.)
    #[test]
    fn every_text_is_where_its_screen_finds_it() {
        let areas = area_files();
        let in_file = |name: &str, key: &str| keys(&areas[name].0).iter().any(|k| k == key);
        let area_key = |key: &str| areas.keys().find(|name| in_file(name, key)).cloned();
        let src = crate_dir().join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        // Each area folder's files, by the texts its routes.rs names.
        let mut named: HashMap<PathBuf, Vec<String>> = HashMap::new();
        for (path, text) in &files {
            if path.file_name().is_some_and(|f| f == "routes.rs") {
                let list = text
                    .split_once(" texts [")
                    .and_then(|(_, rest)| rest.split_once(']'))
                    .map(|(list, _)| list.split(',').map(|n| n.trim().to_owned()).collect())
                    .unwrap_or_default();
                named.insert(path.parent().expect("a folder").to_path_buf(), list);
            }
        }
        for (path, text) in &files {
            if path.ends_with("i18n.rs") {
                continue;
            }
            let is_routes = path.file_name().is_some_and(|f| f == "routes.rs");
            let visible = named
                .iter()
                .find(|(dir, _)| !is_routes && path.starts_with(dir))
                .map(|(_, list)| list.clone())
                .unwrap_or_default();
            for literal in text.split('"').skip(1).step_by(2) {
                if let Some(file) = area_key(literal) {
                    assert!(
                        visible.contains(&file),
                        "{} shows {literal}, which is in locales/{file}.*.json: it does not load it",
                        path.display()
                    );
                }
            }
        }
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
        // The user menu shows my roles on every screen.
        assert_named_in_shell(&Role::ALL.into_iter().map(role_key).collect::<Vec<_>>());
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
                    "grant_withdrawn",
                    "inquiry_made",
                    "inquiry_linked",
                    "inquiry_declined",
                    "inquiry_withdrawn",
                ]
                .into_iter()
                .map(|event| format!("event.assets.{event}")),
            )
            .chain(
                // The task kinds the server declares (backend/src/tasks), and their outcomes.
                [
                    "grant.decide",
                    "grant.decided",
                    "grant.ending",
                    "inquiry.answer",
                    "inquiry.declined",
                    "document.vote",
                    "document.acknowledge",
                    "outcome.approved",
                    "outcome.rejected",
                    "outcome.declined",
                ]
                .into_iter()
                .map(|kind| format!("task.{kind}")),
            )
            .chain(
                ["open", "linked", "declined", "withdrawn"]
                    .into_iter()
                    .map(|status| format!("inquiry.status.{status}")),
            )
            .collect();
        assert_named(&keys);
        // The dashboard shows my grants' access and my tasks, the header how many.
        let shown_by_the_shell: Vec<String> = ACCESS_LEVELS
            .into_iter()
            .map(access_key)
            .chain(keys.iter().filter(|k| k.starts_with("task.")).cloned())
            .collect();
        assert_named_in_shell(&shown_by_the_shell);
        assert_eq!(message(Lang::Ja, "tier.lgwan"), "LGWAN接続系");
    }

    #[test]
    fn every_code_of_the_documents_has_a_name() {
        use crate::pages::documents::{
            choice_key, kind_key, status_key, threshold_key, THRESHOLDS,
        };
        use mamori_shared::documents::{DocumentKind, VoteChoice};
        let keys: Vec<String> = DocumentKind::ALL
            .into_iter()
            .map(kind_key)
            .chain(
                [VoteChoice::Approve, VoteChoice::Reject, VoteChoice::Abstain]
                    .into_iter()
                    .map(choice_key),
            )
            .chain(THRESHOLDS.into_iter().map(threshold_key))
            .chain(
                // RevisionView.status, VersionEntry.status (backend/src/projections/documents.rs).
                [
                    "none",
                    "draft",
                    "in_review",
                    "approved",
                    "rejected",
                    "discarded",
                    "in_force",
                    "superseded",
                ]
                .into_iter()
                .map(status_key),
            )
            .chain(
                ["approved", "rejected"]
                    .into_iter()
                    .map(|outcome| format!("decision.outcome.{outcome}")),
            )
            .chain(
                [
                    "document_created",
                    "revision_opened",
                    "revision_published",
                    "revision_drafted",
                    "revision_edited",
                    "revision_submitted",
                    "vote_cast",
                    "revision_decided",
                    "revision_discarded",
                    "decision_rule_set",
                    "document_acknowledged",
                    "training_scheduled",
                    "attendance_recorded",
                ]
                .into_iter()
                .map(|event| format!("event.documents.{event}")),
            )
            .collect();
        assert_named(&keys);
        assert_eq!(
            message(Lang::Ja, "document.kind.standards"),
            "情報セキュリティ対策基準"
        );
    }

    #[test]
    fn japanese_is_japanese_and_english_is_english() {
        assert_eq!(message(Lang::Ja, "nav.assets"), "情報資産台帳");
        assert_eq!(message(Lang::En, "nav.assets"), "Asset register");
        assert_eq!(message(Lang::En, "no.such.key"), "no.such.key");
    }
}
