//! Departments, people and role assignments (seed §4 scope, §5 staff duties, §6(1) organisation).

mod department;
mod error;
mod login;
mod person;

pub use department::{Department, DepartmentCommand};
pub use error::OrganisationError;
pub use login::{Login, LoginCommand};
pub use person::{Assignment, Person, PersonCommand};

/// A name shown to people: trimmed, 1 to 100 characters.
pub fn valid_name(name: &str) -> Result<String, OrganisationError> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 100 {
        return Err(OrganisationError::InvalidName);
    }
    Ok(trimmed.to_owned())
}

/// A 読み仮名 (see [`crate::domain::reading`]).
pub fn valid_reading(text: Option<&str>) -> Result<Option<String>, OrganisationError> {
    crate::domain::reading::valid_reading(text).map_err(|_| OrganisationError::InvalidReading)
}

/// A 職員番号 (see [`crate::domain::reading`]).
pub fn valid_staff_number(text: Option<&str>) -> Result<Option<String>, OrganisationError> {
    crate::domain::reading::valid_staff_number(text)
        .map_err(|_| OrganisationError::InvalidStaffNumber)
}

/// A sign-in name: 3 to 64 characters of a-z, 0-9, '.', '_', '-'.
pub fn valid_login(login: &str) -> Result<String, OrganisationError> {
    let login = login.trim().to_lowercase();
    let ok = (3..=64).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    if ok {
        Ok(login)
    } else {
        Err(OrganisationError::InvalidLogin)
    }
}
