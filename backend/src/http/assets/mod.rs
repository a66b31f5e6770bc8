//! The asset register (情報資産台帳): assets, access grants, the classification scheme, live
//! changes, and how its domain errors answer.

mod events;
mod grants;
pub(crate) mod import;
mod inquiries;
mod register;
mod schemes;
pub(crate) mod views;

use super::error::ApiError;
use super::routes::ApiRoute;
use crate::domain::assets::AssetError;

pub(crate) fn routes() -> Vec<ApiRoute> {
    [
        register::routes(),
        events::routes(),
        grants::routes(),
        inquiries::routes(),
        schemes::routes(),
        import::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

impl From<AssetError> for ApiError {
    fn from(error: AssetError) -> Self {
        use AssetError as E;
        match error {
            E::NotFound => Self::NotFound,
            E::AlreadyExists
            | E::Retired
            | E::SchemeAlreadyAdopted
            | E::NotPending
            | E::NotActive
            | E::NotDue => Self::Conflict(error.to_string()),
            E::InvalidName => Self::invalid(
                "name",
                "1 to 200 characters",
                "1〜200文字で入力してください",
            ),
            E::ReasonRequired => {
                Self::invalid("reason", "a reason is required", "理由を入力してください")
            }
            E::UnknownLevel { field, ref code } => Self::Invalid {
                field: format!("classification.{field}"),
                message: error.to_string(),
                message_ja: format!("「{code}」は採用中の分類基準にない区分です"),
            },
            E::TopConfidentialityOnInternet => Self::Invalid {
                field: "tier".into(),
                message: error.to_string(),
                message_ja: "配置規則：最上位の機密性の情報資産はインターネット接続系に置けません"
                    .into(),
            },
            E::ClassificationOutsideScheme(ref code) => Self::Conflict(format!(
                "{error} / 機密性区分「{code}」は採用中の分類基準にありません。先に分類し直してください"
            )),
            E::UnknownScheme => Self::invalid(
                "scheme_id",
                "no such scheme",
                "該当する分類基準がありません",
            ),
            E::MappingMissing(ref code) => Self::Invalid {
                field: "mapping".into(),
                message: error.to_string(),
                message_ja: format!("使用中の機密性区分「{code}」の移行先を指定してください"),
            },
            E::MappingInvalid(ref code) => Self::Invalid {
                field: "mapping".into(),
                message: error.to_string(),
                message_ja: format!("移行先「{code}」は新しい分類基準にありません"),
            },
            E::EndsInPast => Self::invalid(
                "until",
                "the last day cannot be in the past",
                "終了日は今日以降にしてください",
            ),
            E::SelfApproval | E::NotRequester => Self::Forbidden,
            E::InvalidDescription => Self::invalid(
                "description",
                "1 to 1000 characters",
                "必要な情報を1〜1000文字で入力してください",
            ),
            E::InvalidReading => Self::invalid(
                "reading",
                &error.to_string(),
                "読み仮名はひらがな・カタカナ（ー・と空白を含む）で100文字以内にしてください",
            ),
            E::InvalidRetention => Self::invalid(
                "retention",
                &error.to_string(),
                "保存期間は1〜100年、1年未満、永年のいずれかにしてください",
            ),
            E::DetailTooLong { field } => Self::Invalid {
                field: field.into(),
                message: error.to_string(),
                message_ja: "200文字以内で入力してください".into(),
            },
            E::SpecificPersonalOffMyNumber { field } => Self::Invalid {
                field: field.into(),
                message: error.to_string(),
                message_ja: "特定個人情報を扱う情報資産はマイナンバー利用事務系（またはネットワークに接続しない）に置いてください".into(),
            },
            E::PersonalInformationPublic { field } => Self::Invalid {
                field: field.into(),
                message: error.to_string(),
                message_ja: "個人情報を含む情報資産は最も低い機密性（公開）に分類できません".into(),
            },
        }
    }
}
