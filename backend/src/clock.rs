//! The time, in the two forms Mamori uses.

use time::macros::offset;
use time::{Date, OffsetDateTime};

/// Microseconds since the Unix epoch, UTC: how the log and the session table record instants.
pub fn now_micros() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000) as i64
}

/// Today's date in Japan (JST, UTC+9, no daylight saving): the organisation's calendar, which decides
/// from and until which day a role is held.
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(offset!(+9)).date()
}

/// The date in Japan of an instant (microseconds since the Unix epoch).
pub fn day_in_japan(micros: i64) -> Option<Date> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .ok()
        .map(|t| t.to_offset(offset!(+9)).date())
}

/// RFC 3339 text (with its offset) as microseconds since the Unix epoch: what [`rfc3339`] writes.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000).ok())
}

/// An instant as RFC 3339 text (UTC), for the API.
pub fn rfc3339(micros: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
