use std::collections::HashMap;

use mamori_shared::events::documents::{DocumentAcknowledged, DocumentEvent};
use uuid::Uuid;

use super::DocumentError;
use crate::domain::Aggregate;

/// One person's acknowledgements (周知・確認, §5): for each document, the text they last
/// acknowledged. Kept per person, so that acknowledging never contends with anyone else's.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Acknowledgements {
    pub of: HashMap<Uuid, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledge {
    pub person_id: Uuid,
    pub document_id: Uuid,
    /// What the person names (the text they read).
    pub content_hash: String,
    /// The version in force, read from the document (whose version the commit requires).
    pub in_force: Option<(Uuid, u32, String)>,
}

impl Aggregate for Acknowledgements {
    type Key = Uuid;
    type Command = Acknowledge;
    type Event = DocumentEvent;
    type Error = DocumentError;

    fn stream_name(key: &Uuid) -> String {
        format!("acknowledgements-{key}")
    }

    fn decide(&self, command: Acknowledge) -> Result<Vec<DocumentEvent>, DocumentError> {
        let Some((revision_id, version, hash)) = command.in_force else {
            return Err(DocumentError::NotInForce);
        };
        if command.content_hash != hash {
            return Err(DocumentError::NotInForce);
        }
        if self.of.get(&command.document_id) == Some(&hash) {
            return Err(DocumentError::AlreadyAcknowledged);
        }
        Ok(vec![DocumentEvent::DocumentAcknowledged(
            DocumentAcknowledged {
                person_id: command.person_id,
                document_id: command.document_id,
                revision_id,
                version,
                content_hash: hash,
            },
        )])
    }

    fn evolve(&mut self, event: &DocumentEvent) {
        if let DocumentEvent::DocumentAcknowledged(e) = event {
            self.of.insert(e.document_id, e.content_hash.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_version_in_force_is_acknowledged_and_once() {
        let document_id = Uuid::from_u128(1);
        let ack = |hash: &str, in_force: &str| Acknowledge {
            person_id: Uuid::from_u128(2),
            document_id,
            content_hash: hash.into(),
            in_force: Some((Uuid::from_u128(3), 2, in_force.into())),
        };
        let mut state = Acknowledgements::default();
        assert_eq!(
            state.decide(ack("old", "new")),
            Err(DocumentError::NotInForce)
        );
        for event in state.decide(ack("new", "new")).unwrap() {
            state.evolve(&event);
        }
        assert_eq!(
            state.decide(ack("new", "new")),
            Err(DocumentError::AlreadyAcknowledged)
        );
        assert!(
            state.decide(ack("newer", "newer")).is_ok(),
            "a later version needs a new one"
        );
    }
}
