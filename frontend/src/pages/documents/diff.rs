use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use mamori_shared::api::documents::{DiffKind, DiffRow, DiffSide, DiffSpan, DocumentDiff};

use crate::api;
use crate::components::page::Page;
use crate::components::status::Loaded;
use crate::i18n::{use_i18n, I18n};
use crate::pages::documents::detail::PrintButton;
use crate::pages::documents::{fetch, read, status_key, version_name, ContentHash, DOCUMENTS};

/// `/documents/<id>/diff?from=&to=`: two revisions of a document compared (by default the version
/// in force and the revision open).
#[component]
pub fn DiffPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let diff = fetch(move || {
        let (from, to) = query.with(|q| {
            (
                q.get("from").unwrap_or_default(),
                q.get("to").unwrap_or_default(),
            )
        });
        format!(
            "/documents/{}/diff{}",
            id.get(),
            api::query(&[("from", &from), ("to", &to)])
        )
    });
    let actions = move || view! { <PrintButton/> };
    view! {
        <Page title="diff.heading" breadcrumbs=&[(DOCUMENTS, "documents.heading")] actions wide=true>
            <p class="no-print">
                <A href=move || format!("{DOCUMENTS}/{}", id.get())>{i18n.text("diff.back")}</A>
            </p>
            <Loaded value={move || read::<DocumentDiff>(diff)} let:diff>
                <DiffView diff/>
            </Loaded>
        </Page>
    }
}

/// The name of one side: 第N版, or the revision's state (reactive).
fn side_name(i18n: I18n, side: &DiffSide) -> String {
    match side.version {
        Some(version) => format!(
            "{}（{}）",
            version_name(i18n, version),
            i18n.t(&status_key(&side.status))
        ),
        None => format!(
            "{}（{}）",
            i18n.t("revision.short"),
            i18n.t(&status_key(&side.status))
        ),
    }
}

/// A comparison line by line with the characters changed within a line, side by side (old and
/// new in two columns, with their line numbers) or inline (what was deleted, then what was
/// inserted); a toggle between the two.
#[component]
pub fn DiffView(diff: DocumentDiff) -> impl IntoView {
    let i18n = use_i18n();
    let inline = RwSignal::new(false);
    let (from, to) = (diff.from.clone(), diff.to.clone());
    let count = |kind: DiffKind| diff.rows.iter().filter(|r| r.kind == kind).count();
    let (inserted, deleted, changed) = (
        count(DiffKind::Insert),
        count(DiffKind::Delete),
        count(DiffKind::Change),
    );
    let counts = move || {
        i18n.t("diff.counts")
            .replace("{inserted}", &inserted.to_string())
            .replace("{deleted}", &deleted.to_string())
            .replace("{changed}", &changed.to_string())
    };
    let rows = StoredValue::new(diff.rows);
    let mode = move |value: bool, key: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                class="button button-small"
                aria-pressed=move || (inline.get() == value).to_string()
                on:click=move |_| inline.set(value)
                data-testid=testid
            >
                {i18n.text(key)}
            </button>
        }
    };
    let nothing_changed = inserted + deleted + changed == 0;
    view! {
        <div class="diff" data-testid="diff">
            <dl class="facts diff-sides">
                <dt>{i18n.text("diff.from")}</dt>
                <dd data-testid="diff-from">
                    {let f = from.clone(); move || side_name(i18n, &f)} " "
                    <ContentHash hash=from.content_hash.clone() testid="diff-from-hash"/>
                </dd>
                <dt>{i18n.text("diff.to")}</dt>
                <dd data-testid="diff-to">
                    {let t = to.clone(); move || side_name(i18n, &t)} " "
                    <ContentHash hash=to.content_hash.clone() testid="diff-to-hash"/>
                </dd>
            </dl>
            <div class="diff-head">
                <p class="hint" data-testid="diff-counts">{counts}</p>
                <div class="diff-modes no-print" role="group" aria-label=i18n.text("diff.mode")>
                    {mode(false, "diff.side_by_side", "diff-side-by-side")}
                    {mode(true, "diff.inline", "diff-inline")}
                </div>
            </div>
            {nothing_changed.then(|| view! { <p class="notice" data-testid="diff-same">{i18n.text("diff.same")}</p> })}
            {move || {
                if inline.get() {
                    rows.with_value(|rows| inline_table(i18n, rows)).into_any()
                } else {
                    rows.with_value(|rows| side_by_side(i18n, rows)).into_any()
                }
            }}
        </div>
    }
}

/// The spans of one side, the characters that changed marked as deleted or inserted.
fn spans(spans: &[DiffSpan], inserted: bool) -> AnyView {
    spans
        .iter()
        .map(|span| {
            let text = span.text.clone();
            match (span.changed, inserted) {
                (false, _) => text.into_any(),
                (true, true) => view! { <ins class="diff-char">{text}</ins> }.into_any(),
                (true, false) => view! { <del class="diff-char">{text}</del> }.into_any(),
            }
        })
        .collect_view()
        .into_any()
}

/// An equal line's text (either side holds it).
fn equal_text(row: &DiffRow) -> AnyView {
    if row.new.is_empty() {
        spans(&row.old, false)
    } else {
        spans(&row.new, true)
    }
}

fn line(number: Option<u32>) -> String {
    number.map(|n| n.to_string()).unwrap_or_default()
}

fn side_by_side(i18n: I18n, rows: &[DiffRow]) -> impl IntoView {
    let body = rows
        .iter()
        .map(|row| {
            let (old, new, class) = match row.kind {
                DiffKind::Equal => (equal_text(row), equal_text(row), "diff-equal"),
                DiffKind::Insert => (().into_any(), spans(&row.new, true), "diff-insert"),
                DiffKind::Delete => (spans(&row.old, false), ().into_any(), "diff-delete"),
                DiffKind::Change => (spans(&row.old, false), spans(&row.new, true), "diff-change"),
            };
            let old_class = if row.old_line.is_some() && row.kind != DiffKind::Equal {
                "diff-text diff-old"
            } else {
                "diff-text"
            };
            let new_class = if row.new_line.is_some() && row.kind != DiffKind::Equal {
                "diff-text diff-new"
            } else {
                "diff-text"
            };
            view! {
                <tr class=class data-testid="diff-row" data-kind=kind_code(row.kind)>
                    <td class="diff-line">{line(row.old_line)}</td>
                    <td class=old_class>{old}</td>
                    <td class="diff-line">{line(row.new_line)}</td>
                    <td class=new_class>{new}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="diff-table diff-side-by-side" data-testid="diff-table" data-mode="side-by-side">
                <thead>
                    <tr>
                        <th scope="col" class="diff-line">{i18n.text("diff.line")}</th>
                        <th scope="col">{i18n.text("diff.old")}</th>
                        <th scope="col" class="diff-line">{i18n.text("diff.line")}</th>
                        <th scope="col">{i18n.text("diff.new")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn inline_table(i18n: I18n, rows: &[DiffRow]) -> impl IntoView {
    // One line of the inline view: (old number, new number, mark, class, text).
    let deleted = |row: &DiffRow| {
        view! {
            <tr class="diff-delete" data-testid="diff-row" data-kind="delete">
                <td class="diff-line">{line(row.old_line)}</td>
                <td class="diff-line"></td>
                <td class="diff-mark" aria-hidden="true">"−"</td>
                <td class="diff-text diff-old">
                    <span class="visually-hidden">{i18n.text("diff.deleted")}</span>
                    {spans(&row.old, false)}
                </td>
            </tr>
        }
    };
    let inserted = |row: &DiffRow| {
        view! {
            <tr class="diff-insert" data-testid="diff-row" data-kind="insert">
                <td class="diff-line"></td>
                <td class="diff-line">{line(row.new_line)}</td>
                <td class="diff-mark" aria-hidden="true">"+"</td>
                <td class="diff-text diff-new">
                    <span class="visually-hidden">{i18n.text("diff.inserted")}</span>
                    {spans(&row.new, true)}
                </td>
            </tr>
        }
    };
    let body = rows
        .iter()
        .map(|row| match row.kind {
            DiffKind::Equal => view! {
                <tr class="diff-equal" data-testid="diff-row" data-kind="equal">
                    <td class="diff-line">{line(row.old_line)}</td>
                    <td class="diff-line">{line(row.new_line)}</td>
                    <td class="diff-mark"></td>
                    <td class="diff-text">{equal_text(row)}</td>
                </tr>
            }
            .into_any(),
            DiffKind::Delete => deleted(row).into_any(),
            DiffKind::Insert => inserted(row).into_any(),
            DiffKind::Change => view! { {deleted(row)} {inserted(row)} }.into_any(),
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="diff-table diff-inline" data-testid="diff-table" data-mode="inline">
                <thead>
                    <tr>
                        <th scope="col" class="diff-line">{i18n.text("diff.old")}</th>
                        <th scope="col" class="diff-line">{i18n.text("diff.new")}</th>
                        <th scope="col" class="diff-mark"><span class="visually-hidden">{i18n.text("diff.mark")}</span></th>
                        <th scope="col">{i18n.text("diff.text")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn kind_code(kind: DiffKind) -> &'static str {
    match kind {
        DiffKind::Equal => "equal",
        DiffKind::Insert => "insert",
        DiffKind::Delete => "delete",
        DiffKind::Change => "change",
    }
}
