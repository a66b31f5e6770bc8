//! Looking at the past: one moment for the whole app, chosen on any list or detail page (a `Page`
//! with `as_of`), kept while moving between them, until "back to now". The screens' reads carry it
//! to the server (`?as_of=`), which answers with what the log held then — and offers no actions
//! there, so no form shows. The moment is also in the address, so that it survives a reload.

use leptos::prelude::*;

use crate::api;
use crate::components::form::{described_by, invalid, Field, FormChecks, FormFailure, Rule};
use crate::i18n::{use_i18n, Lang};

/// The query parameter, in the address and in the API.
const PARAM: &str = "as_of";

/// The moment looked at: a local date and time in Japan (`2026-11-30T10:00`, or with seconds), or
/// none for now.
#[derive(Clone, Copy)]
pub struct AsOf(RwSignal<Option<String>>);

impl AsOf {
    /// Provided once by the app, from the address it was opened at.
    pub fn provide() {
        let initial = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|search| {
                web_sys::UrlSearchParams::new_with_str(&search)
                    .ok()?
                    .get(PARAM)
            })
            .and_then(|value| local_moment(&value));
        provide_context(Self(RwSignal::new(initial)));
    }

    /// The API's `path` as of the moment looked at (reactive: read it inside a resource, so that
    /// the screen reloads when the moment changes).
    pub fn path(self, path: &str) -> String {
        match self.0.get() {
            None => path.to_owned(),
            Some(moment) => {
                let separator = if path.contains('?') { '&' } else { '?' };
                let seconds = if moment.len() == 16 { ":00" } else { "" };
                format!(
                    "{path}{separator}{PARAM}={}",
                    api::percent_encode(&format!("{moment}{seconds}+09:00"))
                )
            }
        }
    }

    pub fn is_past(self) -> bool {
        self.0.with(Option::is_some)
    }

    fn set(self, moment: Option<String>) {
        self.0.set(moment.clone());
        // The address follows, without a new history entry.
        if let Some(window) = web_sys::window() {
            let location = window.location();
            let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
                return;
            };
            let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
                return;
            };
            match &moment {
                Some(moment) => params.set(PARAM, moment),
                None => params.delete(PARAM),
            }
            let query = String::from(params.to_string());
            let url = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            if let Ok(history) = window.history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    }
}

pub fn use_as_of() -> AsOf {
    expect_context::<AsOf>()
}

/// `2026-11-30T10:00` or `2026-11-30T10:00:05` (what a `datetime-local` field gives), else nothing.
fn local_moment(value: &str) -> Option<String> {
    let value = match value.len() {
        16 | 19 => value,
        // Fractions of a second are more than anyone picks.
        n if n > 19 => value.get(..19)?,
        _ => return None,
    };
    let shape = value.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        10 => b == b'T',
        13 | 16 => b == b':',
        _ => b.is_ascii_digit(),
    });
    shape.then(|| value.to_owned())
}

/// `2026-11-30T10:00[:05]` → `2026年11月30日 10:00[:05]` (Japanese) or `2026-11-30 10:00[:05]`.
fn shown(moment: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return moment.replacen('T', " ", 1);
    }
    let part = |range: std::ops::Range<usize>| {
        moment
            .get(range)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    format!(
        "{}年{}月{}日 {}",
        part(0..4),
        part(5..7),
        part(8..10),
        moment.get(11..).unwrap_or("")
    )
}

/// The picker of a moment, and while one is chosen, the banner that says the screen shows the past.
#[component]
pub fn AsOfPicker() -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_as_of();
    let field = RwSignal::new(as_of.0.get_untracked().unwrap_or_default());
    // A moment not (fully) entered is said beside the field, as in every form.
    let checks = FormChecks::new();
    let failure = FormFailure::checked(checks);
    let show = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if checks.pass() {
            as_of.set(local_moment(&field.get_untracked()));
        }
    };
    let back = move |_| {
        field.set(String::new());
        as_of.set(None);
    };
    view! {
        <form class="as-of" novalidate on:submit=show data-testid="as-of">
            <Field id="as-of-moment" label="as_of.label" field="as_of" failure rule=Rule::text(0) value=field unmarked=true>
                <input
                    id="as-of-moment"
                    type="datetime-local"
                    step="1"
                    aria-required="true"
                    aria-invalid=invalid(failure, "as_of")
                    aria-describedby=described_by("as-of-moment", failure, "as_of", false)
                    bind:value=field
                />
            </Field>
            <button type="submit" class="button">{i18n.text("as_of.show")}</button>
        </form>
        {move || {
            as_of.0.get().map(|moment| {
                view! {
                    <div class="as-of-banner" role="status" data-testid="as-of-banner">
                        <span>{i18n.t("as_of.banner").replace("{moment}", &shown(&moment, i18n.lang()))}</span>
                        <button type="button" class="button" on:click=back>
                            {i18n.text("as_of.now")}
                        </button>
                    </div>
                }
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_a_local_date_and_time() {
        assert_eq!(
            local_moment("2026-11-30T10:05").as_deref(),
            Some("2026-11-30T10:05")
        );
        assert_eq!(
            local_moment("2026-11-30T10:05:30").as_deref(),
            Some("2026-11-30T10:05:30")
        );
        assert_eq!(
            local_moment("2026-11-30T10:05:30.250").as_deref(),
            Some("2026-11-30T10:05:30")
        );
        assert_eq!(local_moment("2026-11-30"), None);
        assert_eq!(local_moment("yesterday, at ten"), None);
        assert_eq!(shown("2026-01-05T09:30", Lang::Ja), "2026年1月5日 09:30");
        assert_eq!(
            shown("2026-01-05T09:30:07", Lang::En),
            "2026-01-05 09:30:07"
        );
    }
}
