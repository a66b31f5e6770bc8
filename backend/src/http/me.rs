//! The caller's own things: who they are, their profile, password and sessions.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use mamori_shared::api::auth::{Me, PasswordChange, SessionView};
use mamori_shared::api::organisation::PersonView;
use mamori_shared::api::tasks::{NotificationSettings, Tasks};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{path_uuid, Caller, JsonBody};
use super::organisation::views;
use super::routes::{api_routes, Access, ApiRoute, Target};
use super::AppState;
use crate::auth::{credentials, password, sessions};
use crate::authz::{Action, Resource};
use crate::clock::{now_micros, rfc3339, today};
use crate::notify::outbox;

/// What `/me` and sign-in answer.
pub fn view(state: &AppState, person_id: Uuid, csrf_token: &str) -> Result<Me, ApiError> {
    let snapshot = state.projections.snapshot();
    let person = snapshot
        .directory
        .people
        .get(&person_id)
        .ok_or(ApiError::Unauthenticated)?;
    let day = today();
    let full = views::person(&snapshot.directory, person, day);
    let permissions = state.authz.permitted(
        snapshot.world(),
        person_id,
        Resource::organisation(),
        &[
            Action::ORGANISATION_VIEW,
            Action::ORGANISATION_MANAGE,
            Action::LOG_READ,
            Action::ASSETS_SUMMARY,
            Action::SYSTEM_HEALTH,
            Action::DOCUMENTS_LIST,
            Action::DOCUMENTS_CREATE,
            Action::DOCUMENTS_REVIEW,
            Action::COMMITTEE_VIEW,
            Action::TRAININGS_LIST,
            Action::TRAININGS_MANAGE,
            Action::CLIENTS_VIEW,
        ],
        day,
    );
    let asset_departments = snapshot
        .directory
        .departments
        .keys()
        .copied()
        .filter(|department| {
            state.authz.is_allowed(
                snapshot.world(),
                person_id,
                Action::ASSET_REGISTER,
                Resource::department(*department),
                day,
            )
        })
        .collect();
    let compliance_departments = snapshot
        .directory
        .departments
        .keys()
        .copied()
        .filter(|department| {
            state.authz.is_allowed(
                snapshot.world(),
                person_id,
                Action::COMPLIANCE_READ,
                Resource::department(*department),
                day,
            )
        })
        .collect();
    Ok(Me {
        person_id,
        name: full.name,
        login: full.login,
        department_id: full.department_id,
        department_name: full.department_name,
        roles: full.roles.into_iter().filter(|r| r.current).collect(),
        csrf_token: csrf_token.to_owned(),
        permissions,
        asset_departments,
        compliance_departments,
    })
}

/// What I have to do now (やること), from every area.
pub async fn tasks(State(state): State<AppState>, caller: Caller) -> Json<Tasks> {
    let snapshot = state.projections.snapshot();
    let context = crate::tasks::Context {
        authz: &state.authz,
        world: snapshot.world(),
        person: caller.principal_id,
        today: today(),
        now: now_micros(),
    };
    Json(Tasks {
        items: crate::tasks::for_person(&context),
    })
}

pub async fn notifications(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<NotificationSettings>, ApiError> {
    let email = outbox::wants_mail(state.store.database(), caller.principal_id).await?;
    Ok(Json(NotificationSettings {
        email,
        email_available: state.settings.mail.is_some(),
    }))
}

pub async fn set_notifications(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NotificationSettings>,
) -> Result<Json<NotificationSettings>, ApiError> {
    let db = state.store.database();
    outbox::set_wants_mail(db, caller.principal_id, body.email, now_micros()).await?;
    Ok(Json(NotificationSettings {
        email: body.email,
        email_available: state.settings.mail.is_some(),
    }))
}

pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    view(&state, caller.principal_id, &caller.session()?.csrf_token).map(Json)
}

pub async fn profile(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PersonView>, ApiError> {
    let directory = state.projections.directory.read();
    let person = directory
        .people
        .get(&caller.principal_id)
        .ok_or(ApiError::NotFound)?;
    Ok(Json(views::person(&directory, person, today())))
}

pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let login = {
        let directory = state.projections.directory.read();
        directory
            .people
            .get(&caller.principal_id)
            .map(|p| p.login.clone())
            .ok_or(ApiError::NotFound)?
    };
    password::check_policy(&body.new_password, &login).map_err(|e| match ApiError::from(e) {
        ApiError::Invalid {
            message,
            message_ja,
            ..
        } => ApiError::Invalid {
            field: "new_password".into(),
            message,
            message_ja,
        },
        other => other,
    })?;
    let db = state.store.database();
    let stored = credentials::get(db, caller.principal_id)
        .await?
        .unwrap_or_default();
    let (current, new) = (body.current_password, body.new_password);
    let hashed = state
        .password_workers
        .admit()
        .map_err(|_| ApiError::Busy)?
        .run(move || password::verify(&current, &stored).then(|| password::hash(&new)))
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| {
            ApiError::invalid(
                "current_password",
                "is wrong",
                "現在のパスワードが正しくありません",
            )
        })?;
    let now = now_micros();
    credentials::set(db, caller.principal_id, &hashed, now).await?;
    // A new password ends every other session (ASVS 5.0 V7.4.3).
    for session in sessions::list(db, caller.principal_id, state.settings.sessions, now).await? {
        if session.id != caller.session()?.id {
            sessions::end(db, session.id, now).await?;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn sessions(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<SessionView>>, ApiError> {
    let list = sessions::list(
        state.store.database(),
        caller.principal_id,
        state.settings.sessions,
        now_micros(),
    )
    .await?;
    let current = caller.session()?.id;
    Ok(Json(
        list.into_iter()
            .map(|s| SessionView {
                current: s.id == current,
                id: s.id,
                created_at: rfc3339(s.created_at),
                last_seen_at: rfc3339(s.last_seen_at),
                address: s.address,
                user_agent: s.user_agent,
            })
            .collect(),
    ))
}

pub async fn end_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(session_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_uuid(&session_id)?;
    if sessions::end_own(
        state.store.database(),
        caller.principal_id,
        id,
        now_micros(),
    )
    .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

pub async fn end_all_sessions(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    sessions::end_all(state.store.database(), caller.principal_id, now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This file's routes (see [`routes::table`](super::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::{auth as a, organisation as o};
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/me" => me, Permit(A::SELF_VIEW, T::Caller), "Who I am, my roles, my CSRF token", gives a::Me;
        GET "/me/profile" => profile, Permit(A::SELF_VIEW, T::Caller), "My own record, with my role history", gives o::PersonView;
        PUT "/me/password" => change_password, Permit(A::SELF_MANAGE, T::Caller), "Change my password", takes a::PasswordChange, status 204;
        GET "/me/tasks" => tasks, Permit(A::SELF_VIEW, T::Caller), "What I have to do (やること): requests to decide, decisions on my requests, grants of mine ending soon, and what later areas add", gives mamori_shared::api::tasks::Tasks;
        GET "/me/notifications" => notifications, Permit(A::SELF_VIEW, T::Caller), "Whether I am told by e-mail", gives mamori_shared::api::tasks::NotificationSettings;
        PUT "/me/notifications" => set_notifications, Permit(A::SELF_MANAGE, T::Caller), "Turn e-mail notices on or off for me", takes mamori_shared::api::tasks::NotificationSettings, gives mamori_shared::api::tasks::NotificationSettings;
        GET "/me/sessions" => sessions, Permit(A::SELF_VIEW, T::Caller), "My open sessions", gives Vec<a::SessionView>;
        DELETE "/me/sessions" => end_all_sessions, Permit(A::SELF_MANAGE, T::Caller), "Sign out everywhere", status 204;
        DELETE "/me/sessions/{session_id}" => end_session, Permit(A::SELF_MANAGE, T::Caller), "End one of my sessions", status 204;
    }
}
