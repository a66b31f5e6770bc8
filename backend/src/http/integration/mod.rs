//! 連携システム: client systems and their tokens (managed by the CISO and the 統括), the event feed
//! and its live variant (read by people and clients), webhook subscriptions and deliveries.

mod clients;
mod feed;
mod views;
mod webhooks;

use super::error::ApiError;
use super::routes::ApiRoute;
use crate::domain::integration::IntegrationError;

pub(crate) fn routes() -> Vec<ApiRoute> {
    [clients::routes(), feed::routes(), webhooks::routes()]
        .into_iter()
        .flatten()
        .collect()
}

impl From<IntegrationError> for ApiError {
    fn from(error: IntegrationError) -> Self {
        use IntegrationError as E;
        match error {
            E::NotFound => Self::NotFound,
            E::InvalidField { field, limit } => Self::Invalid {
                field: field.into(),
                message: limit.into(),
                message_ja: match field {
                    "name" | "organisation" => "1〜200文字で入力してください".into(),
                    "contact" => "200文字以内で入力してください".into(),
                    "label" => "1〜100文字で入力してください".into(),
                    "scopes" => "スコープを1つ以上選んでください".into(),
                    "expires_at" => "有効期限は今より後、366日以内の日時にしてください".into(),
                    "event_types" => {
                        "イベント種別を1〜50個、または \"*\" を指定してください".into()
                    }
                    _ => format!("入力が制限を超えています（{limit}）"),
                },
            },
            E::AlreadyExists
            | E::TokenNotActive
            | E::TooManyTokens(_)
            | E::TooManySubscriptions(_)
            | E::SubscriptionOff => Self::Conflict(error.to_string()),
        }
    }
}
