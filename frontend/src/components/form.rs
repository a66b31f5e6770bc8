//! Pieces of every form: labelled fields that say what is wrong with them, and the form's own
//! problem message. A field's [`Rule`] (必須, length, format) is checked by Mamori before anything
//! is sent, in the user's language, beside the field (`aria-invalid`, `aria-describedby`); the
//! server's message about the field (a 422 or 400 naming it) shows in the same place. Forms are
//! `novalidate` (and [`Submit`] is `formnovalidate`): the browser's own bubbles never show.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiFailure;
use crate::i18n::{use_i18n, I18n};

/// A format a value must have: whether it has it, and the message key that says what it should be.
pub type Format = (fn(&str) -> bool, &'static str);

/// What a field's value must be, checked before the form is sent (the server checks again).
#[derive(Clone, Copy, Default)]
pub struct Rule {
    /// 必須: not empty (spaces alone are empty).
    pub required: bool,
    /// Chosen from a list (a select, radio buttons): "choose one" rather than "enter".
    pub choice: bool,
    /// At least this many characters (when not empty).
    pub min_chars: usize,
    /// At most this many characters (0: any).
    pub max_chars: usize,
    /// The value's format (when not empty).
    pub format: Option<Format>,
}

impl Rule {
    /// Required text of at most `max_chars` characters (0: any).
    pub const fn text(max_chars: usize) -> Self {
        Self {
            required: true,
            choice: false,
            min_chars: 0,
            max_chars,
            format: None,
        }
    }

    /// One of a list must be chosen.
    pub const fn choice() -> Self {
        Self {
            required: true,
            choice: true,
            min_chars: 0,
            max_chars: 0,
            format: None,
        }
    }

    /// What is wrong with `value`, if anything.
    fn problem(&self, value: &str) -> Option<Problem> {
        if value.chars().all(char::is_whitespace) {
            return match (self.required, self.choice) {
                (false, _) => None,
                (true, false) => Some(Problem::Missing),
                (true, true) => Some(Problem::Unchosen),
            };
        }
        let chars = value.chars().count();
        if chars < self.min_chars {
            Some(Problem::Short(self.min_chars))
        } else if self.max_chars > 0 && chars > self.max_chars {
            Some(Problem::Long(self.max_chars))
        } else {
            self.format
                .and_then(|(valid, key)| (!valid(value)).then_some(Problem::Format(key)))
        }
    }
}

/// What Mamori found wrong with a field before sending.
#[derive(Clone, Copy, PartialEq)]
enum Problem {
    Missing,
    Unchosen,
    Short(usize),
    Long(usize),
    /// A message key.
    Format(&'static str),
}

impl Problem {
    fn text(self, i18n: I18n) -> String {
        let count = |key, n: usize| i18n.t(key).replace("{n}", &n.to_string());
        match self {
            Self::Missing => i18n.t("form.missing"),
            Self::Unchosen => i18n.t("form.unchosen"),
            Self::Short(n) => count("form.too_short", n),
            Self::Long(n) => count("form.too_long", n),
            Self::Format(key) => i18n.t(key),
        }
    }
}

/// One field's check: its form, its name in the API, its control (where the focus goes), and what
/// is wrong now.
struct Check {
    form: u32,
    token: u32,
    field: &'static str,
    control: String,
    problem: Rc<dyn Fn() -> Option<Problem>>,
}

thread_local! {
    /// The checks of every form on the screen, in the order of their fields.
    static CHECKS: RefCell<Vec<Check>> = const { RefCell::new(Vec::new()) };
    /// Numbers forms and checks.
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

fn next_number() -> u32 {
    NEXT.with(|next| {
        let number = next.get();
        next.set(number + 1);
        number
    })
}

/// The checks of one form's fields (made by [`use_submission`](super::submission::use_submission)).
#[derive(Clone, Copy)]
pub struct FormChecks {
    form: u32,
    /// Whether sending was tried: from then on every field says what is wrong with it, as it is
    /// corrected. Cleared once a submission succeeds.
    tried: RwSignal<bool>,
}

impl FormChecks {
    pub fn new() -> Self {
        Self {
            form: next_number(),
            tried: RwSignal::new(false),
        }
    }

    /// Starts an attempt to send: whether every field is fine. If one is not, the focus goes to the
    /// first that is not.
    pub fn pass(self) -> bool {
        self.tried.set(true);
        let wrong = CHECKS.with(|checks| {
            checks
                .borrow()
                .iter()
                .find(|check| check.form == self.form && (check.problem)().is_some())
                .map(|check| check.control.clone())
        });
        let Some(control) = wrong else {
            return true;
        };
        if let Some(control) = document()
            .get_element_by_id(&control)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = control.focus();
        }
        false
    }

    /// The submission succeeded: the form starts afresh.
    pub fn reset(self) {
        self.tried.try_set(false);
    }

    fn add(self, field: &'static str, control: &str, problem: Rc<dyn Fn() -> Option<Problem>>) {
        let (form, token) = (self.form, next_number());
        let control = control.to_owned();
        CHECKS.with(|checks| {
            checks.borrow_mut().push(Check {
                form,
                token,
                field,
                control,
                problem,
            })
        });
        // A field that goes (its form, or a part of it hidden) is no longer checked.
        on_cleanup(move || {
            CHECKS.with(|checks| checks.borrow_mut().retain(|check| check.token != token));
        });
    }

    /// What is wrong with `field` (any field: ""), once sending was tried (reactive).
    fn problem(self, field: &str) -> Option<Problem> {
        if !self.tried.get() {
            return None;
        }
        CHECKS.with(|checks| {
            checks
                .borrow()
                .iter()
                .filter(|check| {
                    check.form == self.form && (field.is_empty() || check.field == field)
                })
                .find_map(|check| (check.problem)())
        })
    }
}

impl Default for FormChecks {
    fn default() -> Self {
        Self::new()
    }
}

/// What is wrong with a form: its fields' own checks, and the server's problem with its last
/// submission (field errors included).
#[derive(Clone, Copy)]
pub struct FormFailure {
    server: Signal<Option<ApiFailure>>,
    checks: Option<FormChecks>,
}

impl FormFailure {
    pub fn new(server: Signal<Option<ApiFailure>>, checks: FormChecks) -> Self {
        Self {
            server,
            checks: Some(checks),
        }
    }

    /// Nothing ever wrong: for a field outside a form (a list's filter).
    pub fn none() -> Self {
        Self {
            server: Signal::derive(|| None),
            checks: None,
        }
    }

    /// A form's fields' own checks alone (a form that sends nothing to the server).
    pub fn checked(checks: FormChecks) -> Self {
        Self {
            checks: Some(checks),
            ..Self::none()
        }
    }

    /// The server's problem with the last submission, if it failed (reactive).
    pub fn server(self) -> Option<ApiFailure> {
        self.server.get()
    }

    /// Whether anything is wrong: a field, or the last submission (reactive).
    pub fn failed(self) -> bool {
        self.checks
            .is_some_and(|checks| checks.problem("").is_some())
            || self.server.with(Option::is_some)
    }

    /// Checks `field` (whose control has the id `control`) by `rule` on `value` before sending.
    pub fn check(self, field: &'static str, control: &str, rule: Rule, value: Signal<String>) {
        if let Some(checks) = self.checks {
            checks.add(
                field,
                control,
                Rc::new(move || value.with(|v| rule.problem(v))),
            );
        }
    }

    /// `field` is wrong (the message `key`) unless `holds` (two passwords that must match…).
    pub fn insist(
        self,
        field: &'static str,
        control: &str,
        key: &'static str,
        holds: impl Fn() -> bool + 'static,
    ) {
        if let Some(checks) = self.checks {
            checks.add(
                field,
                control,
                Rc::new(move || (!holds()).then_some(Problem::Format(key))),
            );
        }
    }

    /// What to say about `field`: Mamori's own finding, else the server's (reactive).
    fn message(self, field: &'static str, i18n: I18n) -> Option<String> {
        match self.checks.and_then(|checks| checks.problem(field)) {
            Some(problem) => Some(problem.text(i18n)),
            None => self
                .server
                .with(|f| f.as_ref().and_then(|f| f.field_message(field, i18n.lang()))),
        }
    }

    /// Whether something is wrong with `field` (reactive).
    fn names(self, field: &'static str) -> bool {
        self.checks
            .is_some_and(|checks| checks.problem(field).is_some())
            || self
                .server
                .with(|f| f.as_ref().is_some_and(|f| f.names_field(field)))
    }
}

/// The problem of a form: that some fields are wrong (Mamori's checks, said beside them), or the
/// server's refusal in the user's language with the field errors that no field of the form shows
/// (`shown` lists those it does).
#[component]
pub fn FormProblem(
    failure: FormFailure,
    #[prop(optional)] shown: &'static [&'static str],
) -> impl IntoView {
    let i18n = use_i18n();
    // (what is wrong, the messages about fields not shown beside them)
    let problem = move || {
        if failure
            .checks
            .is_some_and(|checks| checks.problem("").is_some())
        {
            return Some((i18n.t("form.invalid"), Vec::new()));
        }
        let lang = i18n.lang();
        failure
            .server()
            .map(|f| (f.title(lang), f.other_field_messages(shown, lang)))
    };
    move || {
        problem().map(|(title, others)| {
            view! {
                <div class="failure form-problem" role="alert" data-testid="form-problem">
                    <p>{title}</p>
                    <ul>{others.into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// What is wrong with `field`, beneath its control (the element `id` its `aria-describedby` names).
#[component]
pub fn FieldError(id: String, field: &'static str, failure: FormFailure) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure
            .message(field, i18n)
            .map(|message| view! { <p class="field-error" id=id.clone()>{message}</p> })
    }
}

/// The frame of one field: its label (with 「必須」 when required), the control (`children`, whose id
/// is `id`), a hint, and what is wrong with the field beneath. With a `rule` and the `value`, the
/// field is checked before the form is sent. The control takes [`invalid`], [`described_by`] and
/// [`aria_required`].
#[component]
pub fn Field(
    #[prop(into)] id: String,
    /// The message key of the label.
    label: &'static str,
    field: &'static str,
    failure: FormFailure,
    /// The message key of a hint shown beneath the control.
    #[prop(into, default = None)]
    hint: Option<&'static str>,
    #[prop(optional)] rule: Rule,
    /// The value the rule checks.
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    /// No 「必須」 beside the label (a field whose form has no other, such as the moment picker).
    #[prop(optional)]
    unmarked: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(value) = value {
        failure.check(field, &id, rule, value);
    }
    view! {
        <div class="field">
            <div class="field-label">
                <label for=id.clone()>{i18n.text(label)}</label>
                {(rule.required && !unmarked).then(required_mark)}
            </div>
            {children()}
            {hint.map(|key| view! { <p class="hint" id=format!("{id}-hint")>{i18n.text(key)}</p> })}
            <FieldError id=format!("{id}-error") field failure/>
        </div>
    }
}

/// 「必須」 beside a label: seen, and not read out twice (the control says it is required).
pub fn required_mark() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="required" aria-hidden="true">{i18n.text("form.required")}</span> }
}

/// A control's `aria-required`.
pub fn aria_required(rule: Rule) -> Option<&'static str> {
    rule.required.then_some("true")
}

/// A control's `aria-invalid`: whether something is wrong with its field.
pub fn invalid(failure: FormFailure, field: &'static str) -> impl Fn() -> Option<&'static str> {
    move || failure.names(field).then_some("true")
}

/// A control's `aria-describedby`: its [`Field`]'s hint (if it has one) and error (while there is one).
pub fn described_by(
    id: &str,
    failure: FormFailure,
    field: &'static str,
    hint: bool,
) -> impl Fn() -> Option<String> {
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(hint_id.as_str());
        }
        if failure.names(field) {
            ids.push(error_id.as_str());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled input bound to `value` (a text of several lines with `rows`); `field` is its name in
/// the API. `required` and `max_chars` make its [`Rule`] unless `rule` is given.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    /// The message key of the label.
    label: &'static str,
    value: RwSignal<String>,
    field: &'static str,
    failure: FormFailure,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// At most this many characters.
    #[prop(optional)]
    max_chars: usize,
    /// What the value must be (instead of `required` and `max_chars`).
    #[prop(optional)]
    rule: Option<Rule>,
    /// The earliest date of a date field.
    #[prop(optional)]
    min: Option<String>,
    /// The lines of a text of several lines.
    #[prop(optional)]
    rows: Option<&'static str>,
    /// The message key of a hint shown beneath the input.
    #[prop(into, default = None)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let rule = rule.unwrap_or(Rule {
        required,
        max_chars,
        ..Rule::default()
    });
    let described = described_by(&id, failure, field, hint.is_some());
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                name=field
                rows=rows
                aria-required=aria_required(rule)
                aria-invalid=invalid(failure, field)
                aria-describedby=described
                bind:value=value
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id.clone()
                name=field
                type=kind
                autocomplete=autocomplete
                min=min
                aria-required=aria_required(rule)
                aria-invalid=invalid(failure, field)
                aria-describedby=described
                bind:value=value
            />
        }
        .into_any(),
    };
    view! { <Field id label field failure hint rule value>{control}</Field> }
}

/// A password: the one in use (the browser may fill it in), or a `new` one (12 to 128
/// characters, as the server's policy says; the server checks the rest).
#[component]
pub fn PasswordField(
    #[prop(into)] id: String,
    /// The message key of the label.
    label: &'static str,
    value: RwSignal<String>,
    field: &'static str,
    failure: FormFailure,
    #[prop(optional)] new: bool,
    #[prop(into, default = None)] hint: Option<&'static str>,
) -> impl IntoView {
    let (autocomplete, rule) = if new {
        let rule = Rule {
            min_chars: 12,
            ..Rule::text(128)
        };
        ("new-password", rule)
    } else {
        ("current-password", Rule::text(0))
    };
    view! { <TextField id label value field failure kind="password" autocomplete rule hint/> }
}

/// The submit button of a form, disabled while the form is being sent. The form's fields are
/// checked by Mamori, never by the browser (`formnovalidate`).
#[component]
pub fn Submit(
    /// The message key of the button.
    label: &'static str,
    pending: Signal<bool>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            formnovalidate=true
            class=if danger { "button button-danger" } else { "button button-primary" }
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {move || if pending.get() { i18n.t("form.sending") } else { i18n.t(label) }}
        </button>
    }
}

/// The reason of a change, kept in the history (`reason` in the API: at most 500 characters).
#[component]
pub fn ReasonField(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    failure: FormFailure,
    /// The message key of the label ("理由" unless said otherwise).
    #[prop(default = "form.reason")]
    label: &'static str,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    view! { <TextField id label value field="reason" failure required max_chars=500 rows="2"/> }
}
