//! The API's one error type. Every error becomes an RFC 9457 `application/problem+json` body with a
//! stable `type`, an English and a Japanese title, and field-level detail for validation errors;
//! internal causes are logged, never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mamori_shared::api::problem::{FieldError, Problem};
use thiserror::Error;

use crate::auth::password::PasswordPolicyError;
use crate::commands::CommandError;

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("no such resource")]
    NotFound,
    #[error("sign in first")]
    Unauthenticated,
    #[error("not permitted")]
    Forbidden,
    #[error("missing or wrong CSRF token")]
    Csrf,
    /// `Authorization: Bearer` with a token that is malformed, unknown, expired or revoked.
    #[error("the token is invalid, expired or revoked")]
    InvalidToken,
    /// The token's client lacks the scope the action needs.
    #[error("the token's scopes do not cover this request (needs {scope})")]
    InsufficientScope { scope: &'static str },
    /// A client sent more requests than its limit per minute.
    #[error("too many requests from this client")]
    ClientRateLimited { retry_after: u64 },
    #[error("sign-in refused")]
    SignInRefused,
    #[error("too many attempts")]
    RateLimited,
    #[error("the password-checking queue is full")]
    Busy,
    #[error("the request body is larger than the limit")]
    PayloadTooLarge,
    #[error("the request took too long")]
    RequestTimeout,
    #[error("malformed request: {detail}")]
    BadRequest {
        detail: String,
        field: Option<String>,
    },
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("invalid {field}: {message}")]
    Invalid {
        field: String,
        message: String,
        message_ja: String,
    },
    #[error("If-Match is required to change this resource")]
    PreconditionRequired,
    #[error("the resource is at version {actual}")]
    PreconditionFailed { actual: u64 },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("this Idempotency-Key was used for another request")]
    IdempotencyKeyReused,
    #[error("the first request with this Idempotency-Key is still being answered")]
    IdempotencyInProgress,
    /// The projections are still replaying the log after a start.
    #[error("starting up: {applied} of {head} events replayed")]
    StartingUp { applied: u64, head: u64 },
    /// Not an error: the command's events are committed at `position`, but the read models did not
    /// show them in time. The caller must not retry with a new command (it would act twice).
    #[error("accepted: committed at position {position}, not yet visible")]
    Accepted { position: u64 },
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self::Internal(error.to_string())
    }

    pub fn invalid(field: &str, message: &str, message_ja: &str) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.to_owned(),
            message_ja: message_ja.to_owned(),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str, &'static str) {
        use StatusCode as S;
        match self {
            Self::NotFound => (S::NOT_FOUND, "not-found", "Not found", "見つかりません"),
            Self::Unauthenticated => (
                S::UNAUTHORIZED,
                "unauthenticated",
                "Please sign in",
                "ログインしてください",
            ),
            Self::Forbidden => (
                S::FORBIDDEN,
                "forbidden",
                "You are not permitted to do this",
                "この操作は許可されていません",
            ),
            Self::Csrf => (
                S::FORBIDDEN,
                "csrf",
                "The request lacks a valid CSRF token; reload the page",
                "CSRF トークンが無効です。ページを再読み込みしてください",
            ),
            Self::InvalidToken => (
                S::UNAUTHORIZED,
                "invalid-token",
                "The token is invalid, expired or revoked",
                "トークンが無効か、期限切れか、失効しています",
            ),
            Self::InsufficientScope { .. } => (
                S::FORBIDDEN,
                "insufficient-scope",
                "The token's scopes do not cover this request",
                "このトークンのスコープではこの操作はできません",
            ),
            Self::ClientRateLimited { .. } => (
                S::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests; try again later",
                "リクエストが多すぎます。しばらくしてから再度お試しください",
            ),
            Self::SignInRefused => (
                S::UNAUTHORIZED,
                "sign-in-refused",
                "The login or the password is wrong",
                "ログイン名またはパスワードが正しくありません",
            ),
            Self::RateLimited => (
                S::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many attempts; try again later",
                "試行回数が多すぎます。しばらくしてから再度お試しください",
            ),
            Self::Busy => (
                S::SERVICE_UNAVAILABLE,
                "busy",
                "The server is busy; try again in a moment",
                "サーバーが混み合っています。少し待ってから再度お試しください",
            ),
            Self::PayloadTooLarge => (
                S::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "The request body is too large (at most 1 MiB)",
                "リクエスト本文が大きすぎます（上限 1 MiB）",
            ),
            Self::RequestTimeout => (
                S::REQUEST_TIMEOUT,
                "request-timeout",
                "The request took too long",
                "リクエストが時間内に完了しませんでした",
            ),
            Self::BadRequest { .. } => (
                S::BAD_REQUEST,
                "bad-request",
                "The request is malformed",
                "リクエストの形式が正しくありません",
            ),
            Self::UnsupportedMediaType => (
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "The request body must be JSON",
                "リクエスト本文は JSON である必要があります",
            ),
            Self::Invalid { .. } => (
                S::UNPROCESSABLE_ENTITY,
                "validation",
                "Some values are invalid",
                "入力内容に誤りがあります",
            ),
            Self::PreconditionRequired => (
                S::PRECONDITION_REQUIRED,
                "precondition-required",
                "Send If-Match with the version you are changing",
                "変更する版を If-Match で指定してください",
            ),
            Self::PreconditionFailed { .. } => (
                S::PRECONDITION_FAILED,
                "precondition-failed",
                "Someone else changed this meanwhile; reload and try again",
                "他の利用者が先に変更しました。再読み込みしてからやり直してください",
            ),
            Self::Conflict(_) => (
                S::CONFLICT,
                "conflict",
                "This conflicts with the current state",
                "現在の状態と矛盾するため実行できません",
            ),
            Self::Unavailable(_) => (
                S::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "サービスを利用できません",
            ),
            Self::IdempotencyKeyReused => (
                S::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "This Idempotency-Key was already used for a different request",
                "この Idempotency-Key は別のリクエストで使用済みです",
            ),
            Self::IdempotencyInProgress => (
                S::CONFLICT,
                "idempotency-in-progress",
                "The first request with this Idempotency-Key is still being answered; retry shortly",
                "同じ Idempotency-Key の最初のリクエストを処理中です。しばらくしてから再度お試しください",
            ),
            Self::StartingUp { .. } => (
                S::SERVICE_UNAVAILABLE,
                "starting-up",
                "Mamori is starting up; try again in a moment",
                "起動中です。しばらくしてから再度お試しください",
            ),
            Self::Accepted { .. } => (
                S::ACCEPTED,
                "accepted",
                "Done; the change will show in a moment",
                "受け付けました。まもなく反映されます",
            ),
            Self::Internal(_) => (
                S::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
                "サーバー内部エラー",
            ),
        }
    }
}

impl ApiError {
    /// When a refusal that passes is worth trying again (`Retry-After`, in seconds).
    fn retry_after(&self) -> Option<&'static str> {
        match self {
            // A password check takes tens of milliseconds: the queue frees within a second.
            Self::Busy => Some("1"),
            // Failures leave the throttle's window one by one; a minute is a fair first wait.
            Self::RateLimited => Some("60"),
            Self::StartingUp { .. } | Self::IdempotencyInProgress => Some("5"),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, title, title_ja) = self.parts();
        if let Self::Accepted { position } = self {
            let body = serde_json::json!({ "status": "accepted", "position": position, "title": title, "title_ja": title_ja });
            return (status, axum::Json(body)).into_response();
        }
        if status.is_server_error() && !matches!(self, Self::StartingUp { .. }) {
            tracing::error!(error = %self, "request failed");
        }
        let (detail, errors) = match &self {
            Self::BadRequest { detail, field } => (
                Some(detail.clone()),
                field
                    .iter()
                    .map(|field| FieldError {
                        field: field.clone(),
                        message: detail.clone(),
                        message_ja: "値の形式が正しくありません".into(),
                    })
                    .collect(),
            ),
            Self::Invalid {
                field,
                message,
                message_ja,
            } => (
                None,
                vec![FieldError {
                    field: field.clone(),
                    message: message.clone(),
                    message_ja: message_ja.clone(),
                }],
            ),
            Self::Conflict(detail) => (Some(detail.clone()), Vec::new()),
            Self::InsufficientScope { .. } => (Some(self.to_string()), Vec::new()),
            Self::StartingUp { .. } => (Some(self.to_string()), Vec::new()),
            Self::PreconditionFailed { actual } => {
                (Some(format!("current version: {actual}")), Vec::new())
            }
            _ => (None, Vec::new()),
        };
        let problem = Problem {
            kind: format!("/problems/{kind}"),
            title: title.into(),
            title_ja: title_ja.into(),
            status: status.as_u16(),
            detail,
            errors,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
        }
        // RFC 6750 §3: what a bearer token's refusal says, so that a client library knows it.
        let challenge = match &self {
            Self::InvalidToken => Some("Bearer error=\"invalid_token\"".to_owned()),
            Self::InsufficientScope { scope } => Some(format!(
                "Bearer error=\"insufficient_scope\", scope=\"{scope}\""
            )),
            _ => None,
        };
        if let Some(Ok(challenge)) = challenge.map(|c| HeaderValue::from_str(&c)) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
        }
        if let Self::ClientRateLimited { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let Self::PreconditionFailed { actual } = self {
            if let Ok(etag) = HeaderValue::from_str(&format!("\"{actual}\"")) {
                response.headers_mut().insert(header::ETAG, etag);
            }
        }
        response
    }
}

impl From<PasswordPolicyError> for ApiError {
    fn from(error: PasswordPolicyError) -> Self {
        use PasswordPolicyError as E;
        let ja = match error {
            E::TooShort => "12文字以上にしてください",
            E::TooLong => "128文字以下にしてください",
            E::ContainsLogin => "ログイン名を含めないでください",
            E::TooCommon => "推測されやすいパスワードは使えません",
        };
        Self::invalid("password", &error.to_string(), ja)
    }
}

impl<E: Into<ApiError> + std::fmt::Display> From<CommandError<E>> for ApiError {
    fn from(error: CommandError<E>) -> Self {
        match error {
            CommandError::Domain(e) => e.into(),
            CommandError::PreconditionFailed { actual } => Self::PreconditionFailed { actual },
            CommandError::Conflict { actual } => Self::PreconditionFailed { actual },
            CommandError::ConflictElsewhere { .. } => Self::Conflict(error.to_string()),
            other => Self::internal(other),
        }
    }
}

impl From<crate::auth::oidc::OidcError> for ApiError {
    fn from(error: crate::auth::oidc::OidcError) -> Self {
        use crate::auth::oidc::OidcError as E;
        match error {
            E::NotConfigured => Self::NotFound,
            E::TooManyFlows => Self::Busy,
            E::Database(e) => Self::internal(e),
            E::BadSetting { .. } => Self::internal(error),
            E::Discovery(detail) => Self::Unavailable(format!("identity provider: {detail}")),
            // One answer for every refusal, as password sign-in gives (the log says which).
            E::NoFlow
            | E::WrongState
            | E::WrongIssuer
            | E::ProviderRefused(_)
            | E::Exchange(_)
            | E::NoIdToken
            | E::InvalidIdToken(_)
            | E::MissingClaim(_)
            | E::UnknownLogin => Self::SignInRefused,
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        Self::internal(error)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal(error)
    }
}

pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}
