use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use mamori_shared::api::documents::{DepartmentCompletion, TrainingCompletion};

use crate::components::data_table::{Column, DataTable};
use crate::components::dates::today;
use crate::components::page::Page;
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::documents::{fetch, read, TRAININGS};

/// The fiscal year (年度, April to March) a day (`YYYY-MM-DD`) falls in.
pub fn fiscal_year(day: &str) -> i32 {
    let year: i32 = day.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let month: u32 = day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(4);
    if month >= 4 {
        year
    } else {
        year - 1
    }
}

/// Per department whose compliance I may read: how many of its people attended a training in
/// the fiscal year chosen (in the address, `?year=`; this year's by default).
#[component]
pub fn CompletionPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let this_year = fiscal_year(&today());
    let year = Memo::new(move |_| {
        query
            .with(|q| q.get("year"))
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(this_year)
    });
    let completion = fetch(move || format!("/trainings/completion?year={}", year.get()));
    let choose = move |event: leptos::ev::Event| {
        let year = event_target_value(&event);
        navigate(
            &format!("/trainings/completion?year={year}"),
            Default::default(),
        );
    };
    let years = move || {
        let current = year.get();
        (this_year - 4..=this_year)
            .rev()
            .map(|y| {
                let label = move || {
                    i18n.t("completion.fiscal_year")
                        .replace("{year}", &y.to_string())
                };
                view! { <option value=y.to_string() selected=y == current>{label}</option> }
            })
            .collect_view()
    };
    let percent = |d: &DepartmentCompletion| {
        if d.people == 0 {
            "—".to_owned()
        } else {
            format!("{}%", u64::from(d.completed) * 100 / u64::from(d.people))
        }
    };
    let columns = move || {
        vec![
            Column::text("completion.department", |d: &DepartmentCompletion| {
                d.department_name.clone()
            }),
            Column::text("completion.people", |d: &DepartmentCompletion| {
                d.people.to_string()
            })
            .class("nowrap"),
            Column::text("completion.completed", |d: &DepartmentCompletion| {
                d.completed.to_string()
            })
            .class("nowrap"),
            Column::text("completion.rate", percent).class("nowrap"),
        ]
    };
    view! {
        <Page title="completion.heading" breadcrumbs=&[(TRAININGS, "trainings.heading")] lead="completion.lead" wide=true>
            <div class="filters">
                <div class="field">
                    <label for="completion-year">{i18n.text("completion.year")}</label>
                    <select id="completion-year" on:change=choose data-testid="completion-year">{years}</select>
                </div>
            </div>
            <Loaded value={move || read::<TrainingCompletion>(completion)} let:completion>
                <DataTable rows=completion.departments columns=columns() testid="completion" row_testid="completion-row" empty="completion.none" csv="training-completion.csv"/>
            </Loaded>
        </Page>
    }
}

#[cfg(test)]
mod tests {
    use super::fiscal_year;

    #[test]
    fn the_fiscal_year_begins_in_april() {
        assert_eq!(fiscal_year("2026-04-01"), 2026);
        assert_eq!(fiscal_year("2027-03-31"), 2026);
        assert_eq!(fiscal_year("2026-12-02"), 2026);
    }
}
