//! The security committee (情報セキュリティ委員会): who is in office, and how it decides.

use axum::extract::{Path, State};
use axum::response::Response;
use mamori_shared::api::documents::{CommitteeView, KindRule, MemberView};
use mamori_shared::documents::{DecisionRule, DocumentKind};
use mamori_shared::events::documents::DecisionRuleSet;

use super::views::person_name;
use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::commands::documents::committee_on;
use crate::commands::execute;
use crate::domain::documents::Committee;
use crate::http::error::ApiError;
use crate::http::extract::{Caller, IfMatch, JsonBody};
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;

fn shown(state: &AppState, caller: &Caller) -> Response {
    let snapshot = state.projections.snapshot();
    let world = snapshot.world();
    let (members, chair) = committee_on(&snapshot.directory, today());
    let mut people: Vec<MemberView> = chair
        .into_iter()
        .chain(members.into_iter().filter(|m| Some(*m) != chair))
        .map(|id| MemberView {
            person_id: id,
            name: person_name(world, id),
            chair: Some(id) == chair,
        })
        .collect();
    people[usize::from(chair.is_some())..].sort_by(|a, b| a.name.cmp(&b.name));
    let view = CommitteeView {
        members: people,
        rules: DocumentKind::ALL
            .into_iter()
            .map(|kind| KindRule {
                kind,
                rule: snapshot.documents.rule(kind),
            })
            .collect(),
        version: snapshot.documents.committee_version,
        allowed: Some(state.authz.permitted(
            world,
            caller.principal_id,
            Resource::organisation(),
            &[Action::COMMITTEE_MANAGE],
            today(),
        )),
    };
    let version = view.version;
    respond::versioned(view, version)
}

pub async fn get(State(state): State<AppState>, caller: Caller) -> Response {
    shown(&state, &caller)
}

pub async fn set_rule(
    State(state): State<AppState>,
    caller: Caller,
    Path(kind): Path<String>,
    IfMatch(version): IfMatch,
    JsonBody(rule): JsonBody<DecisionRule>,
) -> Result<Response, ApiError> {
    let kind = DocumentKind::from_code(&kind).ok_or(ApiError::NotFound)?;
    let done = execute::<Committee>(
        &state.store,
        &(),
        Some(version),
        DecisionRuleSet { kind, rule },
        caller.metadata(),
    )
    .await?;
    state.settle(done.position()).await?;
    Ok(shown(&state, &caller))
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::documents as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/committee" => get, Permit(A::COMMITTEE_VIEW, T::Organisation), "The committee in office today (its chair, the CISO, first) and its decision rule for each kind of document", gives r::CommitteeView;
        PUT "/committee/rules/{kind}" => set_rule, Permit(A::COMMITTEE_MANAGE, T::Organisation), "Set the committee's decision rule for a kind of document (basic_policy, standards, procedure, emergency_plan, other_procedure; If-Match: the committee's version); revisions already submitted keep theirs", takes mamori_shared::documents::DecisionRule, gives r::CommitteeView, if_match = true;
    }
}
