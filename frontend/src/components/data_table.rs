//! The one table of records: columns declared once (heading, cell, sort code, CSV text), rows
//! made of them, sorting by the headings, paging beneath, and the rows as CSV from the same columns.
//! Only turning rows into cells is generic; the table itself is drawn by plain functions.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::percent_encode;
use crate::components::pager::Pager;
use crate::components::status::nothing;
use crate::i18n::{use_i18n, I18n};

/// One column of a [`DataTable`] of `T`.
pub struct Column<T> {
    label: &'static str,
    sort: Option<&'static str>,
    class: &'static str,
    testid: Option<&'static str>,
    cell: RowFn<T, AnyView>,
    csv: Option<RowFn<T, String>>,
}

/// What a table reads of each row.
type RowFn<T, Out> = Box<dyn Fn(&T) -> Out>;

impl<T: 'static> Column<T> {
    /// A column headed by the message `label`, whose cells `cell` draws (not in the CSV unless
    /// given [`Column::csv`]).
    pub fn new(label: &'static str, cell: impl Fn(&T) -> AnyView + 'static) -> Self {
        Self {
            label,
            sort: None,
            class: "",
            testid: None,
            cell: Box::new(cell),
            csv: None,
        }
    }

    /// A column of plain text, the same in the table and in the CSV.
    pub fn text(label: &'static str, text: impl Fn(&T) -> String + 'static) -> Self {
        let text = Rc::new(text);
        let csv = text.clone();
        Self::new(label, move |row| text(row).into_any()).csv(move |row| csv(row))
    }

    /// A column whose value is a message (its key, e.g. `kind.information`), in the user's language.
    pub fn message(label: &'static str, key: impl Fn(&T) -> String + 'static) -> Self {
        let i18n = use_i18n();
        let key = Rc::new(key);
        let csv = key.clone();
        Self::new(label, move |row| {
            let key = key(row);
            (move || i18n.t(&key)).into_any()
        })
        .csv(move |row| i18n.t(&csv(row)))
    }

    /// What the column's cell says in the CSV.
    pub fn csv(mut self, text: impl Fn(&T) -> String + 'static) -> Self {
        self.csv = Some(Box::new(text));
        self
    }

    /// The column sorts the list by `code` (the list's own sort parameter).
    pub fn sorts_by(mut self, code: &'static str) -> Self {
        self.sort = Some(code);
        self
    }

    /// The class of its cells (`nowrap`, `multiline`...).
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }

    pub fn testid(mut self, testid: &'static str) -> Self {
        self.testid = Some(testid);
        self
    }
}

/// A cell that leads to a record's page.
pub fn link(href: String, text: String) -> AnyView {
    view! { <A href=href>{text}</A> }.into_any()
}

/// The columns of a table, and the class of each row (e.g. `inactive` for a retired record).
pub struct Columns<T> {
    list: Vec<Column<T>>,
    row_class: Option<RowFn<T, Option<&'static str>>>,
}

impl<T> Columns<T> {
    pub fn row_class(mut self, class: impl Fn(&T) -> Option<&'static str> + 'static) -> Self {
        self.row_class = Some(Box::new(class));
        self
    }
}

impl<T> From<Vec<Column<T>>> for Columns<T> {
    fn from(list: Vec<Column<T>>) -> Self {
        Self {
            list,
            row_class: None,
        }
    }
}

/// How the list is sorted (column code, descending), and the way to sort it by a column.
#[derive(Clone, Copy)]
pub struct Sorting {
    pub current: Signal<(String, bool)>,
    pub by: Callback<&'static str>,
}

/// Where a paged list is: its total, the first row shown, the page's size.
#[derive(Clone, Copy)]
pub struct Paging {
    pub total: u64,
    pub offset: RwSignal<u64>,
    pub limit: u64,
}

/// Records as a table: the first column heads each row; with no rows, the message `empty`.
#[component]
pub fn DataTable<T: 'static>(
    rows: Vec<T>,
    #[prop(into)] columns: Columns<T>,
    testid: &'static str,
    /// The message key said when there are no rows.
    empty: &'static str,
    #[prop(optional)] empty_testid: Option<&'static str>,
    /// More classes of the table.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] row_testid: Option<&'static str>,
    #[prop(optional)] sorting: Option<Sorting>,
    #[prop(default = None)] paging: Option<Paging>,
    /// The file name under which the rows can be downloaded as CSV.
    #[prop(optional)]
    csv: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let csv = csv.filter(|_| !rows.is_empty()).map(|name| {
        let head = columns
            .list
            .iter()
            .filter(|c| c.csv.is_some())
            .map(|c| i18n.t(c.label))
            .collect();
        let body = rows
            .iter()
            .map(|row| {
                columns
                    .list
                    .iter()
                    .filter_map(|c| c.csv.as_ref().map(|text| text(row)))
                    .collect()
            })
            .collect();
        (name, csv_href(head, body))
    });
    let headings = columns
        .list
        .iter()
        .map(|c| Heading {
            label: c.label,
            sort: c.sort,
        })
        .collect();
    let body = rows
        .iter()
        .map(|row| Row {
            class: columns.row_class.as_ref().and_then(|class| class(row)),
            cells: columns
                .list
                .iter()
                .map(|c| Cell {
                    view: (c.cell)(row),
                    class: c.class,
                    testid: c.testid,
                })
                .collect(),
        })
        .collect();
    let table = Table {
        headings,
        rows: body,
        testid,
        class,
        row_testid,
        sorting,
    };
    view! {
        {if table.rows.is_empty() { nothing(empty, empty_testid) } else { draw(i18n, table) }}
        {csv.map(|(name, href)| csv_link(i18n, name, href))}
        {paging.map(|p| view! { <Pager total=p.total offset=p.offset limit=p.limit/> })}
    }
}

struct Heading {
    label: &'static str,
    sort: Option<&'static str>,
}

struct Cell {
    view: AnyView,
    class: &'static str,
    testid: Option<&'static str>,
}

struct Row {
    class: Option<&'static str>,
    cells: Vec<Cell>,
}

struct Table {
    headings: Vec<Heading>,
    rows: Vec<Row>,
    testid: &'static str,
    class: &'static str,
    row_testid: Option<&'static str>,
    sorting: Option<Sorting>,
}

fn draw(i18n: I18n, table: Table) -> AnyView {
    let Table {
        headings,
        rows,
        testid,
        class,
        row_testid,
        sorting,
    } = table;
    let class = if class.is_empty() {
        "table".to_owned()
    } else {
        format!("table {class}")
    };
    view! {
        <div class="table-scroll">
            <table class=class data-testid=testid>
                <thead>
                    <tr>
                        {headings
                            .into_iter()
                            .map(|heading| match (heading.sort, sorting) {
                                (Some(code), Some(sorting)) => sort_heading(i18n, heading.label, code, sorting),
                                _ => {
                                    let label = heading.label;
                                    view! { <th scope="col">{i18n.text(label)}</th> }.into_any()
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let cells = row
                                .cells
                                .into_iter()
                                .enumerate()
                                .map(|(n, cell)| {
                                    let class = (!cell.class.is_empty()).then_some(cell.class);
                                    if n == 0 {
                                        view! { <th scope="row" class=class data-testid=cell.testid>{cell.view}</th> }.into_any()
                                    } else {
                                        view! { <td class=class data-testid=cell.testid>{cell.view}</td> }.into_any()
                                    }
                                })
                                .collect_view();
                            view! { <tr class=row.class data-testid=row_testid>{cells}</tr> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A column heading that sorts the list by its column.
fn sort_heading(i18n: I18n, label: &'static str, code: &'static str, sorting: Sorting) -> AnyView {
    let state = move || {
        sorting
            .current
            .with(|(current, descending)| (current == code).then_some(*descending))
    };
    view! {
        <th
            scope="col"
            aria-sort=move || match state() {
                Some(true) => "descending",
                Some(false) => "ascending",
                None => "none",
            }
        >
            <button type="button" class="sort" on:click=move |_| sorting.by.run(code)>
                {i18n.text(label)}
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() {
                        Some(true) => "▼",
                        Some(false) => "▲",
                        None => "",
                    }}
                </span>
            </button>
        </th>
    }
    .into_any()
}

fn csv_link(i18n: I18n, name: &'static str, href: String) -> AnyView {
    view! {
        <p class="table-tools">
            <a class="button button-small" href=href download=name>{i18n.text("table.csv")}</a>
        </p>
    }
    .into_any()
}

/// The rows as a CSV file (RFC 4180, with a byte order mark so that spreadsheets read Japanese).
pub fn csv_text(head: Vec<String>, rows: Vec<Vec<String>>) -> String {
    let field = |text: &String| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.clone()
        }
    };
    let mut out = String::from("\u{feff}");
    for line in std::iter::once(&head).chain(&rows) {
        out.push_str(&line.iter().map(field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The CSV as a link's address: a `data:` URL, made in the browser (the rows are already here).
fn csv_href(head: Vec<String>, rows: Vec<Vec<String>>) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        percent_encode(&csv_text(head, rows))
    )
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn csv_fields_are_quoted_when_they_must_be() {
        let text = csv_text(
            vec!["名前".into(), "理由".into()],
            vec![vec!["佐藤 花子".into(), "点検, \"月次\"\n二行目".into()]],
        );
        assert_eq!(
            text,
            "\u{feff}名前,理由\r\n佐藤 花子,\"点検, \"\"月次\"\"\n二行目\"\r\n"
        );
    }
}
