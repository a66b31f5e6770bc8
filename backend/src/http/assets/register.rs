//! The asset register (情報資産台帳): list, detail, history, CSV export, and the commands on an asset.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::assets::{
    AssetView, Classify, CustodianChange, DetailsChange, HistoryEntry, LevelCount, NewAsset,
    OwnerChange, Reason, RegisterSummary, TierChange,
};
use mamori_shared::api::page::Page;
use mamori_shared::assets::{AssetKind, NetworkTier};
use mamori_shared::classification::{Axis, Scheme};
use mamori_shared::events::assets::AssetDetails;
use uuid::Uuid;

use super::views;
use crate::authz::assets::ASSET;
use crate::authz::organisation::DEPARTMENT;
use crate::authz::Action;
use crate::authz::{Resource, World};
use crate::clock::today;
use crate::collation;
use crate::commands::{stream, Commit, Executed};
use crate::domain::assets::{Asset, AssetCommand, AssetError, Grant, SchemeChoice};
use crate::http::as_of::AsOf;
use crate::http::authorize::authorize_also;
use crate::http::csv::push_row;
use crate::http::error::ApiError;
use crate::http::extract::{path_uuid, Caller, Change, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::timeline;
use crate::http::AppState;
use crate::import::labels;
use crate::projections::register::AssetEntry;

/// The visible assets that match the filters, sorted as asked.
/// What the register sorts by (the first by default).
const SORTS: &[&str] = &["name", "confidentiality", "kind", "tier", "owner"];

fn matching<'a>(
    state: &AppState,
    world: World<'a>,
    caller: &Caller,
    params: &ListParams,
) -> Result<Vec<&'a AssetEntry>, ApiError> {
    let (field, descending) = params.sort(SORTS, SORTS[0])?;
    let visible = state
        .visible_assets
        .visible(&state.authz, world, caller.principal_id, today());
    let register = &world.models().register;
    let rank = |entry: &AssetEntry| {
        entry
            .classification
            .as_ref()
            .and_then(|c| {
                register
                    .scheme()
                    .level(Axis::Confidentiality, &c.confidentiality)
            })
            .map_or(0, |l| l.rank)
    };
    let retired: &[Uuid] = if params.retired == Some(true) {
        &visible.retired
    } else {
        &[]
    };
    let mut items: Vec<&AssetEntry> = visible
        .live
        .iter()
        .chain(retired)
        .filter_map(|id| register.assets.get(id))
        .filter(|a| {
            params
                .department_id
                .is_none_or(|d| a.owner_department_id == d)
        })
        .filter(|a| params.tier.is_none_or(|t| a.tier == Some(t)))
        .filter(|a| params.kind.is_none_or(|k| a.kind == k))
        .filter(|a| {
            let c = a.classification.as_ref();
            params
                .confidentiality
                .as_deref()
                .is_none_or(|v| c.is_some_and(|c| c.confidentiality == v))
                && params
                    .integrity
                    .as_deref()
                    .is_none_or(|v| c.is_some_and(|c| c.integrity == v))
                && params
                    .availability
                    .as_deref()
                    .is_none_or(|v| c.is_some_and(|c| c.availability == v))
        })
        .filter(|a| {
            let reading = a.details.reading.as_deref().unwrap_or("");
            params.matches_text(&[&a.name, reading, &a.location, &a.description])
        })
        .collect();
    // Each order ends in the register's own (五十音 by 読み仮名, else by name), then by id.
    let directory = &world.models().directory;
    let named = |a: &AssetEntry| (collation::key(a.details.reading.as_deref(), &a.name), a.id);
    match field {
        "confidentiality" => items.sort_by_cached_key(|a| (rank(a), named(a))),
        // Kinds and tiers in their defined order (as the scheme lists them), not by code.
        "kind" => items
            .sort_by_cached_key(|a| (AssetKind::ALL.iter().position(|k| *k == a.kind), named(a))),
        "tier" => items.sort_by_cached_key(|a| {
            let tier = a
                .tier
                .and_then(|t| NetworkTier::ALL.iter().position(|x| *x == t));
            (tier.is_none(), tier, named(a))
        }),
        // By the owning department's name, in Japanese order.
        "owner" => items.sort_by_cached_key(|a| {
            let department = directory.departments.get(&a.owner_department_id);
            let owner = department.map(|d| collation::key(d.reading.as_deref(), &d.name));
            (owner, a.owner_department_id, named(a))
        }),
        _ if params.retired == Some(true) => items.sort_by_cached_key(|a| named(a)),
        // Already in the register's order (see VisibleAssets).
        _ => {}
    }
    if descending {
        items.reverse();
    }
    Ok(items)
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
    as_of: AsOf,
) -> Result<Json<Page<AssetView>>, ApiError> {
    let seen = as_of.read(&state);
    let world = seen.world();
    if params.is_plain() && params.sort.as_deref().is_none_or(|s| s == "name") {
        // The register as everyone opens it: a slice of the cached, ordered visible list, so the
        // cost follows the page, not the register.
        let visible =
            state
                .visible_assets
                .visible(&state.authz, world, caller.principal_id, today());
        let page = params.page_of(&visible.live)?;
        return Ok(Json(Page {
            allowed: offered(&state, world, &caller),
            items: page
                .items
                .iter()
                .filter_map(|id| world.register.assets.get(id))
                .map(|a| views::asset(world, a, None))
                .collect(),
            total: page.total,
            offset: page.offset,
            limit: page.limit,
        }));
    }
    let items = matching(&state, world, &caller, &params)?;
    let page = params.page(items)?;
    Ok(Json(Page {
        allowed: offered(&state, world, &caller),
        items: page
            .items
            .into_iter()
            .map(|a| views::asset(world, a, None))
            .collect(),
        total: page.total,
        offset: page.offset,
        limit: page.limit,
    }))
}

/// What the register's screen may offer the caller (importing a register kept in Excel), as Cedar
/// permits it; nothing in the past.
fn offered(state: &AppState, world: World<'_>, caller: &Caller) -> Vec<String> {
    state.authz.permitted(
        world,
        caller.principal_id,
        Resource::organisation(),
        &[Action::ASSETS_IMPORT],
        today(),
    )
}

/// The live assets the caller may see, by confidentiality level (the dashboard).
pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
) -> Json<RegisterSummary> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let visible = state
        .visible_assets
        .visible(&state.authz, world, caller.principal_id, today());
    let mut by_confidentiality: Vec<LevelCount> = world
        .register
        .scheme()
        .levels(Axis::Confidentiality)
        .iter()
        .map(|l| LevelCount {
            code: l.code.clone(),
            count: 0,
        })
        .collect();
    let mut unclassified = 0;
    for asset in visible
        .live
        .iter()
        .filter_map(|id| world.register.assets.get(id))
    {
        match asset.classification.as_ref().and_then(|c| {
            by_confidentiality
                .iter_mut()
                .find(|l| l.code == c.confidentiality)
        }) {
            Some(level) => level.count += 1,
            None => unclassified += 1,
        }
    }
    Json(RegisterSummary {
        total: visible.live.len() as u64,
        by_confidentiality,
        unclassified,
    })
}

/// The register the caller may see, as CSV with a byte-order mark so that Excel reads it as UTF-8.
pub async fn export_csv(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
    as_of: AsOf,
) -> Result<Response, ApiError> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let items = matching(&state, world, &caller, &params)?;
    let mut csv = String::from("\u{feff}");
    let header = [
        "ID",
        "名称",
        "種別",
        "所管部署",
        "管理担当者",
        "ネットワーク区分",
        "機密性",
        "完全性",
        "可用性",
        "設置場所",
        "説明",
        "読み仮名",
        "保存期間",
        "個人情報",
        "委託先",
        "外部サービス",
        "廃止",
    ];
    push_row(&mut csv, header.iter().map(|s| s.to_string()));
    for entry in items {
        let view = views::asset(world, entry, None);
        let c = view.classification.clone();
        push_row(
            &mut csv,
            [
                view.id.to_string(),
                view.name,
                labels::kind_label(view.kind).into(),
                view.owner_department_name,
                view.custodian_name.unwrap_or_default(),
                view.tier.map(labels::tier_label).unwrap_or_default().into(),
                c.as_ref()
                    .map(|c| c.confidentiality.clone())
                    .unwrap_or_default(),
                c.as_ref().map(|c| c.integrity.clone()).unwrap_or_default(),
                c.as_ref()
                    .map(|c| c.availability.clone())
                    .unwrap_or_default(),
                view.location,
                view.description,
                view.reading.unwrap_or_default(),
                view.retention
                    .map(labels::retention_label)
                    .unwrap_or_default(),
                view.personal_information
                    .map(labels::personal_label)
                    .unwrap_or_default()
                    .into(),
                view.contractor.unwrap_or_default(),
                view.external_service.unwrap_or_default(),
                if view.retired {
                    "廃止".into()
                } else {
                    String::new()
                },
            ]
            .into_iter(),
        );
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"assets.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        csv,
    )
        .into_response())
}

/// The asset's events and those of its grants, oldest first, with who, when and why. A grant's
/// events (who asked, why, who decided) are shown to those who manage the asset's grants, and to
/// the person who asked; others who see the asset see its own events only.
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let id = path_uuid(&id)?;
    let grants: Vec<Uuid> = {
        let snapshot = state.projections.snapshot();
        let manages = state.authz.is_allowed(
            snapshot.world(),
            caller.principal_id,
            Action::ASSET_MANAGE,
            Resource::asset(id),
            today(),
        );
        snapshot
            .register
            .grants
            .values()
            .filter(|g| g.asset_id == id && (manages || g.person_id == caller.principal_id))
            .map(|g| g.id)
            .collect()
    };
    let streams: Vec<_> = std::iter::once(stream::<Asset>(&id))
        .chain(grants.iter().map(stream::<Grant>))
        .collect();
    Ok(Json(timeline::of_streams(&state, &streams).await?))
}

pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    Path(department): Path<String>,
    JsonBody(body): JsonBody<NewAsset>,
) -> Result<Response, ApiError> {
    let department_id = path_uuid(&department)?;
    check_custodian(&state, body.custodian_id)?;
    let id = Uuid::now_v7();
    let command = AssetCommand::Register {
        asset_id: id,
        name: body.name,
        kind: body.kind,
        owner_department_id: department_id,
        custodian_id: body.custodian_id,
        tier: body.tier,
        location: body.location,
        description: body.description,
        details: AssetDetails {
            reading: body.reading,
            retention: body.retention,
            personal_information: body.personal_information,
            contractor: body.contractor,
            external_service: body.external_service,
        },
    };
    respond::create::<Asset>(&state, &caller, id, command).await
}

pub async fn classify(change: Change<Classify>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let (scheme, scheme_version) = scheme_in_force(&state);
    let command = AssetCommand::Classify {
        asset_id: id,
        scheme,
        classification: body.classification,
        reason: body.reason,
    };
    run_under_scheme(&state, &caller, id, version, command, scheme_version).await
}

/// The adopted scheme and the version of its stream: a decision taken on it commits only if no
/// other scheme was adopted meanwhile.
fn scheme_in_force(state: &AppState) -> (Scheme, u64) {
    let register = state.projections.register.read();
    (register.scheme().clone(), register.scheme_version)
}

/// Like [`respond::command`], for a decision that depends on the scheme in force.
async fn run_under_scheme(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    version: u64,
    command: AssetCommand,
    scheme_version: u64,
) -> Result<Response, ApiError> {
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<Asset>(&state.store, &id, Some(version), command)
        .await?;
    commit.require::<SchemeChoice>(&(), scheme_version);
    let done = commit.commit::<AssetError>(&state.store).await?;
    respond::answer::<Asset>(state, caller, id, Executed::last_position(&done)).await
}

pub async fn change_owner(change: Change<OwnerChange>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    if !state
        .projections
        .directory
        .read()
        .departments
        .contains_key(&body.owner_department_id)
    {
        return Err(ApiError::invalid(
            "owner_department_id",
            "no such department",
            "該当する部署がありません",
        ));
    }
    // The route decided on the department the asset leaves; the one it goes to decides too, as
    // for an asset registered there.
    authorize_also(
        &state,
        &caller,
        Action::ASSET_REGISTER,
        Resource::department(body.owner_department_id),
    )
    .await?;
    let command = AssetCommand::ChangeOwner {
        asset_id: id,
        owner_department_id: body.owner_department_id,
        reason: body.reason,
    };
    respond::command::<Asset>(&state, &caller, id, Some(version), command).await
}

pub async fn change_custodian(change: Change<CustodianChange>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    check_custodian(&state, body.custodian_id)?;
    let command = AssetCommand::ChangeCustodian {
        asset_id: id,
        custodian_id: body.custodian_id,
        reason: body.reason,
    };
    respond::command::<Asset>(&state, &caller, id, Some(version), command).await
}

pub async fn move_tier(change: Change<TierChange>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let (scheme, scheme_version) = scheme_in_force(&state);
    let command = AssetCommand::MoveTier {
        asset_id: id,
        scheme,
        tier: body.tier,
        reason: body.reason,
    };
    run_under_scheme(&state, &caller, id, version, command, scheme_version).await
}

/// 読み仮名, 保存期間, 個人情報, 委託先, 外部サービス: decided on the scheme in force (the rules on
/// personal information depend on the level).
pub async fn change_details(change: Change<DetailsChange>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let (scheme, scheme_version) = scheme_in_force(&state);
    let command = AssetCommand::ChangeDetails {
        asset_id: id,
        scheme,
        details: AssetDetails {
            reading: body.reading,
            retention: body.retention,
            personal_information: body.personal_information,
            contractor: body.contractor,
            external_service: body.external_service,
        },
        reason: body.reason,
    };
    run_under_scheme(&state, &caller, id, version, command, scheme_version).await
}

pub async fn retire(change: Change<Reason>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = AssetCommand::Retire {
        asset_id: id,
        reason: body.reason,
    };
    respond::command::<Asset>(&state, &caller, id, Some(version), command).await
}

fn check_custodian(state: &AppState, custodian: Option<Uuid>) -> Result<(), ApiError> {
    match custodian {
        Some(person)
            if !state
                .projections
                .directory
                .read()
                .people
                .get(&person)
                .is_some_and(|p| p.active) =>
        {
            Err(ApiError::invalid(
                "custodian_id",
                "no such active person",
                "該当する在籍者がいません",
            ))
        }
        _ => Ok(()),
    }
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::{assets as r, page::Page};
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/assets" => list, Permit(A::ASSETS_LIST, T::Organisation), "The asset register: the assets I may see (paginated, filterable, sortable)", gives Page<r::AssetView>, as_of = true, query crate::http::list::ListParams, filters ["offset", "limit", "q", "department_id", "confidentiality", "integrity", "availability", "tier", "kind", "retired"], sorts SORTS;
        GET "/assets/summary" => summary, Permit(A::ASSETS_LIST, T::Organisation), "The assets I may see, counted by confidentiality level", gives r::RegisterSummary, as_of = true;
        GET "/assets/export.csv" => export_csv, Permit(A::ASSETS_LIST, T::Organisation), "The register I may see, as CSV (UTF-8 with BOM)", as_of = true, query crate::http::list::ListParams, filters ["q", "department_id", "confidentiality", "integrity", "availability", "tier", "kind", "retired"], sorts SORTS;
        POST "/departments/{department_id}/assets" => register, Permit(A::ASSET_REGISTER, T::Path("department_id", DEPARTMENT)), "Register an asset the department owns", takes r::NewAsset, gives r::AssetView, status 201;
        GET "/assets/{asset_id}" => respond::get::<Asset>, Permit(A::ASSET_VIEW, T::Path("asset_id", ASSET)), "One asset", gives r::AssetView, as_of = true;
        GET "/assets/{asset_id}/history" => history, Permit(A::ASSET_VIEW, T::Path("asset_id", ASSET)), "The asset's timeline: every event of it and of the grants I may see, with actor, time, reason, source and trace, naming people and departments as they were named then", gives Vec<r::HistoryEntry>;
        POST "/assets/{asset_id}/classification" => classify, Permit(A::ASSET_MANAGE, T::Path("asset_id", ASSET)), "Classify on all three axes, with a reason (If-Match)", takes r::Classify, gives r::AssetView, if_match = true;
        POST "/assets/{asset_id}/owner" => change_owner, Permit(A::ASSET_MANAGE, T::Path("asset_id", ASSET)), "Change the owner department (If-Match)", takes r::OwnerChange, gives r::AssetView, if_match = true;
        POST "/assets/{asset_id}/custodian" => change_custodian, Permit(A::ASSET_MANAGE, T::Path("asset_id", ASSET)), "Change the custodian (If-Match)", takes r::CustodianChange, gives r::AssetView, if_match = true;
        POST "/assets/{asset_id}/tier" => move_tier, Permit(A::ASSET_MANAGE, T::Path("asset_id", ASSET)), "Move to another network tier (If-Match)", takes r::TierChange, gives r::AssetView, if_match = true;
        POST "/assets/{asset_id}/details" => change_details, Permit(A::ASSET_MANAGE, T::Path("asset_id", ASSET)), "Change the particulars: 読み仮名, 保存期間, 個人情報, 委託先, 外部サービス (If-Match)", takes r::DetailsChange, gives r::AssetView, if_match = true;
        POST "/assets/{asset_id}/retire" => retire, Permit(A::ASSET_MANAGE, T::Path("asset_id", ASSET)), "Retire the asset (If-Match)", takes r::Reason, gives r::AssetView, if_match = true;
    }
}
