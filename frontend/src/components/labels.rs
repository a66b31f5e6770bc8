//! The names of the codes of the organisation (roles, employment kinds, role scopes) and of the
//! register (asset kinds, network tiers, access levels, grant states) in the user's language, from
//! the message files (`role.<code>`, `employment.<code>`, `kind.<code>`...).

use mamori_shared::api::organisation::RoleAssignmentView;
use mamori_shared::assets::{AccessLevel, AssetKind, NetworkTier};
use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};

use crate::i18n::I18n;

pub fn role_key(role: Role) -> String {
    format!("role.{}", role.code())
}

pub fn employment_key(kind: EmploymentKind) -> String {
    format!("employment.{}", kind.code())
}

/// The role's name (reactive).
pub fn role_name(i18n: I18n, role: Role) -> String {
    i18n.t(&role_key(role))
}

pub fn employment_name(i18n: I18n, kind: EmploymentKind) -> String {
    i18n.t(&employment_key(kind))
}

/// Where an assignment applies: the whole organisation, or the department's name.
pub fn scope_name(i18n: I18n, assignment: &RoleAssignmentView) -> String {
    scope_text(
        i18n,
        in_department(&assignment.scope),
        assignment.department_name.as_deref(),
    )
}

fn in_department(scope: &RoleScope) -> bool {
    matches!(scope, RoleScope::Department { .. })
}

fn scope_text(i18n: I18n, in_department: bool, department_name: Option<&str>) -> String {
    if in_department {
        department_name
            .map(str::to_owned)
            .unwrap_or_else(|| i18n.t("scope.department"))
    } else {
        i18n.t("scope.organisation")
    }
}

/// The role with its department, e.g. "情報セキュリティ管理者（情報システム係）".
pub fn role_with_scope(i18n: I18n, assignment: &RoleAssignmentView) -> String {
    role_in_scope(
        i18n,
        assignment.role,
        in_department(&assignment.scope),
        assignment.department_name.as_deref(),
    )
}

/// [`role_with_scope`] of a role, whether it applies in one department, and the department's name.
pub fn role_in_scope(
    i18n: I18n,
    role: Role,
    in_department: bool,
    department_name: Option<&str>,
) -> String {
    let role = role_name(i18n, role);
    if in_department {
        i18n.t("role.in_department")
            .replace("{role}", &role)
            .replace("{department}", &scope_text(i18n, true, department_name))
    } else {
        role
    }
}

/// The asset kinds, tiers, access levels and grant states (`kind.<code>`, `tier.<code>`,
/// `access.<code>`, `grant.status.<code>`).
pub fn kind_key(kind: AssetKind) -> String {
    format!("kind.{}", kind.code())
}

pub fn tier_key(tier: NetworkTier) -> String {
    format!("tier.{}", tier.code())
}

/// The access levels a grant may give, least first.
pub const ACCESS_LEVELS: [AccessLevel; 3] =
    [AccessLevel::View, AccessLevel::Use, AccessLevel::Administer];

/// The API's code of an access level.
pub fn access_code(access: AccessLevel) -> &'static str {
    match access {
        AccessLevel::View => "view",
        AccessLevel::Use => "use",
        AccessLevel::Administer => "administer",
    }
}

pub fn access_key(access: AccessLevel) -> String {
    format!("access.{}", access_code(access))
}

/// The grant states the API names: pending, active, rejected, revoked, expired, withdrawn.
pub const GRANT_STATES: [&str; 6] = [
    "pending",
    "active",
    "rejected",
    "revoked",
    "expired",
    "withdrawn",
];

pub fn grant_status_key(status: &str) -> String {
    format!("grant.status.{status}")
}

/// The badge of a grant's state.
pub fn grant_status_class(status: &str) -> &'static str {
    match status {
        "active" => "badge badge-active",
        "pending" => "badge badge-upcoming",
        "rejected" | "revoked" => "badge badge-refused",
        _ => "badge badge-ended",
    }
}

pub fn kind_name(i18n: I18n, kind: AssetKind) -> String {
    i18n.t(&kind_key(kind))
}

/// The tier's name, or "none" for an asset on no network.
pub fn tier_name(i18n: I18n, tier: Option<NetworkTier>) -> String {
    match tier {
        Some(tier) => i18n.t(&tier_key(tier)),
        None => i18n.t("tier.none"),
    }
}

pub fn access_name(i18n: I18n, access: AccessLevel) -> String {
    i18n.t(&access_key(access))
}
