//! The domain: what may happen, decided from state and command, as plain functions over plain data.
//! No I/O, no HTTP, no SQL, no Cedar here (see `../commands.rs` for how decisions reach the log).

pub mod assets;
pub mod documents;
pub mod integration;
pub mod organisation;
pub mod reading;

/// An event-sourced aggregate: the state a decision needs, folded from one stream's events.
pub trait Aggregate: Default {
    /// What names one instance: an id, a login, nothing for a singleton.
    type Key: ?Sized;
    type Command;
    type Event;
    type Error;

    /// The name of the stream that holds one instance's events.
    fn stream_name(key: &Self::Key) -> String;

    /// Decides which events a command produces, or why it is refused. Pure.
    fn decide(&self, command: Self::Command) -> Result<Vec<Self::Event>, Self::Error>;

    /// Folds one event into the state. Pure.
    fn evolve(&mut self, event: &Self::Event);
}

/// An ISO date (YYYY-MM-DD), the only date format of the API and the events.
pub fn parse_date(text: &str) -> Option<time::Date> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

pub fn format_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}
