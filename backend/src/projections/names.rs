//! Every name a person or a department has had, and from which position of the log: so that a
//! timeline names whoever acted, and whatever an event refers to, as they were named then — not as
//! they are named now.

use std::collections::HashMap;

use mamori_shared::events::organisation::OrganisationEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Projection, ProjectionError};
use crate::codec;
use crate::store::RecordedEvent;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Names {
    /// Each one's names, oldest first, with the position each took effect at.
    names: HashMap<Uuid, Vec<(u64, String)>>,
}

impl Names {
    /// What `id` was named at `position` (its first name, for an event before it existed).
    pub fn at(&self, id: Uuid, position: u64) -> Option<&str> {
        let names = self.names.get(&id)?;
        let since = names.partition_point(|(from, _)| *from <= position);
        names
            .get(since.saturating_sub(1))
            .map(|(_, name)| name.as_str())
    }

    fn name(&mut self, id: Uuid, position: u64, name: String) {
        let names = self.names.entry(id).or_default();
        if names.last().is_none_or(|(_, last)| *last != name) {
            names.push((position, name));
        }
    }
}

impl Projection for Names {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        let decoded =
            codec::decode::<OrganisationEvent>(event).map_err(|reason| ProjectionError {
                position: event.position,
                reason,
            })?;
        let position = event.position;
        match decoded {
            Some(OrganisationEvent::DepartmentCreated(e)) => {
                self.name(e.department_id, position, e.name)
            }
            Some(OrganisationEvent::DepartmentRenamed(e)) => {
                self.name(e.department_id, position, e.name)
            }
            Some(OrganisationEvent::PersonRegistered(e)) => {
                self.name(e.person_id, position, e.name)
            }
            Some(OrganisationEvent::PersonUpdated(e)) => self.name(e.person_id, position, e.name),
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_the_one_in_force_at_the_position() {
        let mut names = Names::default();
        let id = Uuid::now_v7();
        names.name(id, 3, "総務課".into());
        names.name(id, 10, "総務部".into());
        names.name(id, 12, "総務部".into());
        assert_eq!(
            names.at(id, 2),
            Some("総務課"),
            "before it existed: its first"
        );
        assert_eq!(names.at(id, 3), Some("総務課"));
        assert_eq!(names.at(id, 9), Some("総務課"));
        assert_eq!(names.at(id, 10), Some("総務部"));
        assert_eq!(names.at(id, 1_000), Some("総務部"));
        assert_eq!(names.at(Uuid::now_v7(), 5), None);
        assert_eq!(
            names.names[&id].len(),
            2,
            "an unchanged name is not kept twice"
        );
    }
}
