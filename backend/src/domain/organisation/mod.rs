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

/// An e-mail address: one '@' with something either side, no spaces, at most 254 characters
/// (RFC 5321's path limit); empty means none. The mail server has the last word on it.
pub fn valid_email(text: Option<&str>) -> Result<Option<String>, OrganisationError> {
    let Some(email) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.contains('@')
                && !domain.starts_with('.') && !domain.ends_with('.'));
    if ok {
        Ok(Some(email.to_owned()))
    } else {
        Err(OrganisationError::InvalidEmail)
    }
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
