//! Dates and times as the organisation reads them: Japan Standard Time, like the server's "today"
//! (role assignments start and end on JST dates).

const JST_OFFSET_MS: f64 = 9.0 * 60.0 * 60.0 * 1000.0;

/// Today in Japan, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new(&(js_sys::Date::now() + JST_OFFSET_MS).into());
    format_date(
        now.get_utc_full_year(),
        now.get_utc_month() + 1,
        now.get_utc_date(),
    )
}

/// An RFC 3339 instant from the API as `YYYY-MM-DD HH:MM` in Japan; the text itself if unreadable.
pub fn format_instant(rfc3339: &str) -> String {
    let millis = js_sys::Date::parse(rfc3339);
    if millis.is_nan() {
        return rfc3339.to_owned();
    }
    let t = js_sys::Date::new(&(millis + JST_OFFSET_MS).into());
    format!(
        "{} {:02}:{:02}",
        format_date(
            t.get_utc_full_year(),
            t.get_utc_month() + 1,
            t.get_utc_date()
        ),
        t.get_utc_hours(),
        t.get_utc_minutes()
    )
}

fn format_date(year: u32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// Whether an assignment's ISO dates (`from`, `until`) lie before `today` (ISO dates order as text).
pub fn has_ended(until: Option<&str>, today: &str) -> bool {
    until.is_some_and(|until| until < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso() {
        assert_eq!(format_date(2026, 4, 1), "2026-04-01");
    }

    #[test]
    fn an_assignment_ends_after_its_last_day() {
        assert!(has_ended(Some("2026-03-31"), "2026-04-01"));
        assert!(!has_ended(Some("2026-04-01"), "2026-04-01"));
        assert!(!has_ended(None, "2026-04-01"));
    }
}
