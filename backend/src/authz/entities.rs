//! The one place where the entities of a decision are put together: the principal's (built by the
//! organisation area) and the resource's (built by its [`Kind`](super::Kind), in its area's file).

use std::str::FromStr;

use cedar_policy::{Entities, Entity, EntityId, EntityTypeName, EntityUid, Schema};
use time::Date;
use uuid::Uuid;

use super::{integration, organisation, Resource, World};

/// Whoever asks without signing in (one entity: visitors are not told apart).
pub(super) fn visitor_uid() -> EntityUid {
    uid("Visitor", "visitor")
}

pub(crate) fn uid(kind: &str, id: &str) -> EntityUid {
    let kind = EntityTypeName::from_str(&format!("{}::{kind}", super::NAMESPACE))
        .expect("a valid type name");
    EntityUid::from_type_name_and_id(kind, EntityId::new(id))
}

/// Who asks: a person (signed in) or a client system (with a token), by id, with its entity.
/// `None` if the read models know no such principal (a refusal).
pub(super) fn principal(world: World<'_>, id: Uuid, today: Date) -> Option<(EntityUid, Entity)> {
    let entity = organisation::person_entity(world, id, today)
        .or_else(|| integration::client_entity(world, id))?;
    Some((entity.uid(), entity))
}

/// The entities a decision about `principal` and `resource` needs. `None` if an entity does not
/// fit the schema (a refusal).
pub(super) fn build(
    world: World<'_>,
    principal: Entity,
    resources: &[Resource],
    today: Date,
    schema: &Schema,
) -> Option<Entities> {
    let mut entities = organisation::department_entities(world.principals())?;
    entities.push(principal);
    let mut present: std::collections::HashSet<EntityUid> =
        entities.iter().map(|entity| entity.uid()).collect();
    for resource in resources {
        // A resource that does not exist is a uid without an entity: policies see no attributes.
        if present.insert(resource.uid()) {
            entities.extend((resource.kind.entity)(world, resource.id, world.day(today)));
        }
    }
    Entities::from_entities(entities, Some(schema))
        .map_err(|error| tracing::warn!(%error, "entities do not fit the Cedar schema"))
        .ok()
}
