//! Whom a document or a training is for (seed §4, §5): everyone (contractors included), the staff
//! (職員等), or the people of listed departments and the holders of listed roles.

use leptos::prelude::*;
use mamori_shared::documents::Audience;
use mamori_shared::organisation::Role;
use uuid::Uuid;

use crate::components::department_select::load_departments;
use crate::components::form::{FieldError, FormFailure};
use crate::components::labels::role_key;
use crate::components::status::Loaded;
use crate::i18n::{use_i18n, I18n};

/// The audience as a form holds it while it is chosen.
#[derive(Clone, Copy)]
pub struct AudienceChoice {
    /// `everyone`, `staff` or `listed`.
    kind: RwSignal<&'static str>,
    departments: RwSignal<Vec<Uuid>>,
    roles: RwSignal<Vec<Role>>,
}

impl AudienceChoice {
    pub fn new(kind: &'static str) -> Self {
        Self {
            kind: RwSignal::new(kind),
            departments: RwSignal::new(Vec::new()),
            roles: RwSignal::new(Vec::new()),
        }
    }

    /// The audience chosen (not reactive).
    pub fn audience(self) -> Audience {
        match self.kind.get_untracked() {
            "everyone" => Audience::Everyone,
            "staff" => Audience::Staff,
            _ => Audience::Listed {
                departments: self.departments.get_untracked(),
                roles: self.roles.get_untracked(),
            },
        }
    }
}

const KINDS: [&str; 3] = ["everyone", "staff", "listed"];

fn toggle<T: PartialEq + Clone + Send + Sync + 'static>(list: RwSignal<Vec<T>>, item: T, on: bool) {
    list.update(|list| {
        list.retain(|x| *x != item);
        if on {
            list.push(item);
        }
    });
}

/// The audience's radio buttons; for listed ones, the departments and roles to tick.
#[component]
pub fn AudienceField(
    /// Names the inputs (`{prefix}-audience-staff`, ...).
    prefix: &'static str,
    choice: AudienceChoice,
    failure: FormFailure,
) -> impl IntoView {
    let i18n = use_i18n();
    let departments = LocalResource::new(load_departments);
    let listed = move || choice.kind.get() == "listed";
    view! {
        <fieldset class="field" data-testid=format!("{prefix}-audience")>
            <legend>{i18n.text("audience.label")}</legend>
            {KINDS
                .into_iter()
                .map(|kind| {
                    let input_id = format!("{prefix}-audience-{kind}");
                    let key = format!("audience.{kind}");
                    view! {
                        <div class="field-check">
                            <input
                                id=input_id.clone()
                                type="radio"
                                name=format!("{prefix}-audience")
                                value=kind
                                prop:checked=move || choice.kind.get() == kind
                                on:change=move |_| choice.kind.set(kind)
                            />
                            <label for=input_id>{move || i18n.t(&key)}</label>
                        </div>
                    }
                })
                .collect_view()}
            <Show when=listed>
                <div class="audience-lists">
                    <fieldset class="field checks">
                        <legend>{i18n.text("audience.departments")}</legend>
                        <Loaded value=move || departments.get() let:list>
                            {list
                                .into_iter()
                                .map(|(id, path)| {
                                    let input_id = format!("{prefix}-audience-department-{id}");
                                    view! {
                                        <div class="field-check">
                                            <input
                                                id=input_id.clone()
                                                type="checkbox"
                                                prop:checked=move || choice.departments.with(|d| d.contains(&id))
                                                on:change=move |e| toggle(choice.departments, id, event_target_checked(&e))
                                            />
                                            <label for=input_id>{path}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </Loaded>
                    </fieldset>
                    <fieldset class="field checks">
                        <legend>{i18n.text("audience.roles")}</legend>
                        {Role::ALL
                            .into_iter()
                            .map(|role| {
                                let input_id = format!("{prefix}-audience-role-{}", role.code());
                                let key = role_key(role);
                                view! {
                                    <div class="field-check">
                                        <input
                                            id=input_id.clone()
                                            type="checkbox"
                                            prop:checked=move || choice.roles.with(|r| r.contains(&role))
                                            on:change=move |e| toggle(choice.roles, role, event_target_checked(&e))
                                        />
                                        <label for=input_id>{move || i18n.t(&key)}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                </div>
            </Show>
            <FieldError id=format!("{prefix}-audience-error") field="audience" failure/>
        </fieldset>
    }
}

/// Whom it is for, in words (reactive): the departments named where known.
pub fn audience_text(i18n: I18n, audience: &Audience, names: &[(Uuid, String)]) -> String {
    match audience {
        Audience::Everyone => i18n.t("audience.everyone"),
        Audience::Staff => i18n.t("audience.staff"),
        Audience::Listed { departments, roles } => {
            let mut parts: Vec<String> = departments
                .iter()
                .map(|id| {
                    names
                        .iter()
                        .find(|(d, _)| d == id)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_else(|| i18n.t("audience.a_department"))
                })
                .collect();
            parts.extend(roles.iter().map(|role| i18n.t(&role_key(*role))));
            if parts.is_empty() {
                i18n.t("audience.nobody")
            } else {
                parts.join("、")
            }
        }
    }
}
