use std::collections::HashMap;

use mamori_shared::documents::{DecisionRule, DocumentKind};
use mamori_shared::events::documents::{DecisionRuleSet, DocumentEvent};

use super::DocumentError;
use crate::domain::Aggregate;

/// How the committee decides, per kind of document (`committee`): the rule set last, or the kind's
/// default.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Committee {
    pub rules: HashMap<DocumentKind, DecisionRule>,
}

impl Committee {
    pub fn rule(&self, kind: DocumentKind) -> DecisionRule {
        rule_of(&self.rules, kind)
    }
}

/// The rule set for `kind`, or its default.
pub fn rule_of(rules: &HashMap<DocumentKind, DecisionRule>, kind: DocumentKind) -> DecisionRule {
    rules
        .get(&kind)
        .copied()
        .unwrap_or_else(|| DecisionRule::default_for(kind))
}

impl Aggregate for Committee {
    type Key = ();
    type Command = DecisionRuleSet;
    type Event = DocumentEvent;
    type Error = DocumentError;

    fn stream_name(_: &()) -> String {
        "committee".into()
    }

    fn decide(&self, command: DecisionRuleSet) -> Result<Vec<DocumentEvent>, DocumentError> {
        if self.rule(command.kind) == command.rule {
            return Ok(Vec::new());
        }
        Ok(vec![DocumentEvent::DecisionRuleSet(command)])
    }

    fn evolve(&mut self, event: &DocumentEvent) {
        if let DocumentEvent::DecisionRuleSet(e) = event {
            self.rules.insert(e.kind, e.rule);
        }
    }
}
