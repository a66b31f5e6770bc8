use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mamori_shared::api::assets::{AssetView, HistoryEntry};
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::api::page::Page;
use mamori_shared::classification::Scheme;

use crate::api::{self, ApiFailure};
use crate::components::as_of::use_as_of;
use crate::components::department_select::load_department_tree;
use crate::components::guard::allows;
use crate::components::labels::{kind_name, tier_name};
use crate::components::live::LiveStatus;
use crate::components::page::{Page, Title};
use crate::components::scheme::{
    axis_code, code_of, level_class, load_adopted_scheme, scheme_level_class, text,
    LevelDescription, AXES,
};
use crate::components::section::{Panel, Section};
use crate::components::status::{Loaded, LoadedList};
use crate::i18n::use_i18n;
use crate::pages::assets::classify::ClassifyDialog;
use crate::pages::assets::details::DetailsFacts;
use crate::pages::assets::grants::AssetGrants;
use crate::pages::assets::history::AssetHistory;
use crate::pages::assets::manage::AssetManagement;
use crate::pages::assets::{concerns, use_register_changes, REGISTER};
use crate::pages::grants::request::AccessRequestForm;
use crate::session::{use_session, ORGANISATION_VIEW};

/// What the detail shows besides the asset, loaded once per page.
#[derive(Clone, Copy)]
struct Context {
    scheme: LocalResource<Result<Scheme, ApiFailure>>,
    departments: LocalResource<Result<Vec<DepartmentView>, ApiFailure>>,
    people: LocalResource<Vec<PersonView>>,
    history: LocalResource<Result<Vec<HistoryEntry>, ApiFailure>>,
    /// Counts changes made here or reported live: the grants reload on it.
    revision: RwSignal<u64>,
}

/// One asset: what it is, its classification with each level's definition and handling rules, its
/// grants and its full history; for its managers, classifying, moving, changing and retiring it;
/// for everyone, asking for access. An asset the person may not see is "not found".
#[component]
pub fn AssetDetail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let as_of = use_as_of();
    let asset = LocalResource::new(move || {
        let path = as_of.path(&format!("/assets/{}", id.get()));
        async move { api::get::<AssetView>(&path).await }
    });
    let history = LocalResource::new(move || {
        let id = id.get();
        async move { api::get::<Vec<HistoryEntry>>(&format!("/assets/{id}/history")).await }
    });
    let people = LocalResource::new(move || {
        let sees_people = session.can(ORGANISATION_VIEW);
        async move {
            if !sees_people {
                return Vec::new();
            }
            api::get::<Page<PersonView>>("/people?limit=500&sort=name")
                .await
                .map(|page| page.items)
                .unwrap_or_default()
        }
    });
    let context = Context {
        scheme: LocalResource::new(load_adopted_scheme),
        departments: LocalResource::new(move || {
            load_department_tree(session.can(ORGANISATION_VIEW))
        }),
        people,
        history,
        revision: RwSignal::new(0),
    };
    // A change of this asset (or of the scheme) made elsewhere: show it.
    let changes = use_register_changes();
    Effect::watch(
        move || changes.reloads.get(),
        move |_, _, _| {
            if concerns(changes, &id.get_untracked()) {
                asset.refetch();
                history.refetch();
                context.revision.update(|r| *r += 1);
            }
        },
        false,
    );
    let updated = Callback::new(move |changed: AssetView| {
        asset.set(Some(Ok(changed)));
        history.refetch();
        context.revision.update(|r| *r += 1);
    });
    // Only a real change re-renders the record (and closes its open forms): a grant's event
    // reloads the asset unchanged. Not found (or not to be seen) is an answer, not a failure.
    let current = Memo::new(move |_| {
        asset.get().map(|answer| match answer {
            Err(failure) if failure.status() == Some(404) => Ok(None),
            answer => answer.map(Some),
        })
    });
    let shown = move || current.get().and_then(Result::ok).flatten();
    let title = Title::text(move || match current.get() {
        Some(Ok(Some(asset))) => asset.name,
        Some(Ok(None)) => i18n.t("asset.not_found"),
        _ => i18n.t("assets.heading"),
    });
    let beside = move || shown().map(|asset| view! { <AssetBadges asset/> <LiveStatus changes/> });
    view! {
        <Page title breadcrumbs=&[(REGISTER, "assets.heading")] beside wide=true as_of=true>
            <Loaded value=move || current.get() let:asset>
                {match asset {
                    Some(asset) => view! { <AssetRecord asset context updated/> }.into_any(),
                    None => view! { <AssetNotFound id=id.get_untracked()/> }.into_any(),
                }}
            </Loaded>
        </Page>
    }
}

/// The asset's confidentiality level, and whether it is retired.
#[component]
fn AssetBadges(asset: AssetView) -> impl IntoView {
    let i18n = use_i18n();
    let level_text = match asset.classification {
        Some(c) => Signal::stored(c.confidentiality),
        None => Signal::derive(i18n.text("level.unclassified")),
    };
    view! {
        <span class=level_class(&asset.level) data-testid="asset-level">{level_text}</span>
        {asset.retired.then(|| view! {
            <span class="badge badge-ended" data-testid="asset-retired">{i18n.text("asset.retired")}</span>
        })}
    }
}

/// What someone who may not see an asset (or gave a wrong id) gets: no confirmation that it exists,
/// and the way to ask for access with the id they hold.
#[component]
fn AssetNotFound(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let request = format!("/grants/request{}", api::query(&[("asset", &id)]));
    view! {
        <div data-testid="asset-not-found">
            <p class="notice">{i18n.text("asset.not_found.text")}</p>
            <p>
                <A href=request attr:class="button">{i18n.text("grant.request.heading")}</A>
            </p>
        </div>
    }
}

#[component]
fn AssetRecord(asset: AssetView, context: Context, updated: Callback<AssetView>) -> impl IntoView {
    let i18n = use_i18n();
    // What Cedar lets this person do with the asset, as the server says (never decided here).
    let manages_it = allows(asset.allowed.as_deref(), "asset.manage");
    let manages_it = Memo::new(move |_| manages_it);
    let sees_grants = allows(asset.allowed.as_deref(), "asset.grants");
    let may_request = allows(asset.allowed.as_deref(), "asset.request");
    let asset = StoredValue::new(asset);
    let a = asset.get_value();
    let retired = a.retired;
    let optional = |text: &str| {
        if text.is_empty() {
            "—".to_owned()
        } else {
            text.to_owned()
        }
    };
    let (kind, tier) = (a.kind, a.tier);
    let classify = move || {
        (manages_it.get() && !retired).then(|| match context.scheme.get() {
            Some(Ok(scheme)) => {
                view! { <ClassifyDialog asset=asset.get_value() scheme updated/> }.into_any()
            }
            _ => ().into_any(),
        })
    };
    view! {
        {retired.then(|| view! { <p class="notice">{i18n.text("asset.retired.notice")}</p> })}
        <dl class="facts card" data-testid="asset-facts">
            <dt>{i18n.text("asset.kind")}</dt>
            <dd>{move || kind_name(i18n, kind)}</dd>
            <dt>{i18n.text("asset.owner")}</dt>
            <dd data-testid="asset-owner">{a.owner_department_name.clone()}</dd>
            <dt>{i18n.text("asset.custodian")}</dt>
            <dd data-testid="asset-custodian">{a.custodian_name.clone().unwrap_or_else(|| "—".to_owned())}</dd>
            <dt>{i18n.text("asset.tier")}</dt>
            <dd data-testid="asset-tier">{move || tier_name(i18n, tier)}</dd>
            <dt>{i18n.text("asset.location")}</dt>
            <dd>{optional(&a.location)}</dd>
            <dt>{i18n.text("asset.description")}</dt>
            <dd class="multiline">{optional(&a.description)}</dd>
            <DetailsFacts asset=a.clone()/>
            <dt>{i18n.text("asset.id")}</dt>
            <dd><code data-testid="asset-id">{a.id.to_string()}</code></dd>
        </dl>
        <Section id="classification-heading" title="asset.classification" beside=classify>
            <Loaded value=move || context.scheme.get() let:scheme>
                <ClassificationLevels asset=asset.get_value() scheme/>
            </Loaded>
        </Section>
        {move || {
            (manages_it.get() && !retired)
                .then(|| {
                    view! {
                        <AssetManagement
                            asset=asset.get_value()
                            departments=context.departments
                            people=context.people
                            updated
                        />
                    }
                })
        }}
        {sees_grants.then(|| view! { <AssetGrants asset_id=a.id revision=context.revision/> })}
        {(may_request && !retired).then(|| view! {
            <section class="section" aria-labelledby="request-heading">
                <Panel summary="grant.request.heading" id="request-heading">
                    <AccessRequestForm asset_id=Some(a.id)/>
                </Panel>
            </section>
        })}
        <Section id="history-heading" title="history.heading">
            <LoadedList value=move || context.history.get() empty="history.none" let:entries>
                <AssetHistory
                    asset=asset.get_value()
                    entries
                    scheme=context.scheme.get().and_then(Result::ok)
                    departments=context.departments.get().and_then(Result::ok).unwrap_or_default()
                    people=context.people.get().unwrap_or_default()
                />
            </LoadedList>
        </Section>
    }
}

/// The asset's level on each axis, each with its name, definition and handling rules.
#[component]
fn ClassificationLevels(asset: AssetView, scheme: Scheme) -> impl IntoView {
    let i18n = use_i18n();
    let Some(classification) = asset.classification else {
        return view! {
            <p class="notice" data-testid="unclassified">{i18n.text("asset.unclassified.notice")}</p>
        }
        .into_any();
    };
    let scheme_name = scheme.name.clone();
    view! {
        <p class="hint">
            {i18n.text("asset.scheme")} " " {move || text(&scheme_name, i18n.lang())}
        </p>
        <div class="levels" data-testid="classification">
            {AXES
                .into_iter()
                .map(|(axis, label)| {
                    let code = code_of(&classification, axis).to_owned();
                    match scheme.level(axis, &code).cloned() {
                        None => {
                            view! {
                                <article class="level-card">
                                    <h3>{i18n.text(label)}</h3>
                                    <p><span class=level_class("unclassified")>{code}</span></p>
                                </article>
                            }
                                .into_any()
                        }
                        Some(level) => {
                            let class = scheme_level_class(&scheme, axis, &level);
                            let name = level.name.clone();
                            view! {
                                <article class="level-card" data-testid=format!("level-{}", axis_code(axis))>
                                    <h3>{i18n.text(label)}</h3>
                                    <p class="level-title">
                                        <span class=class>{level.code.clone()}</span>
                                        " "
                                        <strong>{move || text(&name, i18n.lang())}</strong>
                                    </p>
                                    <LevelDescription level/>
                                </article>
                            }
                                .into_any()
                        }
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
