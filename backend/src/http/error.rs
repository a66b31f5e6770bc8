//! The API's one error type. Every error becomes an RFC 9457 `application/problem+json` body with a
//! stable `type`, an English and a Japanese title; internal causes are logged, never sent.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use mamori_shared::api::problem::Problem;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("no such resource")]
    NotFound,
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str, &'static str) {
        match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                "見つかりません",
            ),
            Self::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "サービスを利用できません",
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
                "サーバー内部エラー",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, title, title_ja) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let problem = Problem {
            kind: format!("/problems/{kind}"),
            title: title.into(),
            title_ja: title_ja.into(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response()
    }
}

pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}
