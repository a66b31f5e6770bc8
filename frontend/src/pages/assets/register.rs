use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use mamori_shared::api::assets::AssetView;
use mamori_shared::api::page::Page as Listing;
use mamori_shared::classification::{Axis, Scheme};
use wasm_bindgen::JsCast;
use web_sys::InputEvent;

use crate::api;
use crate::components::as_of::use_as_of;
use crate::components::code_select::Codes;
use crate::components::data_table::{link, Column, Columns, DataTable, Paging, Sorting};
use crate::components::department_select::{department_paths, load_department_tree};
use crate::components::labels::{kind_key, tier_key};
use crate::components::live::LiveStatus;
use crate::components::page::{ActionLink, Page};
use crate::components::scheme::{axis_code, code_of, level_class, load_adopted_scheme, text, AXES};
use crate::components::status::Loaded;
use crate::i18n::{use_i18n, I18n};
use crate::pages::assets::filters::Filters;
use crate::pages::assets::{asset_href, use_register_changes, IMPORT, NEW_ASSET};
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
    let as_of = use_as_of();
    let assets = LocalResource::new(move || {
        let path = as_of.path(&filters.with(|f| f.list_path(offset.get(), PAGE_SIZE)));
        changes.reloads.track();
        async move { api::get::<Listing<AssetView>>(&path).await }
    });
    let scheme = LocalResource::new(load_adopted_scheme);
    let departments =
        LocalResource::new(move || load_department_tree(session.can(ORGANISATION_VIEW)));
    let registers = Memo::new(move |_| {
        session
            .me()
            .is_some_and(|me| !me.asset_departments.is_empty())
    });
    // Importing a register kept in Excel, where the list's `allowed` (Cedar) offers it.
    let imports = Memo::new(move |_| {
        assets
            .get()
            .and_then(Result::ok)
            .is_some_and(|page| page.allowed.iter().any(|a| a == "assets.import"))
    });
    let actions = move || {
        view! {
            <a
                class="button"
                href=move || as_of.path(&filters.with(Filters::csv_href))
                download="assets.csv"
                data-testid="csv-download"
            >
                {i18n.text("assets.csv")}
            </a>
            <ActionLink href=NEW_ASSET label="assets.new" when=registers/>
            <ActionLink href=IMPORT label="assets.import" when=imports/>
        }
    };
    let sorting = Sorting {
        current: Signal::derive(move || filters.with(Filters::sort)),
        by: Callback::new(move |column: &'static str| {
            set_filters.run(filters.get_untracked().sorted_by(column))
        }),
    };
    view! {
        <Page title="assets.heading" wide=true lead="assets.lead" beside=move || view! { <LiveStatus changes/> } actions as_of=true>
            <form class="filters" role="search" on:submit=|event| event.prevent_default()>
                <div class="field">
                    <label for="assets-search">{i18n.text("assets.search")}</label>
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
                {[Codes::Tier, Codes::AssetKind]
                    .into_iter()
                    .map(|codes| {
                        let key = codes.field();
                        let choices = Signal::derive(move || codes.choices(i18n));
                        view! {
                            <FilterSelect id=format!("assets-{key}") label=codes.label() key choices filters set_filters/>
                        }
                    })
                    .collect_view()}
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
                    <label for="assets-retired">{i18n.text("assets.include_retired")}</label>
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
                        {i18n.text("assets.clear_filters")}
                    </button>
                </Show>
            </form>
            <Loaded value=move || assets.get() let:page>
                <AssetTable
                    page
                    scheme=scheme.get().and_then(Result::ok)
                    sorting
                    offset
                />
            </Loaded>
        </Page>
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
            <label for=id.clone()>{i18n.text(label)}</label>
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
                <option value="">{i18n.text("assets.all")}</option>
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
    page: Listing<AssetView>,
    scheme: Option<Scheme>,
    sorting: Sorting,
    offset: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scheme = StoredValue::new(scheme);
    let columns = Columns::from(vec![
        Column::new("asset.name", move |asset: &AssetView| {
            let retired = asset.retired.then(|| {
                view! { <span class="badge badge-ended">{i18n.text("asset.retired")}</span> }
            });
            view! { {link(asset_href(asset.id), asset.name.clone())} {retired} }.into_any()
        })
        .csv(|asset| asset.name.clone())
        .sorts_by("name"),
        Column::message("asset.kind", |asset: &AssetView| kind_key(asset.kind))
            .class("nowrap")
            .sorts_by("kind"),
        Column::text("asset.owner", |asset: &AssetView| {
            asset.owner_department_name.clone()
        })
        .class("nowrap")
        .sorts_by("owner"),
        Column::message("asset.tier", |asset: &AssetView| {
            asset.tier.map_or_else(|| "tier.none".to_owned(), tier_key)
        })
        .class("tier")
        .sorts_by("tier"),
        Column::new("axis.confidentiality", move |asset: &AssetView| {
            confidentiality(i18n, asset, scheme)
        })
        .testid("asset-confidentiality")
        .sorts_by("confidentiality"),
        Column::text("axis.integrity", |asset: &AssetView| {
            axis_text(asset, Axis::Integrity)
        }),
        Column::text("axis.availability", |asset: &AssetView| {
            axis_text(asset, Axis::Availability)
        }),
    ])
    .row_class(|asset| asset.retired.then_some("inactive"));
    view! {
        <DataTable
            rows=page.items
            columns
            testid="assets-table"
            class="assets-table"
            row_testid="asset-row"
            empty="assets.none"
            empty_testid="assets-empty"
            sorting
            paging=Some(Paging { total: page.total, offset, limit: PAGE_SIZE })
        />
    }
}

/// The asset's level on `axis`, or a dash while it is unclassified.
fn axis_text(asset: &AssetView, axis: Axis) -> String {
    asset
        .classification
        .as_ref()
        .map_or_else(|| "—".to_owned(), |c| code_of(c, axis).to_owned())
}

/// The confidentiality's badge, named by the scheme in its title.
fn confidentiality(i18n: I18n, asset: &AssetView, scheme: StoredValue<Option<Scheme>>) -> AnyView {
    let Some(code) = asset
        .classification
        .as_ref()
        .map(|c| c.confidentiality.clone())
    else {
        return view! {
            <span class=level_class("unclassified")>{i18n.text("level.unclassified")}</span>
        }
        .into_any();
    };
    let name = {
        let code = code.clone();
        move || {
            scheme.with_value(|s| {
                s.as_ref()
                    .and_then(|s| s.level(Axis::Confidentiality, &code))
                    .map(|l| text(&l.name, i18n.lang()))
            })
        }
    };
    view! { <span class=level_class(&asset.level) title=name>{code}</span> }.into_any()
}
