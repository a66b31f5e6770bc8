//! The organisation (組織): departments and people, and how its domain errors answer.

mod departments;
mod people;
pub(crate) mod views;

use super::error::ApiError;
use super::routes::ApiRoute;
use crate::domain::organisation::OrganisationError;

pub(crate) fn routes() -> Vec<ApiRoute> {
    [departments::routes(), people::routes()]
        .into_iter()
        .flatten()
        .collect()
}

impl From<OrganisationError> for ApiError {
    fn from(error: OrganisationError) -> Self {
        use OrganisationError as E;
        match error {
            E::NotFound | E::AssignmentNotFound => Self::NotFound,
            E::AlreadyExists => Self::Conflict(error.to_string()),
            E::InvalidName => Self::invalid(
                "name",
                "1 to 100 characters",
                "1〜100文字で入力してください",
            ),
            E::InvalidReading => Self::invalid(
                "reading",
                "hiragana or katakana, at most 100 characters",
                "ひらがな・カタカナで100文字以内で入力してください",
            ),
            E::InvalidStaffNumber => Self::invalid(
                "staff_number",
                "letters, digits and '-', at most 20 characters",
                "英数字と「-」の20文字以内で入力してください",
            ),
            E::InvalidEmail => Self::invalid(
                "email",
                "an address such as name@example.lg.jp",
                "name@example.lg.jp の形式で入力してください",
            ),
            E::InvalidLogin => Self::invalid(
                "login",
                "3 to 64 characters: a-z, 0-9, '.', '_', '-'",
                "半角英小文字・数字・「.」「_」「-」の3〜64文字で入力してください",
            ),
            E::LoginTaken => Self::invalid(
                "login",
                "already taken",
                "このログイン名は既に使われています",
            ),
            E::Deactivated => Self::Conflict(error.to_string()),
            E::EndsBeforeStart => Self::invalid(
                "until",
                "cannot be before the start",
                "開始日より前にはできません",
            ),
            E::AssignmentEnded => Self::Conflict(error.to_string()),
            E::UnknownDepartment => Self::invalid(
                "department_id",
                "no such department",
                "該当する部署がありません",
            ),
            E::ParentCycle => Self::invalid(
                "parent_id",
                "a department cannot be its own parent",
                "部署を自分自身の上位にはできません",
            ),
            E::ReasonRequired => {
                Self::invalid("reason", "a reason is required", "理由を入力してください")
            }
        }
    }
}

impl From<crate::commands::organisation::DeactivationError> for ApiError {
    fn from(error: crate::commands::organisation::DeactivationError) -> Self {
        use crate::commands::organisation::DeactivationError as E;
        match error {
            E::Person(e) => e.into(),
            E::Grant(e) => e.into(),
        }
    }
}

impl From<crate::commands::organisation::RegistrationError> for ApiError {
    fn from(error: crate::commands::organisation::RegistrationError) -> Self {
        use crate::commands::organisation::RegistrationError as E;
        match error {
            E::Organisation(e) => e.into(),
            E::Password(e) => e.into(),
            E::Command(e) => e.into(),
            other => Self::internal(other),
        }
    }
}
