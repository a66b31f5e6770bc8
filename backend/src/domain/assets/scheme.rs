use mamori_shared::classification::{Axis, Scheme};
use mamori_shared::events::assets::{AssetEvent, SchemeAdopted};

use super::AssetError;
use crate::domain::Aggregate;

/// The organisation's choice of classification scheme (stream `classification-scheme`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SchemeChoice {
    /// `None` until the first adoption: the shipped default applies.
    pub adopted: Option<String>,
}

#[derive(Debug, Clone)]
pub enum SchemeCommand {
    /// Adopt `new`, currently using `current`. `codes_in_use` are the confidentiality codes that
    /// assets carry now; each needs an explicit mapping.
    Adopt {
        current: Scheme,
        new: Scheme,
        codes_in_use: Vec<String>,
        mapping: Vec<(String, String)>,
    },
}

impl Aggregate for SchemeChoice {
    type Key = ();
    type Command = SchemeCommand;
    type Event = AssetEvent;
    type Error = AssetError;

    fn stream_name(key: &()) -> String {
        // One scheme is in force for the whole organisation.
        let () = key;
        "classification-scheme".to_owned()
    }

    fn decide(&self, command: SchemeCommand) -> Result<Vec<AssetEvent>, AssetError> {
        let SchemeCommand::Adopt {
            current,
            new,
            codes_in_use,
            mapping,
        } = command;
        if current.id == new.id {
            return Err(AssetError::SchemeAlreadyAdopted);
        }
        for code in &codes_in_use {
            if !mapping.iter().any(|(from, _)| from == code) {
                return Err(AssetError::MappingMissing(code.clone()));
            }
        }
        for (_, to) in &mapping {
            if new.level(Axis::Confidentiality, to).is_none() {
                return Err(AssetError::MappingInvalid(to.clone()));
            }
        }
        let mapping = mapping
            .into_iter()
            .filter(|(from, _)| codes_in_use.contains(from))
            .collect();
        Ok(vec![AssetEvent::SchemeAdopted(SchemeAdopted {
            scheme_id: new.id,
            confidentiality_mapping: mapping,
        })])
    }

    fn evolve(&mut self, event: &AssetEvent) {
        if let AssetEvent::SchemeAdopted(e) = event {
            self.adopted = Some(e.scheme_id.clone());
        }
    }
}
