use mamori_shared::events::organisation::{
    DepartmentCreated, DepartmentRenamed, OrganisationEvent,
};
use uuid::Uuid;

use super::{valid_name, valid_reading, OrganisationError};
use crate::domain::Aggregate;

/// A department (部署): the state its decisions need.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Department {
    pub created: bool,
    pub name: String,
    pub reading: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepartmentCommand {
    /// The parent is checked to exist by the caller (it is another aggregate).
    Create {
        department_id: Uuid,
        name: String,
        parent_id: Option<Uuid>,
        reading: Option<String>,
    },
    /// A new name, or a new 読み仮名 (or both).
    Rename {
        department_id: Uuid,
        name: String,
        reading: Option<String>,
    },
}

impl Aggregate for Department {
    type Key = uuid::Uuid;
    type Command = DepartmentCommand;
    type Event = OrganisationEvent;
    type Error = OrganisationError;

    fn stream_name(key: &uuid::Uuid) -> String {
        format!("department-{key}")
    }

    fn decide(
        &self,
        command: DepartmentCommand,
    ) -> Result<Vec<OrganisationEvent>, OrganisationError> {
        match command {
            DepartmentCommand::Create {
                department_id,
                name,
                parent_id,
                reading,
            } => {
                if self.created {
                    return Err(OrganisationError::AlreadyExists);
                }
                if parent_id == Some(department_id) {
                    return Err(OrganisationError::ParentCycle);
                }
                Ok(vec![OrganisationEvent::DepartmentCreated(
                    DepartmentCreated {
                        department_id,
                        name: valid_name(&name)?,
                        parent_id,
                        reading: valid_reading(reading.as_deref())?,
                    },
                )])
            }
            DepartmentCommand::Rename {
                department_id,
                name,
                reading,
            } => {
                if !self.created {
                    return Err(OrganisationError::NotFound);
                }
                let name = valid_name(&name)?;
                let reading = valid_reading(reading.as_deref())?;
                if name == self.name && reading == self.reading {
                    return Ok(vec![]);
                }
                Ok(vec![OrganisationEvent::DepartmentRenamed(
                    DepartmentRenamed {
                        department_id,
                        name,
                        reading,
                    },
                )])
            }
        }
    }

    fn evolve(&mut self, event: &OrganisationEvent) {
        match event {
            OrganisationEvent::DepartmentCreated(e) => {
                self.created = true;
                self.name = e.name.clone();
                self.reading = e.reading.clone();
            }
            OrganisationEvent::DepartmentRenamed(e) => {
                self.name = e.name.clone();
                self.reading = e.reading.clone();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(events: &[OrganisationEvent]) -> Department {
        let mut state = Department::default();
        events.iter().for_each(|e| state.evolve(e));
        state
    }

    fn created(id: Uuid, name: &str) -> OrganisationEvent {
        OrganisationEvent::DepartmentCreated(DepartmentCreated {
            department_id: id,
            name: name.into(),
            parent_id: None,
            reading: None,
        })
    }

    #[test]
    fn a_department_is_created_once_with_a_trimmed_name() {
        let id = Uuid::nil();
        let create = || DepartmentCommand::Create {
            department_id: id,
            name: "  総務課 ".into(),
            parent_id: None,
            reading: None,
        };
        assert_eq!(given(&[]).decide(create()), Ok(vec![created(id, "総務課")]));
        assert_eq!(
            given(&[created(id, "総務課")]).decide(create()),
            Err(OrganisationError::AlreadyExists)
        );
    }

    #[test]
    fn renaming_needs_a_department_and_a_valid_new_name() {
        let id = Uuid::nil();
        let rename = |name: &str| DepartmentCommand::Rename {
            department_id: id,
            name: name.into(),
            reading: None,
        };
        assert_eq!(
            given(&[]).decide(rename("x")),
            Err(OrganisationError::NotFound)
        );
        let state = given(&[created(id, "総務課")]);
        assert_eq!(
            state.decide(rename("  ")),
            Err(OrganisationError::InvalidName)
        );
        assert_eq!(state.decide(rename("総務課")), Ok(vec![]));
        assert_eq!(
            state.decide(rename("総務企画課")),
            Ok(vec![OrganisationEvent::DepartmentRenamed(
                DepartmentRenamed {
                    department_id: id,
                    name: "総務企画課".into(),
                    reading: None,
                }
            )])
        );
    }

    #[test]
    fn a_new_reading_alone_is_a_rename() {
        let id = Uuid::nil();
        let state = given(&[created(id, "総務課")]);
        assert_eq!(
            state.decide(DepartmentCommand::Rename {
                department_id: id,
                name: "総務課".into(),
                reading: Some("ｿｳﾑｶ".into()),
            }),
            Ok(vec![OrganisationEvent::DepartmentRenamed(
                DepartmentRenamed {
                    department_id: id,
                    name: "総務課".into(),
                    reading: Some("ソウムカ".into()),
                }
            )])
        );
        assert_eq!(
            state.decide(DepartmentCommand::Rename {
                department_id: id,
                name: "総務課".into(),
                reading: Some("soumuka".into()),
            }),
            Err(OrganisationError::InvalidReading)
        );
    }
}
