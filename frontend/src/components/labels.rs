//! The names of the organisation's codes (roles, employment kinds, role scopes) in the user's
//! language, from the message files (`role.<code>`, `employment.<code>`).

use mamori_shared::api::organisation::RoleAssignmentView;
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
    match assignment.scope {
        RoleScope::Organisation => i18n.t("scope.organisation"),
        RoleScope::Department { .. } => assignment
            .department_name
            .clone()
            .unwrap_or_else(|| i18n.t("scope.department")),
    }
}

/// The role with its department, e.g. "情報セキュリティ管理者（情報システム係）".
pub fn role_with_scope(i18n: I18n, assignment: &RoleAssignmentView) -> String {
    let role = role_name(i18n, assignment.role);
    match assignment.scope {
        RoleScope::Organisation => role,
        RoleScope::Department { .. } => i18n
            .t("role.in_department")
            .replace("{role}", &role)
            .replace("{department}", &scope_name(i18n, assignment)),
    }
}
