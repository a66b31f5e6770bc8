//! Pieces of every form: labelled inputs that show the server's message about their field, and the
//! form's own problem message.

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::use_i18n;

/// The failure of a form's last submission, if it failed.
pub type FormFailure = Signal<Option<ApiFailure>>;

/// The problem of a failed submission: its title, in the user's language, and the field errors that
/// no field of the form shows (`shown` lists those it does).
#[component]
pub fn FormProblem(
    failure: FormFailure,
    #[prop(optional)] shown: &'static [&'static str],
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure.get().map(|failure| {
            let failure = StoredValue::new(failure);
            view! {
                <div class="failure form-problem" role="alert" data-testid="form-problem">
                    <p>{move || failure.with_value(|f| f.title(i18n.lang()))}</p>
                    <ul>
                        {move || {
                            failure
                                .with_value(|f| f.other_field_messages(shown, i18n.lang()))
                                .into_iter()
                                .map(|message| view! { <li>{message}</li> })
                                .collect_view()
                        }}
                    </ul>
                </div>
            }
        })
    }
}

/// The server's message about `field`, beneath its input.
#[component]
pub fn FieldError(id: String, field: &'static str, failure: FormFailure) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure
            .get()
            .and_then(|f| f.field_message(field, i18n.lang()))
            .map(|message| view! { <p class="field-error" id=id.clone()>{message}</p> })
    }
}

/// Whether the server named `field` in the failure (reactive).
pub fn has_error(failure: FormFailure, field: &'static str) -> bool {
    failure.with(|f| f.as_ref().is_some_and(|f| f.names_field(field)))
}

/// The frame of one field: its label, the control (`children`, whose id is `id`), a hint, and the
/// server's message about `field` beneath. The control takes [`invalid`] and [`described_by`].
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
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.text(label)}</label>
            {children()}
            {hint.map(|key| view! { <p class="hint" id=format!("{id}-hint")>{i18n.text(key)}</p> })}
            <FieldError id=format!("{id}-error") field failure/>
        </div>
    }
}

/// A control's `aria-invalid`: whether the server named its field.
pub fn invalid(failure: FormFailure, field: &'static str) -> impl Fn() -> Option<&'static str> {
    move || has_error(failure, field).then_some("true")
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
        if has_error(failure, field) {
            ids.push(error_id.as_str());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled input bound to `value` (a text of several lines with `rows`); `field` is its name in
/// the API.
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
    let described = described_by(&id, failure, field, hint.is_some());
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                name=field
                required=required
                rows=rows
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
                required=required
                min=min
                aria-invalid=invalid(failure, field)
                aria-describedby=described
                bind:value=value
            />
        }
        .into_any(),
    };
    view! { <Field id label field failure hint>{control}</Field> }
}

/// A password: the one in use (the browser may fill it in), or a `new` one.
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
    let autocomplete = if new {
        "new-password"
    } else {
        "current-password"
    };
    view! { <TextField id label value field failure kind="password" autocomplete required=true hint/> }
}

/// The submit button of a form, disabled while the form is being sent.
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
            class=if danger { "button button-danger" } else { "button button-primary" }
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {move || if pending.get() { i18n.t("form.sending") } else { i18n.t(label) }}
        </button>
    }
}

/// The reason of a change, kept in the history (`reason` in the API).
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
    view! { <TextField id label value field="reason" failure required rows="2"/> }
}
