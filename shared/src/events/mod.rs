//! The events of each area, versioned. An event's type name and schema version are what the log
//! stores beside its payload; changing a payload's shape means a new schema version and an upcaster.

pub mod assets;
pub mod organisation;
pub mod security;
