//! The organisation's Cedar actions and entities: the organisation itself, its departments (which
//! carry the hierarchy) and its people (every principal is one).

use std::collections::{HashMap, HashSet};

use cedar_policy::{Entity, EntityUid, RestrictedExpression};
use mamori_shared::organisation::{Role, RoleScope};
use time::Date;
use uuid::Uuid;

use super::entities::uid;
use super::{Action, Kind, Resource, StreamReading, World};
use crate::projections::directory::PersonEntry;

impl Action {
    pub const ORGANISATION_VIEW: Self = Self::new("organisation.view");
    pub const ORGANISATION_MANAGE: Self = Self::new("organisation.manage");
    pub const DEPARTMENT_VIEW: Self = Self::new("department.view");
    pub const DEPARTMENT_MANAGE: Self = Self::new("department.manage");
    pub const PERSON_VIEW: Self = Self::new("person.view");
    pub const PERSON_MANAGE: Self = Self::new("person.manage");
    pub const SELF_VIEW: Self = Self::new("self.view");
    pub const SELF_MANAGE: Self = Self::new("self.manage");
    pub const SYSTEM_HEALTH: Self = Self::new("system.health");
}

pub const ORGANISATION: &Kind = &Kind {
    cedar_type: "Organisation",
    singleton: true,
    exists: |_, _| true,
    entity: |_, _, _| {
        Some(Entity::new_no_attrs(
            uid("Organisation", "organisation"),
            HashSet::new(),
        ))
    },
    hidden_unless: None,
};

pub const DEPARTMENT: &Kind = &Kind {
    cedar_type: "Department",
    singleton: false,
    exists: |world, id| world.directory.departments.contains_key(&id),
    // Every department is among the principal's entities already.
    entity: |_, _, _| None,
    hidden_unless: None,
};

pub const PERSON: &Kind = &Kind {
    cedar_type: "Person",
    singleton: false,
    exists: |world, id| world.directory.people.contains_key(&id),
    entity: |world, id, today| person(world.directory.people.get(&id)?, today),
    hidden_unless: None,
};

/// A person's events are read by those who may see the person; a department's and a login's by those
/// who see the organisation.
pub(super) const STREAMS: &[StreamReading] = &[
    StreamReading {
        prefix: "person-",
        decided_on: |_, id| Some((Action::PERSON_VIEW, Resource::person(id.parse().ok()?))),
    },
    StreamReading {
        prefix: "department-",
        decided_on: |_, _| Some((Action::ORGANISATION_VIEW, Resource::organisation())),
    },
    StreamReading {
        prefix: "login-",
        decided_on: |_, _| Some((Action::ORGANISATION_VIEW, Resource::organisation())),
    },
];

impl Resource {
    pub fn organisation() -> Self {
        Self::of(ORGANISATION, Uuid::nil())
    }

    pub fn department(id: Uuid) -> Self {
        Self::of(DEPARTMENT, id)
    }

    pub fn person(id: Uuid) -> Self {
        Self::of(PERSON, id)
    }
}

pub(super) fn person_uid(id: Uuid) -> EntityUid {
    uid("Person", &id.to_string())
}

fn department_uid(id: Uuid) -> EntityUid {
    uid("Department", &id.to_string())
}

/// What every decision needs besides its principal: every department (a small set; departments
/// carry the hierarchy that `in` walks).
pub(super) fn department_entities(world: World<'_>) -> Option<Vec<Entity>> {
    let directory = &world.directory;
    let mut entities = Vec::with_capacity(directory.departments.len() + 2);
    for department in directory.departments.values() {
        let attrs = HashMap::from([(
            "name".to_owned(),
            RestrictedExpression::new_string(department.name.clone()),
        )]);
        let parents: HashSet<EntityUid> = department
            .parent_id
            .map(department_uid)
            .into_iter()
            .collect();
        entities.push(Entity::new(department_uid(department.id), attrs, parents).ok()?);
    }
    Some(entities)
}

/// The person `id` as a principal, if the directory has them.
pub(super) fn person_entity(world: World<'_>, id: Uuid, today: Date) -> Option<Entity> {
    person(world.directory.people.get(&id)?, today)
}

fn person(entry: &PersonEntry, today: Date) -> Option<Entity> {
    let held: Vec<_> = entry.roles_on(today).collect();
    let roles = held
        .iter()
        .map(|a| RestrictedExpression::new_string(a.role.code().to_owned()));
    let org_roles = held
        .iter()
        .filter(|a| a.scope == RoleScope::Organisation)
        .map(|a| RestrictedExpression::new_string(a.role.code().to_owned()));
    let managed = held
        .iter()
        .filter(|a| matches!(a.role, Role::Manager | Role::Officer))
        .filter_map(|a| match a.scope {
            RoleScope::Department { department_id } => Some(RestrictedExpression::new_entity_uid(
                department_uid(department_id),
            )),
            RoleScope::Organisation => None,
        });
    let attrs = HashMap::from([
        (
            "active".to_owned(),
            RestrictedExpression::new_bool(entry.active),
        ),
        (
            "employment".to_owned(),
            RestrictedExpression::new_string(entry.employment.code().to_owned()),
        ),
        (
            "department".to_owned(),
            RestrictedExpression::new_entity_uid(department_uid(entry.department_id)),
        ),
        (
            "org_roles".to_owned(),
            RestrictedExpression::new_set(org_roles),
        ),
        ("roles".to_owned(), RestrictedExpression::new_set(roles)),
        (
            "managed_departments".to_owned(),
            RestrictedExpression::new_set(managed),
        ),
    ]);
    let parents = HashSet::from([department_uid(entry.department_id)]);
    Entity::new(person_uid(entry.id), attrs, parents).ok()
}

/// A department's entity uid, for the areas whose entities point to one.
pub(crate) fn department_ref(id: Uuid) -> RestrictedExpression {
    RestrictedExpression::new_entity_uid(department_uid(id))
}

/// A person's entity uid, for the areas whose entities point to one.
pub(crate) fn person_ref(id: Uuid) -> RestrictedExpression {
    RestrictedExpression::new_entity_uid(person_uid(id))
}
