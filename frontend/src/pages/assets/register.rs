use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use mamori_shared::api::assets::AssetView;
use mamori_shared::api::page::Page;
use mamori_shared::assets::{AssetKind, NetworkTier};
use mamori_shared::classification::{Axis, Scheme};
use wasm_bindgen::JsCast;
use web_sys::InputEvent;

use crate::api;
use crate::components::department_select::{department_paths, load_department_tree};
use crate::components::labels::{kind_key, kind_name, tier_key, tier_name};
use crate::components::live::{use_register_changes, LiveStatus};
use crate::components::pager::Pager;
use crate::components::scheme::{axis_code, level_class, load_adopted_scheme, text, AXES};
use crate::components::status::{Failure, Loading};
use crate::i18n::use_i18n;
use crate::pages::assets::filters::Filters;
use crate::pages::assets::{asset_href, NEW_ASSET};
use crate::session::{use_session, ORGANISATION_VIEW};

const PAGE_SIZE: u64 = 50;

/// The asset register (情報資産台帳): the assets I may see, filtered, sorted and paged, as a table
/// and as CSV; reloaded when the server reports a change.
#[component]
pub fn AssetRegister() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(|q| Filters::from_query(|key| q.get(key))));
    let set_filters = Callback::new(move |next: Filters| {
        navigate(
            &next.href(),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        )
    });
    let offset = RwSignal::new(0u64);
    // Other filters start on the first page.
    Effect::watch(move || filters.get(), move |_, _, _| offset.set(0), false);
    // The search text is the field's own while typing; the address follows it, and the field
    // follows the address when that changes otherwise (the filters cleared, the menu's link).
    let text = RwSignal::new(filters.with_untracked(|f| f.get("q")));
    Effect::watch(
        move || filters.with(|f| f.get("q")),
        move |q, _, _| {
            if text.get_untracked() != *q {
                text.set(q.clone());
            }
        },
        false,
    );
    let search = move |q: String| set_filters.run(filters.get_untracked().with("q", &q));
    let changes = use_register_changes();
    let assets = LocalResource::new(move || {
        let path = filters.with(|f| f.list_path(offset.get(), PAGE_SIZE));
        changes.reloads.track();
        async move { api::get::<Page<AssetView>>(&path).await }
    });
    let scheme = LocalResource::new(load_adopted_scheme);
    let departments =
        LocalResource::new(move || load_department_tree(session.can(ORGANISATION_VIEW)));
    let registers = Memo::new(move |_| {
        session
            .me()
            .is_some_and(|me| !me.asset_departments.is_empty())
    });
    view! {
        <section class="page page-wide">
            <div class="page-head">
                <h1>{move || i18n.t("assets.heading")}</h1>
                <LiveStatus changes/>
                <div class="page-actions">
                    <a
                        class="button"
                        href=move || filters.with(Filters::csv_href)
                        download="assets.csv"
                        data-testid="csv-download"
                    >
                        {move || i18n.t("assets.csv")}
                    </a>
                    <Show when=move || registers.get()>
                        <A href=NEW_ASSET attr:class="button button-primary">
                            {move || i18n.t("assets.new")}
                        </A>
                    </Show>
                </div>
            </div>
            <p class="lead">{move || i18n.t("assets.lead")}</p>
            <form class="filters" role="search" on:submit=|event| event.prevent_default()>
                <div class="field">
                    <label for="assets-search">{move || i18n.t("assets.search")}</label>
                    <input
                        id="assets-search"
                        type="search"
                        bind:value=text
                        on:input=move |event| {
                            // Not while a Japanese input method is composing: only its result.
                            let composing = event
                                .dyn_ref::<InputEvent>()
                                .is_some_and(InputEvent::is_composing);
                            if !composing {
                                search(event_target_value(&event));
                            }
                        }
                        on:compositionend=move |event| search(event_target_value(&event))
                    />
                </div>
                {move || match departments.get() {
                    Some(Ok(tree)) if !tree.is_empty() => {
                        let choices = department_paths(&tree)
                            .into_iter()
                            .map(|(id, path)| (id.to_string(), path))
                            .collect::<Vec<_>>();
                        view! {
                            <FilterSelect
                                id="assets-department"
                                label="asset.owner"
                                key="department_id"
                                choices=Signal::derive(move || choices.clone())
                                filters
                                set_filters
                            />
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
                {AXES
                    .into_iter()
                    .map(|(axis, label)| {
                        let key = axis_code(axis);
                        let choices = Signal::derive(move || axis_choices(scheme.get(), axis, i18n.lang()));
                        view! {
                            <FilterSelect id=format!("assets-{key}") label key choices filters set_filters narrow=true/>
                        }
                    })
                    .collect_view()}
                <FilterSelect
                    id="assets-tier".to_owned()
                    label="asset.tier"
                    key="tier"
                    choices=Signal::derive(move || {
                        NetworkTier::ALL
                            .into_iter()
                            .map(|tier| (tier.code().to_owned(), i18n.t(&tier_key(tier))))
                            .collect()
                    })
                    filters
                    set_filters
                />
                <FilterSelect
                    id="assets-kind".to_owned()
                    label="asset.kind"
                    key="kind"
                    choices=Signal::derive(move || {
                        AssetKind::ALL
                            .into_iter()
                            .map(|kind| (kind.code().to_owned(), i18n.t(&kind_key(kind))))
                            .collect()
                    })
                    filters
                    set_filters
                />
                <div class="field field-check">
                    <input
                        id="assets-retired"
                        type="checkbox"
                        prop:checked=move || filters.with(|f| f.get("retired") == "true")
                        on:change=move |event| {
                            let retired = if event_target_checked(&event) { "true" } else { "" };
                            set_filters.run(filters.get_untracked().with("retired", retired))
                        }
                    />
                    <label for="assets-retired">{move || i18n.t("assets.include_retired")}</label>
                </div>
                <Show when=move || filters.with(Filters::narrows)>
                    <button
                        type="button"
                        class="button button-small"
                        on:click=move |_| {
                            let sort = filters.get_untracked().get("sort");
                            set_filters.run(Filters::default().with("sort", &sort))
                        }
                    >
                        {move || i18n.t("assets.clear_filters")}
                    </button>
                </Show>
            </form>
            {move || match assets.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
                Some(Ok(page)) => {
                    let scheme = scheme.get().and_then(Result::ok);
                    view! {
                        <AssetTable assets=page.items scheme filters set_filters/>
                        <Pager total=page.total offset limit=PAGE_SIZE/>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The levels of one axis of the scheme, as (code, name) choices.
fn axis_choices(
    scheme: Option<Result<Scheme, crate::api::ApiFailure>>,
    axis: Axis,
    lang: crate::i18n::Lang,
) -> Vec<(String, String)> {
    match scheme {
        Some(Ok(scheme)) => scheme
            .levels(axis)
            .iter()
            .map(|level| (level.code.clone(), text(&level.name, lang)))
            .collect(),
        _ => Vec::new(),
    }
}

/// A select of one filter: "all" or one of `choices` (value, label).
#[component]
fn FilterSelect(
    #[prop(into)] id: String,
    /// The message key of the label.
    label: &'static str,
    /// The filter's query parameter.
    key: &'static str,
    choices: Signal<Vec<(String, String)>>,
    filters: Memo<Filters>,
    set_filters: Callback<Filters>,
    /// A narrow select (for short choices).
    #[prop(optional)]
    narrow: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class=if narrow { "field field-narrow" } else { "field" }>
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select
                id=id
                prop:value=move || {
                    choices.track();
                    filters.with(|f| f.get(key))
                }
                on:change=move |event| {
                    set_filters.run(filters.get_untracked().with(key, &event_target_value(&event)))
                }
            >
                <option value="">{move || i18n.t("assets.all")}</option>
                {move || {
                    let current = filters.with_untracked(|f| f.get(key));
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, label)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
fn AssetTable(
    assets: Vec<AssetView>,
    scheme: Option<Scheme>,
    filters: Memo<Filters>,
    set_filters: Callback<Filters>,
) -> impl IntoView {
    let i18n = use_i18n();
    if assets.is_empty() {
        return view! { <p class="empty" data-testid="assets-empty">{move || i18n.t("assets.none")}</p> }
            .into_any();
    }
    let scheme = StoredValue::new(scheme);
    view! {
        <div class="table-scroll">
            <table class="table assets-table" data-testid="assets-table">
                <thead>
                    <tr>
                        <SortHeader column="name" label="asset.name" filters set_filters/>
                        <SortHeader column="kind" label="asset.kind" filters set_filters/>
                        <SortHeader column="owner" label="asset.owner" filters set_filters/>
                        <SortHeader column="tier" label="asset.tier" filters set_filters/>
                        <SortHeader column="confidentiality" label="axis.confidentiality" filters set_filters/>
                        <th scope="col">{move || i18n.t("axis.integrity")}</th>
                        <th scope="col">{move || i18n.t("axis.availability")}</th>
                    </tr>
                </thead>
                <tbody>
                    {assets
                        .into_iter()
                        .map(|asset| view! { <AssetRow asset scheme/> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A column heading that sorts the register by its column.
#[component]
fn SortHeader(
    column: &'static str,
    label: &'static str,
    filters: Memo<Filters>,
    set_filters: Callback<Filters>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = move || {
        let (current, descending) = filters.with(Filters::sort);
        (current == column).then_some(descending)
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
            <button
                type="button"
                class="sort"
                on:click=move |_| set_filters.run(filters.get_untracked().sorted_by(column))
            >
                {move || i18n.t(label)}
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
}

#[component]
fn AssetRow(asset: AssetView, scheme: StoredValue<Option<Scheme>>) -> impl IntoView {
    let i18n = use_i18n();
    let href = asset_href(asset.id);
    let kind = asset.kind;
    let tier = asset.tier;
    let retired = asset.retired;
    let codes = asset
        .classification
        .clone()
        .map(|c| (c.confidentiality, c.integrity, c.availability));
    let level = asset.level.clone();
    let (confidentiality, integrity, availability) = match codes {
        Some((c, i, a)) => (Some(c), i, a),
        None => (None, "—".to_owned(), "—".to_owned()),
    };
    let level_name = {
        let code = confidentiality.clone();
        move || {
            let code = code.clone()?;
            scheme.with_value(|s| {
                s.as_ref()
                    .and_then(|s| s.level(Axis::Confidentiality, &code))
                    .map(|l| text(&l.name, i18n.lang()))
            })
        }
    };
    view! {
        <tr class:inactive=retired data-testid="asset-row">
            <th scope="row">
                <A href=href>{asset.name.clone()}</A>
                {retired.then(|| view! { <span class="badge badge-ended">{move || i18n.t("asset.retired")}</span> })}
            </th>
            <td class="nowrap">{move || kind_name(i18n, kind)}</td>
            <td class="nowrap">{asset.owner_department_name.clone()}</td>
            <td class="tier">{move || tier_name(i18n, tier)}</td>
            <td data-testid="asset-confidentiality">
                {match confidentiality {
                    Some(code) => {
                        view! {
                            <span class=level_class(&level) title=level_name>{code}</span>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <span class=level_class("unclassified")>{move || i18n.t("level.unclassified")}</span>
                        }
                            .into_any()
                    }
                }}
            </td>
            <td>{integrity}</td>
            <td>{availability}</td>
        </tr>
    }
}
