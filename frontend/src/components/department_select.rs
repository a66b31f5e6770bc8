use std::collections::HashMap;

use leptos::prelude::*;
use mamori_shared::api::organisation::DepartmentView;
use mamori_shared::api::page::Page;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::components::form::{aria_required, described_by, invalid, Field, FormFailure, Rule};
use crate::components::status::Loaded;
use crate::i18n::use_i18n;

/// Every department with its parent; empty for those who may not see the organisation
/// (contractors). Not even asked for then: every refusal is recorded in the security log.
pub async fn load_department_tree(
    sees_organisation: bool,
) -> Result<Vec<DepartmentView>, ApiFailure> {
    if !sees_organisation {
        return Ok(Vec::new());
    }
    match api::get::<Page<DepartmentView>>("/departments?limit=500&sort=name").await {
        Ok(page) => Ok(page.items),
        Err(failure) if failure.status() == Some(403) => Ok(Vec::new()),
        Err(failure) => Err(failure),
    }
}

/// Every department the caller may see, with the path of names from the top (for selects).
pub async fn load_departments() -> Result<Vec<(Uuid, String)>, ApiFailure> {
    let page = api::get::<Page<DepartmentView>>("/departments?limit=500&sort=name").await?;
    Ok(department_paths(&page.items))
}

/// Each department with its path ("総務課 › 情報システム係"), each under its parent, in the order the
/// server gave them (五十音 by 読み仮名: the browser has no Japanese collation of its own).
pub fn department_paths(departments: &[DepartmentView]) -> Vec<(Uuid, String)> {
    let by_id: HashMap<Uuid, (usize, &DepartmentView)> = departments
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, (i, d)))
        .collect();
    let mut paths: Vec<(Vec<usize>, Uuid, String)> = departments
        .iter()
        .enumerate()
        .map(|(index, department)| {
            let mut names = vec![department.name.as_str()];
            let mut order = vec![index];
            let mut parent = department.parent_id;
            // Bounded: a cycle (which the server forbids) cannot hang the page.
            while let Some(id) = parent.filter(|_| names.len() <= departments.len()) {
                match by_id.get(&id) {
                    Some((at, up)) => {
                        names.push(up.name.as_str());
                        order.push(*at);
                        parent = up.parent_id;
                    }
                    None => break,
                }
            }
            names.reverse();
            order.reverse();
            (order, department.id, names.join(" › "))
        })
        .collect();
    paths.sort();
    paths.into_iter().map(|(_, id, path)| (id, path)).collect()
}

/// A labelled select of the departments; `value` holds the chosen id ("" for none).
#[component]
pub fn DepartmentSelect(
    id: &'static str,
    /// The message key of the label.
    label: &'static str,
    value: RwSignal<String>,
    /// The message key of the "none" choice; without it a department must be chosen.
    #[prop(optional)]
    empty: Option<&'static str>,
    #[prop(optional)] field: &'static str,
    #[prop(optional)] failure: Option<FormFailure>,
) -> impl IntoView {
    let i18n = use_i18n();
    let departments = LocalResource::new(load_departments);
    let failure = failure.unwrap_or_else(FormFailure::none);
    // Without a choice of none, one must be chosen.
    let rule = if empty.is_none() {
        Rule::choice()
    } else {
        Rule::default()
    };
    view! {
        <Field id label field failure rule value=value>
            <Loaded value=move || departments.get() let:list>
                <select
                    id=id
                    name=field
                    aria-required=aria_required(rule)
                    aria-invalid=invalid(failure, field)
                    aria-describedby=described_by(id, failure, field, false)
                    bind:value=value
                >
                    {
                        let current = value.get_untracked();
                        let selected = current.is_empty();
                        let none = match empty {
                            Some(key) => view! { <option value="" selected=selected>{i18n.text(key)}</option> }.into_any(),
                            None => {
                                view! {
                                    <option value="" disabled=true selected=selected>{i18n.text("form.choose")}</option>
                                }
                                    .into_any()
                            }
                        };
                        view! { {none} {department_options(list, &current)} }
                    }
                </select>
            </Loaded>
        </Field>
    }
}

/// The options of a select of departments (id, path); `current` is selected.
pub fn department_options(
    departments: impl IntoIterator<Item = (Uuid, String)>,
    current: &str,
) -> impl IntoView {
    departments
        .into_iter()
        .map(|(id, path)| {
            let id = id.to_string();
            let selected = id == current;
            view! { <option value=id selected=selected>{path}</option> }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn department(n: u128, name: &str, parent_id: Option<Uuid>) -> DepartmentView {
        DepartmentView {
            id: Uuid::from_u128(n),
            name: name.into(),
            reading: None,
            parent_id,
            version: 1,
            allowed: None,
        }
    }

    #[test]
    fn sub_units_read_as_paths_under_their_parent() {
        let general = department(1, "総務課", None);
        let systems = department(2, "情報システム係", Some(general.id));
        let planning = department(3, "企画課", None);
        // As the server orders them (きかくか < じょうほう… < そうむか): each under its parent.
        let paths: Vec<String> = department_paths(&[planning, systems, general])
            .into_iter()
            .map(|(_, path)| path)
            .collect();
        assert_eq!(paths, ["企画課", "総務課", "総務課 › 情報システム係"]);
    }
}
