//! The organisation's entries as the API shows them.

use mamori_shared::api::organisation::{DepartmentView, PersonView, RoleAssignmentView};
use mamori_shared::organisation::RoleScope;
use time::Date;
use uuid::Uuid;

use crate::authz::{Action, Resource, World};
use crate::clock::today;
use crate::domain::format_date;
use crate::domain::organisation::{Department, Person};
use crate::http::extract::Caller;
use crate::http::respond::Shown;
use crate::http::AppState;
use crate::projections::directory::{DepartmentEntry, PersonEntry};
use crate::projections::Directory;

impl Shown for Department {
    type View = DepartmentView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/departments/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(DepartmentView, u64)> {
        let entry = world.directory.departments.get(&id)?;
        let mut view = department(entry);
        view.allowed = Some(state.authz.permitted(
            world,
            caller.principal_id,
            Resource::department(id),
            &[Action::DEPARTMENT_MANAGE, Action::ASSET_REGISTER],
            today(),
        ));
        Some((view, entry.version))
    }
}

impl Shown for Person {
    type View = PersonView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/people/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(PersonView, u64)> {
        let entry = world.directory.people.get(&id)?;
        let mut view = person(&world.directory, entry, world.day(today()));
        view.allowed = Some(state.authz.permitted(
            world,
            caller.principal_id,
            Resource::person(id),
            &[Action::PERSON_MANAGE],
            today(),
        ));
        Some((view, entry.version))
    }
}

pub fn department(entry: &DepartmentEntry) -> DepartmentView {
    DepartmentView {
        id: entry.id,
        name: entry.name.clone(),
        reading: entry.reading.clone(),
        parent_id: entry.parent_id,
        version: entry.version,
        allowed: None,
    }
}

pub fn person(directory: &Directory, entry: &PersonEntry, today: Date) -> PersonView {
    PersonView {
        id: entry.id,
        name: entry.name.clone(),
        reading: entry.reading.clone(),
        login: entry.login.clone(),
        staff_number: entry.staff_number.clone(),
        email: entry.email.clone(),
        department_id: entry.department_id,
        department_name: department_name(directory, entry.department_id),
        employment: entry.employment,
        active: entry.active,
        password_sign_in: entry.password_sign_in,
        roles: entry
            .assignments
            .iter()
            .map(|a| RoleAssignmentView {
                id: a.id,
                role: a.role,
                scope: a.scope,
                department_name: match a.scope {
                    RoleScope::Department { department_id } => {
                        Some(department_name(directory, department_id))
                    }
                    RoleScope::Organisation => None,
                },
                from: format_date(a.from),
                until: a.until.map(format_date),
                current: a.held_on(today),
            })
            .collect(),
        version: entry.version,
        allowed: None,
    }
}

pub(crate) fn department_name(directory: &Directory, id: uuid::Uuid) -> String {
    directory
        .departments
        .get(&id)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}
