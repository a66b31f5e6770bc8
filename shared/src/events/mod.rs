//! The events of each area, versioned. An event's type name and schema version are what the log
//! stores beside its payload; changing a payload's shape means a new schema version and an upcaster.
//!
//! Each area declares its event enum once, with [`domain_events!`]: the variants, the payload type
//! of each and the type name it is stored under. The macro gives the enum its [`DomainEvent`]
//! codec, the one way every event is written to and read from the log.

pub mod assets;
pub mod documents;
pub mod integration;
pub mod organisation;
pub mod security;

/// An area's events as the log stores them: a type name, a schema version and a JSON payload (the
/// variant's fields, without a tag). Implemented by [`domain_events!`], never by hand.
pub trait DomainEvent: Sized {
    /// The schema version every event of the enum is written with.
    const SCHEMA_VERSION: u32;

    /// The type name stored in the log.
    fn event_type(&self) -> &'static str;

    /// The payload stored in the log.
    fn payload(&self) -> serde_json::Value;

    /// Rebuilds an event from the log; `None` if the type is not one of this enum's.
    fn from_stored(
        event_type: &str,
        payload: &serde_json::Value,
    ) -> Option<Result<Self, serde_json::Error>>;
}

/// Declares an area's event enum and its [`DomainEvent`] codec:
///
/// ```ignore
/// domain_events! {
///     /// The asset register.
///     pub enum AssetEvent, version 1 {
///         AssetRegistered(AssetRegistered) => "assets.asset_registered",
///     }
/// }
/// ```
#[macro_export]
macro_rules! domain_events {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, version $version:literal {
            $($variant:ident($payload:ty) => $type_name:literal),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "type", content = "data", rename_all = "snake_case")]
        pub enum $name {
            $($variant($payload),)*
        }

        #[cfg(feature = "schema")]
        impl $name {
            /// Each stored type name with the JSON Schema of its payload (the feed's `data`).
            pub fn payload_schemas(
                generator: &mut schemars::SchemaGenerator,
            ) -> Vec<(&'static str, schemars::Schema)> {
                vec![$(($type_name, generator.subschema_for::<$payload>()),)*]
            }
        }

        impl $crate::events::DomainEvent for $name {
            const SCHEMA_VERSION: u32 = $version;

            fn event_type(&self) -> &'static str {
                match self { $(Self::$variant(_) => $type_name,)* }
            }

            fn payload(&self) -> serde_json::Value {
                match self { $(Self::$variant(e) => serde_json::to_value(e),)* }
                    .expect("event payloads always serialise")
            }

            fn from_stored(
                event_type: &str,
                payload: &serde_json::Value,
            ) -> Option<Result<Self, serde_json::Error>> {
                match event_type {
                    $($type_name => Some(
                        <$payload as serde::Deserialize>::deserialize(payload).map(Self::$variant)
                    ),)*
                    _ => None,
                }
            }
        }
    };
}
