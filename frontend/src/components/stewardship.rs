//! Who manages which department's assets, as `policies/assets.cedar` says: the 情報セキュリティ管理者
//! or 責任者 of the owning department or of a unit above it, and those who hold the CISO's,
//! 統括's, 責任者's or 管理者's role organisation-wide. Only for showing or hiding actions: the
//! server decides every request.

use mamori_shared::api::organisation::{DepartmentView, RoleAssignmentView};
use mamori_shared::api::page::Page;
use mamori_shared::organisation::{Role, RoleScope};
use uuid::Uuid;

use crate::api::{self, ApiFailure};

/// Roles that manage every department's assets when held organisation-wide.
const ORGANISATION_WIDE: [Role; 4] = [
    Role::Ciso,
    Role::GeneralOfficer,
    Role::Officer,
    Role::Manager,
];
/// Roles that manage a department's assets (and its sub-units') when held for it.
const DEPARTMENTAL: [Role; 2] = [Role::Manager, Role::Officer];

/// Every department with its parent; empty for those who may not see the organisation
/// (contractors), who manage nothing anyway. Not even asked for then: every refusal is recorded in
/// the security log.
pub async fn load_department_tree(
    sees_organisation: bool,
) -> Result<Vec<DepartmentView>, ApiFailure> {
    if !sees_organisation {
        return Ok(Vec::new());
    }
    match api::get::<Page<DepartmentView>>("/departments?limit=500&sort=name").await {
        Ok(page) => Ok(page.items),
        Err(failure) if failure.status() == Some(403) => Ok(Vec::new()),
        Err(failure) => Err(failure),
    }
}

/// Whether the roles held manage `department`'s assets.
pub fn manages(roles: &[RoleAssignmentView], department: Uuid, tree: &[DepartmentView]) -> bool {
    roles.iter().filter(|r| r.current).any(|r| match r.scope {
        RoleScope::Organisation => ORGANISATION_WIDE.contains(&r.role),
        RoleScope::Department { department_id } => {
            DEPARTMENTAL.contains(&r.role) && is_within(department, department_id, tree)
        }
    })
}

/// Whether the roles held manage any department's assets.
pub fn manages_any(roles: &[RoleAssignmentView]) -> bool {
    roles.iter().filter(|r| r.current).any(|r| match r.scope {
        RoleScope::Organisation => ORGANISATION_WIDE.contains(&r.role),
        RoleScope::Department { .. } => DEPARTMENTAL.contains(&r.role),
    })
}

/// The departments whose assets the roles held manage.
pub fn managed(roles: &[RoleAssignmentView], tree: &[DepartmentView]) -> Vec<Uuid> {
    tree.iter()
        .map(|d| d.id)
        .filter(|id| manages(roles, *id, tree))
        .collect()
}

/// Whether `department` is `unit` or lies beneath it.
fn is_within(department: Uuid, unit: Uuid, tree: &[DepartmentView]) -> bool {
    let mut current = Some(department);
    // Bounded: a cycle (which the server forbids) cannot hang the page.
    for _ in 0..=tree.len() {
        match current {
            Some(id) if id == unit => return true,
            Some(id) => current = tree.iter().find(|d| d.id == id).and_then(|d| d.parent_id),
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn department(n: u128, parent: Option<u128>) -> DepartmentView {
        DepartmentView {
            id: Uuid::from_u128(n),
            name: format!("d{n}"),
            parent_id: parent.map(Uuid::from_u128),
            version: 1,
        }
    }

    fn role(role: Role, scope: Option<u128>) -> RoleAssignmentView {
        RoleAssignmentView {
            id: Uuid::from_u128(99),
            role,
            scope: match scope {
                Some(n) => RoleScope::Department {
                    department_id: Uuid::from_u128(n),
                },
                None => RoleScope::Organisation,
            },
            department_name: None,
            from: "2026-04-01".into(),
            until: None,
            current: true,
        }
    }

    #[test]
    fn a_manager_of_a_department_manages_it_and_its_sub_units_only() {
        // 1 総務課 ⊃ 2 情報システム係; 3 企画課.
        let tree = [
            department(1, None),
            department(2, Some(1)),
            department(3, None),
        ];
        let general_affairs = [role(Role::Manager, Some(1))];
        assert!(manages(&general_affairs, Uuid::from_u128(2), &tree));
        assert!(!manages(&general_affairs, Uuid::from_u128(3), &tree));
        let systems = [role(Role::Manager, Some(2))];
        assert!(!manages(&systems, Uuid::from_u128(1), &tree));
        assert_eq!(managed(&systems, &tree), [Uuid::from_u128(2)]);
    }

    #[test]
    fn organisation_wide_roles_manage_everything_other_roles_nothing() {
        let tree = [department(1, None)];
        assert!(manages(
            &[role(Role::Ciso, None)],
            Uuid::from_u128(1),
            &tree
        ));
        assert!(!manages(
            &[role(Role::Csirt, None)],
            Uuid::from_u128(1),
            &tree
        ));
        assert!(!manages(
            &[role(Role::SystemAdministrator, Some(1))],
            Uuid::from_u128(1),
            &tree
        ));
        assert!(!manages_any(&[role(Role::Auditor, None)]));
        assert!(manages_any(&[role(Role::Officer, Some(1))]));
        let mut ended = role(Role::Manager, Some(1));
        ended.current = false;
        assert!(!manages(&[ended], Uuid::from_u128(1), &tree));
    }
}
