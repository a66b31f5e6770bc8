//! Who is signed in: the one place that holds `Me`, shared through context. Every screen reads it
//! from here; the API client tells it when the server says the session has ended.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mamori_shared::organisation::Role;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::components::feedback::{use_feedback, Message};

/// The sign-in page, where every address leads when no one is signed in.
pub const SIGN_IN: &str = "/sign-in";

/// The permission to see the organisation (people, departments, roles).
pub const ORGANISATION_VIEW: &str = "organisation.view";
/// The permission to administer it.
pub const ORGANISATION_MANAGE: &str = "organisation.manage";
/// Reading the transparency log (auditors, the committee, the CISO).
pub const LOG_READ: &str = "log.read";
/// Seeing the register counted by level (the dashboard's card).
pub const ASSETS_SUMMARY: &str = "assets.summary";
/// Seeing the system's health.
pub const SYSTEM_HEALTH: &str = "system.health";
/// Reading the policy documents (文書).
pub const DOCUMENTS_LIST: &str = "documents.list";
/// Reviewing revisions as a member of the committee (審議).
pub const DOCUMENTS_REVIEW: &str = "documents.review";
/// Seeing who sits on the security committee (委員会) and how it decides.
pub const COMMITTEE_VIEW: &str = "committee.view";
/// Seeing the training sessions (研修).
pub const TRAININGS_LIST: &str = "trainings.list";
/// Seeing the client systems (連携システム) and their tokens.
pub const CLIENTS_VIEW: &str = "clients.view";

/// The signed-in person (`mamori_shared::api::auth::Me`, from `GET /me` and `POST /auth/sign-in`)
/// as the app uses it: serde passes over the rest (login, own department, each role's id and
/// dates), so that the shell holds no reader of the whole `Me` and its `RoleAssignmentView`s.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    pub person_id: Uuid,
    pub name: String,
    /// Roles held today.
    pub roles: Vec<HeldRole>,
    /// Send back in the `X-CSRF-Token` header with every state-changing request.
    pub csrf_token: String,
    /// The actions Cedar permits this person on the organisation.
    pub permissions: Vec<String>,
    /// The departments in which Cedar permits this person to register assets.
    #[serde(default)]
    pub asset_departments: Vec<Uuid>,
    /// The departments whose acknowledgements and training this person may read.
    #[serde(default)]
    pub compliance_departments: Vec<Uuid>,
}

/// A role I hold today, as the user menu names it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HeldRole {
    pub role: Role,
    pub scope: HeldScope,
    /// Name of the scope's department, if the scope is one.
    pub department_name: Option<String>,
}

/// Of a role's scope (`RoleScope`, tagged by `kind`), its kind only: `organisation` or
/// `department`. Read as a plain struct: serde reads the tagged enum through a buffer of the
/// whole value, code the shell would hold for this one field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HeldScope {
    pub kind: String,
}

impl HeldRole {
    /// Whether the role applies in one department (and its sub-units), not the whole organisation.
    pub fn in_department(&self) -> bool {
        self.scope.kind == "department"
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Asking the server who we are.
    Checking,
    SignedOut,
    SignedIn(Me),
    /// The server could not say.
    Unknown(ApiFailure),
}

#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
}

impl Session {
    /// Asks the server who is signed in, and listens for the end of the session.
    pub fn provide() -> Self {
        let session = Self {
            state: RwSignal::new(SessionState::Checking),
        };
        api::on_unauthenticated(move || {
            // Ended elsewhere (signed out everywhere, deactivated, timed out): said on the sign-in page.
            let signed_in = session
                .state
                .with_untracked(|state| matches!(state, SessionState::SignedIn(_)));
            if signed_in {
                session.signed_out_saying("session.ended");
            } else {
                session.state.set(SessionState::SignedOut);
            }
        });
        session.check();
        provide_context(session);
        session
    }

    /// (Re)loads `Me` from the server.
    pub fn check(self) {
        self.state.set(SessionState::Checking);
        spawn_local(async move {
            match api::get::<Me>("/me").await {
                Ok(me) => self.signed_in(me),
                Err(failure) if failure.status() == Some(401) => {
                    self.state.set(SessionState::SignedOut)
                }
                Err(failure) => self.state.set(SessionState::Unknown(failure)),
            }
        });
    }

    pub fn state(self) -> SessionState {
        self.state.get()
    }

    pub fn signed_in(self, me: Me) {
        api::set_csrf_token(Some(me.csrf_token.clone()));
        self.state.set(SessionState::SignedIn(me));
    }

    pub fn signed_out(self) {
        api::set_csrf_token(None);
        self.state.set(SessionState::SignedOut);
    }

    /// Signed out here, by this person: the sign-in page says `message`.
    pub fn signed_out_saying(self, message: &'static str) {
        use_feedback().say_at(SIGN_IN, Message::new(message));
        self.signed_out();
    }

    /// The signed-in person (reactive).
    pub fn me(self) -> Option<Me> {
        self.state.with(|state| match state {
            SessionState::SignedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    /// Whether the server lets the signed-in person do `permission` (reactive). Only for showing
    /// or hiding: the server still decides every request.
    pub fn can(self, permission: &str) -> bool {
        self.state.with(|state| match state {
            SessionState::SignedIn(me) => me.permissions.iter().any(|p| p == permission),
            _ => false,
        })
    }

    /// Whether `person_id` is the signed-in person (reactive).
    pub fn is_me(self, person_id: Uuid) -> bool {
        self.state.with(|state| match state {
            SessionState::SignedIn(me) => me.person_id == person_id,
            _ => false,
        })
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
