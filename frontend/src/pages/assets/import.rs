//! `/register/import`: bringing the register kept in Excel (or CSV) into Mamori. The file is read by
//! the server, which answers a preview — the headings it found, the field it proposes for each
//! column, every row's problems — and writes nothing; the person changes the columns' fields and
//! previews again until there is no problem, and only then imports, all rows in one commit. What
//! counts as a problem is the server's to say (the domain's rules, Cedar's decisions).

use base64::Engine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mamori_shared::api::assets::{
    AssetView, ColumnMapping, ImportDone, ImportField, ImportPreview, ImportProblem, ImportRequest,
};
use mamori_shared::api::page::Page as Listing;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::form::FormProblem;
use crate::components::guard::allows;
use crate::components::page::Page;
use crate::components::status::{Loaded, NotPermitted};
use crate::components::submission::use_submission;
use crate::i18n::{use_i18n, I18n};
use crate::pages::assets::REGISTER;

/// The most rows the table shows at once (the counts and the import cover them all).
const SHOWN_ROWS: usize = 300;

/// The file chosen: its name and its content in base64, as the API takes it.
#[derive(Clone, PartialEq)]
struct Chosen {
    name: String,
    content: String,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    // Whether Cedar lets this person import, as the register's list says (never decided here).
    let list = LocalResource::new(|| api::get::<Listing<AssetView>>("/assets?limit=1"));
    view! {
        <Loaded value=move || list.get() let:page>
            {if allows(Some(&page.allowed), "assets.import") {
                view! { <ImportScreen/> }.into_any()
            } else {
                view! { <NotPermitted/> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn ImportScreen() -> impl IntoView {
    let i18n = use_i18n();
    let chosen: RwSignal<Option<Chosen>> = RwSignal::new(None);
    let reading = RwSignal::new(false);
    let preview: RwSignal<Option<ImportPreview>> = RwSignal::new(None);
    // The field of each column, as the person has it; the preview shown was made with `previewed`.
    let fields: RwSignal<Vec<Option<ImportField>>> = RwSignal::new(Vec::new());
    let previewed: RwSignal<Vec<Option<ImportField>>> = RwSignal::new(Vec::new());
    let done: RwSignal<Option<ImportDone>> = RwSignal::new(None);
    let checking = use_submission(move |answer: ImportPreview| {
        let columns: Vec<_> = answer.columns.iter().map(|c| c.field).collect();
        fields.set(columns.clone());
        previewed.set(columns);
        preview.set(Some(answer));
    });
    let importing = use_submission(move |answer: ImportDone| done.set(Some(answer)));
    let request = move |with_mapping: bool| {
        let file = chosen.get_untracked()?;
        let mapping = with_mapping.then(|| {
            fields
                .get_untracked()
                .into_iter()
                .enumerate()
                .filter_map(|(column, field)| {
                    Some(ColumnMapping {
                        column: column as u32,
                        field: field?,
                    })
                })
                .collect()
        });
        Some(ImportRequest {
            file_name: file.name,
            content: file.content,
            mapping,
        })
    };
    let check = move |with_mapping: bool| {
        checking.attempt(move || {
            let body = request(with_mapping)?;
            Some(async move { api::post::<ImportPreview>("/assets/import/preview", &body).await })
        })
    };
    let on_file = move |event: leptos::ev::Event| {
        let Some(file) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        preview.set(None);
        done.set(None);
        reading.set(true);
        spawn_local(async move {
            let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec());
            reading.set(false);
            if let Ok(bytes) = bytes {
                chosen.set(Some(Chosen {
                    name: file.name(),
                    content: base64::engine::general_purpose::STANDARD.encode(bytes),
                }));
                check(false);
            }
        });
    };
    let changed = Memo::new(move |_| fields.get() != previewed.get());
    let importable = Memo::new(move |_| {
        preview.with(|p| {
            p.as_ref()
                .is_some_and(|p| p.problem_count == 0 && !p.rows.is_empty())
        }) && !changed.get()
            && done.with(Option::is_none)
    });
    let on_import = move |_| {
        importing.attempt(move || {
            let body = request(true)?;
            Some(async move { api::post::<ImportDone>("/assets/import", &body).await })
        })
    };
    let check_failure = checking.failure();
    let import_failure = importing.failure();
    view! {
        <Page title="import.heading" breadcrumbs=&[(REGISTER, "assets.heading")] lead="import.lead" wide=true>
            <section class="card form" data-testid="import-file">
                <div class="field">
                    <label for="import-file">{i18n.text("import.file")}</label>
                    <input
                        id="import-file"
                        type="file"
                        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-describedby="import-file-hint"
                        on:change=on_file
                    />
                    <p class="hint" id="import-file-hint">{i18n.text("import.file.hint")}</p>
                </div>
                {move || (reading.get() || checking.pending().get()).then(|| view! {
                    <p class="notice" role="status">{i18n.text("import.checking")}</p>
                })}
                <FormProblem failure=check_failure/>
            </section>
            {move || preview.get().map(|p| view! {
                <ImportPreviewView preview=p fields changed/>
            })}
            {move || preview.with(Option::is_some).then(|| view! {
                <div class="actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="import-recheck"
                        disabled=move || checking.pending().get()
                        on:click=move |_| check(true)
                    >
                        {i18n.text("import.recheck")}
                    </button>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="import-submit"
                        disabled=move || !importable.get() || importing.pending().get()
                        on:click=on_import
                    >
                        {i18n.text("import.submit")}
                    </button>
                </div>
                <FormProblem failure=import_failure/>
            })}
            {move || done.get().map(|answer| view! {
                <p class="notice" role="status" data-testid="import-done">
                    {i18n.t("import.done").replace("{count}", &answer.imported.to_string())}
                    " "
                    <A href=REGISTER>{i18n.text("import.to_register")}</A>
                </p>
            })}
        </Page>
    }
}

fn field_name(i18n: I18n, field: ImportField) -> String {
    i18n.t(&format!("import.field.{}", field.code()))
}

/// A problem in the user's language.
fn problem_text(i18n: I18n, problem: &ImportProblem) -> String {
    match i18n.lang() {
        crate::i18n::Lang::Ja => problem.message_ja.clone(),
        crate::i18n::Lang::En => problem.message.clone(),
    }
}

/// What the server read, the columns with their fields (each a select), and the rows with their
/// problems: those with problems first to be seen.
#[component]
fn ImportPreviewView(
    preview: ImportPreview,
    fields: RwSignal<Vec<Option<ImportField>>>,
    changed: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let with_problems = preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .count();
    let only_problems = RwSignal::new(with_problems > 0);
    let total = preview.rows.len();
    let summary = {
        let preview = preview.clone();
        move || {
            let mut what = preview.format.to_uppercase();
            if let Some(encoding) = &preview.encoding {
                what.push_str(&format!(" ({encoding})"));
            }
            if let Some(sheet) = &preview.sheet {
                what.push_str(&format!(" 「{sheet}」"));
            }
            i18n.t("import.summary")
                .replace("{what}", &what)
                .replace("{header}", &preview.header_row.to_string())
                .replace("{rows}", &total.to_string())
        }
    };
    let count = preview.problem_count;
    let problems_line = move || {
        if count == 0 {
            i18n.t("import.no_problems")
        } else {
            i18n.t("import.problems")
                .replace("{count}", &count.to_string())
        }
    };
    let file_problems = preview.problems.clone();
    let columns = preview.columns.clone();
    let rows = StoredValue::new(preview.rows);
    let shown_rows = move || {
        rows.with_value(|rows| {
            rows.iter()
                .filter(|r| !only_problems.get() || !r.problems.is_empty())
                .take(SHOWN_ROWS)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let field_select = move |column: usize, heading: String| {
        let id = format!("import-column-{column}");
        let current = fields.with_untracked(|f| f.get(column).copied().flatten());
        view! {
            <label for=id.clone() class="import-heading">{heading}</label>
            <select
                id=id
                data-testid="import-column-field"
                on:change=move |event| {
                    let code = event_target_value(&event);
                    fields.update(|f| {
                        if let Some(slot) = f.get_mut(column) {
                            *slot = ImportField::from_code(&code);
                        }
                    })
                }
            >
                <option value="" selected=current.is_none()>{i18n.text("import.field.none")}</option>
                {ImportField::ALL
                    .into_iter()
                    .map(|field| view! {
                        <option value=field.code() selected=current == Some(field)>
                            {move || field_name(i18n, field)}
                        </option>
                    })
                    .collect_view()}
            </select>
        }
    };
    view! {
        <section class="section" aria-labelledby="import-preview-heading" data-testid="import-preview">
            <h2 id="import-preview-heading">{i18n.text("import.preview")}</h2>
            <p>{summary}</p>
            <p
                class=if count == 0 { "notice" } else { "warning" }
                role="status"
                data-testid="import-problem-count"
            >
                {problems_line}
            </p>
            {(!file_problems.is_empty()).then(|| view! {
                <ul class="warning" data-testid="import-file-problems">
                    {file_problems
                        .into_iter()
                        .map(|p| view! { <li>{move || problem_text(i18n, &p)}</li> })
                        .collect_view()}
                </ul>
            })}
            {(with_problems > 0).then(|| view! {
                <label class="checkbox">
                    <input type="checkbox" bind:checked=only_problems data-testid="import-only-problems"/>
                    " "
                    {i18n.text("import.only_problems")}
                </label>
            })}
            {(total > SHOWN_ROWS).then(|| view! {
                <p class="hint">{i18n.t("import.shown").replace("{n}", &SHOWN_ROWS.to_string())}</p>
            })}
            <div class="table-scroll">
                <table class="table import-table" data-testid="import-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text("import.row")}</th>
                            {columns
                                .into_iter()
                                .map(|c| view! { <th scope="col">{field_select(c.column as usize, c.heading)}</th> })
                                .collect_view()}
                            <th scope="col">{i18n.text("import.row_problems")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=shown_rows key=|row| row.row let:row>
                            {
                                let bad_columns: Vec<u32> =
                                    row.problems.iter().filter_map(|p| p.column).collect();
                                let class = if row.problems.is_empty() { "" } else { "has-problem" };
                                let problems = row.problems.clone();
                                view! {
                                    <tr class=class data-testid="import-row">
                                        <th scope="row">{row.row}</th>
                                        {row.cells
                                            .into_iter()
                                            .enumerate()
                                            .map(|(column, cell)| {
                                                let bad = bad_columns.contains(&(column as u32));
                                                view! {
                                                    <td class=if bad { "problem-cell" } else { "" } aria-invalid=bad.then_some("true")>
                                                        {cell}
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                        <td data-testid="import-row-problems">
                                            <ul class="problems">
                                                {problems
                                                    .into_iter()
                                                    .map(|p| {
                                                        let (field, code) = (p.field, p.code.clone());
                                                        view! {
                                                            <li data-code=code>
                                                                {move || field.map(|f| format!("{}: ", field_name(i18n, f))).unwrap_or_default()}
                                                                {move || problem_text(i18n, &p)}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            {move || changed.get().then(|| view! { <p class="hint">{i18n.text("import.changed")}</p> })}
        </section>
    }
}
