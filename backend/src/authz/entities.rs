//! The one place where Cedar entities are built, from the directory projection.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{
    Entities, Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression, Schema,
};
use mamori_shared::organisation::{Role, RoleScope};
use time::Date;
use uuid::Uuid;

use super::{Resource, World};
use crate::projections::directory::PersonEntry;
use crate::projections::Register;

pub(super) fn uid(kind: &str, id: &str) -> EntityUid {
    let kind = EntityTypeName::from_str(&format!("Mamori::{kind}")).expect("a valid type name");
    EntityUid::from_type_name_and_id(kind, EntityId::new(id))
}

pub(super) fn person_uid(id: Uuid) -> EntityUid {
    uid("Person", &id.to_string())
}

fn department_uid(id: Uuid) -> EntityUid {
    uid("Department", &id.to_string())
}

pub(super) fn resource_uid(resource: Resource) -> EntityUid {
    match resource {
        Resource::Organisation => uid("Organisation", "organisation"),
        Resource::Department(id) => department_uid(id),
        Resource::Person(id) => person_uid(id),
        Resource::Asset(id) => uid("Asset", &id.to_string()),
    }
}

/// The entities a decision about `principal` and `resource` needs: the two of them and every
/// department (a small set, and departments carry the hierarchy). `None` if the principal is unknown.
pub(super) fn build(
    world: World<'_>,
    principal: Uuid,
    resource: Resource,
    today: Date,
    schema: &Schema,
) -> Option<Entities> {
    let directory = world.directory;
    let mut entities = Vec::with_capacity(directory.departments.len() + 3);
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
    entities.push(person(directory.people.get(&principal)?, today)?);
    match resource {
        Resource::Person(id) if id != principal => {
            // An unknown person is a uid without an entity: policies see no attributes, so deny.
            if let Some(entry) = directory.people.get(&id) {
                entities.push(person(entry, today)?);
            }
        }
        Resource::Organisation => {
            entities.push(Entity::new_no_attrs(resource_uid(resource), HashSet::new()))
        }
        Resource::Asset(id) => {
            if let Some(asset) = asset(world.register, id) {
                entities.push(asset);
            }
        }
        _ => {}
    }
    Entities::from_entities(entities, Some(schema))
        .map_err(|error| tracing::warn!(%error, "entities do not fit the Cedar schema"))
        .ok()
}

fn person(entry: &PersonEntry, today: Date) -> Option<Entity> {
    let held: Vec<_> = entry.roles_on(today).collect();
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
        (
            "managed_departments".to_owned(),
            RestrictedExpression::new_set(managed),
        ),
    ]);
    let parents = HashSet::from([department_uid(entry.department_id)]);
    Entity::new(person_uid(entry.id), attrs, parents).ok()
}

fn asset(register: &Register, id: Uuid) -> Option<Entity> {
    let entry = register.assets.get(&id)?;
    let level = crate::domain::assets::level_kind(
        register.scheme(),
        entry
            .classification
            .as_ref()
            .map(|c| c.confidentiality.as_str()),
    );
    let grantees = register
        .grantees(id)
        .map(|person| RestrictedExpression::new_entity_uid(person_uid(person)));
    let attrs = HashMap::from([
        (
            "owner".to_owned(),
            RestrictedExpression::new_entity_uid(department_uid(entry.owner_department_id)),
        ),
        (
            "level".to_owned(),
            RestrictedExpression::new_string(level.code().to_owned()),
        ),
        (
            "grantees".to_owned(),
            RestrictedExpression::new_set(grantees),
        ),
        (
            "retired".to_owned(),
            RestrictedExpression::new_bool(entry.retired),
        ),
    ]);
    Entity::new(uid("Asset", &id.to_string()), attrs, HashSet::new()).ok()
}
