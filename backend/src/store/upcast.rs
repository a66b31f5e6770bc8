//! Schema evolution. Every event type has a schema version; when a type's payload changes shape, the
//! change registers an upcaster from the old version to the next. Readers always see the current shape;
//! stored events, and so their hashes, are never rewritten.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

/// Turns a payload of version `v` into version `v + 1`.
pub type UpcastFn = fn(Value) -> Result<Value, String>;

#[derive(Clone, Default)]
pub struct Upcasters {
    /// event type → (from version → step). Keyed by type first so that a read looks up a `&str`
    /// without allocating, and skips types that never changed at once.
    steps: Arc<HashMap<String, HashMap<u32, UpcastFn>>>,
}

impl Upcasters {
    /// The upcasters of every event type Mamori has ever written: the one place to add them.
    pub fn registry() -> Self {
        Self::default()
    }

    /// Adds the step from `from_version` to `from_version + 1` of `event_type`.
    pub fn with(mut self, event_type: &str, from_version: u32, step: UpcastFn) -> Self {
        Arc::make_mut(&mut self.steps)
            .entry(event_type.to_owned())
            .or_default()
            .insert(from_version, step);
        self
    }

    /// Applies every registered step from `version` on. Returns the payload and its final version, or
    /// the version at which a step failed and why.
    pub fn upcast(
        &self,
        event_type: &str,
        mut version: u32,
        mut payload: Value,
    ) -> Result<(u32, Value), (u32, String)> {
        let Some(steps) = self.steps.get(event_type) else {
            return Ok((version, payload));
        };
        while let Some(step) = steps.get(&version) {
            payload = step(payload).map_err(|reason| (version, reason))?;
            version += 1;
        }
        Ok((version, payload))
    }
}
