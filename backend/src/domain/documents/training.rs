use std::collections::HashSet;

use mamori_shared::events::documents::{AttendanceRecorded, DocumentEvent, TrainingScheduled};
use time::Date;
use uuid::Uuid;

use super::{valid_text_field, DocumentError};
use crate::domain::{parse_date, Aggregate};

/// A training session (教育・啓発, §6(4)) and who attended it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Training {
    pub date: Option<Date>,
    pub attendees: HashSet<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingCommand {
    /// The covered versions are checked to have been in force by the caller (other aggregates).
    Schedule(TrainingScheduled),
    /// The people are checked to exist by the caller.
    Record {
        training_id: Uuid,
        person_ids: Vec<Uuid>,
        attended: bool,
        today: Date,
    },
}

impl Aggregate for Training {
    type Key = Uuid;
    type Command = TrainingCommand;
    type Event = DocumentEvent;
    type Error = DocumentError;

    fn stream_name(key: &Uuid) -> String {
        format!("training-{key}")
    }

    fn decide(&self, command: TrainingCommand) -> Result<Vec<DocumentEvent>, DocumentError> {
        match command {
            TrainingCommand::Schedule(mut scheduled) => {
                if self.date.is_some() {
                    return Err(DocumentError::AlreadyExists);
                }
                scheduled.title = valid_text_field(&scheduled.title, "title", 200, true)?;
                scheduled.description =
                    valid_text_field(&scheduled.description, "description", 2_000, false)?;
                parse_date(&scheduled.date).ok_or(DocumentError::InvalidField {
                    field: "date",
                    limit: "a date (YYYY-MM-DD)",
                })?;
                if scheduled.covers.len() > 50 {
                    return Err(DocumentError::InvalidField {
                        field: "covers",
                        limit: "at most 50 versions",
                    });
                }
                Ok(vec![DocumentEvent::TrainingScheduled(scheduled)])
            }
            TrainingCommand::Record {
                training_id,
                person_ids,
                attended,
                today,
            } => {
                let date = self.date.ok_or(DocumentError::NotFound)?;
                if date > today {
                    return Err(DocumentError::TrainingNotHeld);
                }
                if person_ids.is_empty() || person_ids.len() > 500 {
                    return Err(DocumentError::InvalidField {
                        field: "person_ids",
                        limit: "1 to 500 people",
                    });
                }
                // Only what changes is recorded.
                let mut changed: Vec<Uuid> = person_ids
                    .into_iter()
                    .filter(|p| self.attendees.contains(p) != attended)
                    .collect();
                changed.sort();
                changed.dedup();
                if changed.is_empty() {
                    return Ok(Vec::new());
                }
                Ok(vec![DocumentEvent::AttendanceRecorded(
                    AttendanceRecorded {
                        training_id,
                        person_ids: changed,
                        attended,
                    },
                )])
            }
        }
    }

    fn evolve(&mut self, event: &DocumentEvent) {
        match event {
            DocumentEvent::TrainingScheduled(e) => self.date = parse_date(&e.date),
            DocumentEvent::AttendanceRecorded(e) => {
                for person in &e.person_ids {
                    if e.attended {
                        self.attendees.insert(*person);
                    } else {
                        self.attendees.remove(person);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use mamori_shared::documents::Audience;
    use time::macros::date;

    use super::*;

    #[test]
    fn attendance_is_recorded_once_the_session_has_taken_place() {
        let id = Uuid::from_u128(1);
        let mut state = Training::default();
        let scheduled = TrainingCommand::Schedule(TrainingScheduled {
            training_id: id,
            title: "情報セキュリティ研修".into(),
            date: "2027-05-10".into(),
            description: String::new(),
            audience: Audience::Staff,
            covers: vec![],
        });
        for event in state.decide(scheduled).unwrap() {
            state.evolve(&event);
        }
        let record = |today, attended| TrainingCommand::Record {
            training_id: id,
            person_ids: vec![Uuid::from_u128(2), Uuid::from_u128(2)],
            attended,
            today,
        };
        assert_eq!(
            state.decide(record(date!(2027 - 05 - 09), true)),
            Err(DocumentError::TrainingNotHeld)
        );
        for event in state.decide(record(date!(2027 - 05 - 10), true)).unwrap() {
            state.evolve(&event);
        }
        assert_eq!(state.attendees.len(), 1);
        assert_eq!(
            state.decide(record(date!(2027 - 05 - 11), true)),
            Ok(vec![])
        );
        assert_eq!(
            state
                .decide(record(date!(2027 - 05 - 11), false))
                .unwrap()
                .len(),
            1
        );
    }
}
