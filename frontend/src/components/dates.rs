//! Dates and times as the organisation reads them: Japan Standard Time, like the server's "today"
//! (role assignments start and end on JST dates).

const JST_OFFSET_MS: f64 = 9.0 * 60.0 * 60.0 * 1000.0;

/// Today in Japan, `YYYY-MM-DD`.
pub fn today() -> String {
    days_from_today(0)
}

/// The day `days` after today in Japan, `YYYY-MM-DD`.
pub fn days_from_today(days: i32) -> String {
    const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;
    let then =
        js_sys::Date::new(&(js_sys::Date::now() + JST_OFFSET_MS + f64::from(days) * DAY_MS).into());
    format_date(
        then.get_utc_full_year(),
        then.get_utc_month() + 1,
        then.get_utc_date(),
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

/// Whether a grant's last day (`until`, ISO) falls between `today` and `horizon` (both included).
pub fn ends_between(until: &str, today: &str, horizon: &str) -> bool {
    today <= until && until <= horizon
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso() {
        assert_eq!(format_date(2026, 4, 1), "2026-04-01");
    }

    #[test]
    fn a_grant_ends_soon_when_its_last_day_is_within_the_horizon() {
        assert!(ends_between("2026-04-30", "2026-04-01", "2026-05-01"));
        assert!(ends_between("2026-04-01", "2026-04-01", "2026-05-01"));
        assert!(!ends_between("2026-05-02", "2026-04-01", "2026-05-01"));
        assert!(!ends_between("2026-03-31", "2026-04-01", "2026-05-01"));
    }

    #[test]
    fn an_assignment_ends_after_its_last_day() {
        assert!(has_ended(Some("2026-03-31"), "2026-04-01"));
        assert!(!has_ended(Some("2026-04-01"), "2026-04-01"));
        assert!(!has_ended(None, "2026-04-01"));
    }
}
