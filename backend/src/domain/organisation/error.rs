use thiserror::Error;

/// Why the organisation refuses a command. Each maps to a 4xx with a stable problem type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OrganisationError {
    #[error("it already exists")]
    AlreadyExists,
    #[error("no such department or person")]
    NotFound,
    #[error("a name is 1 to 100 characters")]
    InvalidName,
    #[error("a reading (読み仮名) is hiragana or katakana, at most 100 characters")]
    InvalidReading,
    #[error("a staff number (職員番号) is letters, digits and '-', at most 20 characters")]
    InvalidStaffNumber,
    #[error("an e-mail address is name@domain, at most 254 characters")]
    InvalidEmail,
    #[error("a login is 3 to 64 characters: a-z, 0-9, '.', '_', '-'")]
    InvalidLogin,
    #[error("the login is already taken")]
    LoginTaken,
    #[error("the person is deactivated")]
    Deactivated,
    #[error("a role cannot end before it starts")]
    EndsBeforeStart,
    #[error("no such role assignment")]
    AssignmentNotFound,
    #[error("the role assignment has already ended")]
    AssignmentEnded,
    #[error("no such department")]
    UnknownDepartment,
    #[error("a department cannot be its own parent")]
    ParentCycle,
    #[error("a reason is required")]
    ReasonRequired,
}
