//! The hash chain that makes the log tamper-evident.
//!
//! `hash = SHA-256(encoding)`, where the canonical encoding of an event is the ASCII tag
//! `mamori.event.v1` followed by these fields, each as a 4-byte big-endian length and then its bytes:
//!
//! 1. stream id (UTF-8)
//! 2. stream version (decimal ASCII)
//! 3. event id (lower-case hyphenated UUID)
//! 4. event type (UTF-8)
//! 5. schema version (decimal ASCII)
//! 6. payload: canonical JSON (UTF-8; object keys sorted by their bytes, no insignificant whitespace)
//! 7. metadata: canonical JSON, the same way
//! 8. recorded time: microseconds since the Unix epoch, UTC (decimal ASCII)
//! 9. the previous event's hash (32 raw bytes); for the first event, [`GENESIS`] (32 zero bytes)
//!
//! The global position is deliberately not hashed: the chain itself fixes the order (each event names
//! its predecessor's hash) and `verify` checks separately that positions are gap-free. This lets
//! `verify` tell a reordered event (intact, but linked to the wrong predecessor) from a changed one.
//! The payload and metadata are stored as the exact canonical text that was hashed, so verifying never
//! depends on how a database re-serialises JSON.

use std::fmt;

use sha2::{Digest, Sha256};

use super::event::StoredEvent;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hash(pub [u8; 32]);

/// The predecessor of the first event.
pub const GENESIS: Hash = Hash([0; 32]);

impl Hash {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Option<Self> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(Self(bytes))
    }
}

/// As 64 hex digits, the way the log stores it (an export carries hashes so).
impl serde::Serialize for Hash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Hash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_hex(&text).ok_or_else(|| serde::de::Error::custom("not 64 hex digits"))
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// The hash of `event` given its predecessor's hash (its own `hash` field is ignored).
pub fn event_hash(event: &StoredEvent, prev: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(b"mamori.event.v1");
    let mut field = |bytes: &[u8]| {
        // Events are far below 4 GiB (see `Limits`), so the length always fits.
        hasher.update((bytes.len() as u32).to_be_bytes());
        hasher.update(bytes);
    };
    field(event.stream_id.as_bytes());
    field(event.stream_version.to_string().as_bytes());
    field(event.event_id.hyphenated().to_string().as_bytes());
    field(event.event_type.as_bytes());
    field(event.schema_version.to_string().as_bytes());
    field(event.payload.as_bytes());
    field(event.metadata.as_bytes());
    field(event.recorded_at_micros.to_string().as_bytes());
    field(&prev.0);
    Hash(hasher.finalize().into())
}

/// Canonical JSON text: object keys sorted by their UTF-8 bytes, no whitespace. Written by hand rather
/// than relying on `serde_json`'s map order, which a dependency's `preserve_order` feature would change.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let value = json!({"b": 1, "a": {"d": [3, {"z": null, "y": "機密性"}], "c": true}});
        assert_eq!(
            canonical_json(&value),
            r#"{"a":{"c":true,"d":[3,{"y":"機密性","z":null}]},"b":1}"#
        );
    }

    #[test]
    fn hex_round_trips_and_rejects_garbage() {
        let hash = Hash([7; 32]);
        assert_eq!(Hash::from_hex(&hash.to_hex()), Some(hash));
        assert_eq!(Hash::from_hex("xyz"), None);
    }
}
