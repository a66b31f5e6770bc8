//! The one HTTP client of the app: JSON from `/api/v1`, errors as the server's problem+json.

use gloo_net::http::Request;
use mamori_shared::api::problem::Problem;
use serde::de::DeserializeOwned;

use crate::i18n::{message, Lang};

#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer (server down, network closed).
    Network(String),
    /// The server answered with an RFC 9457 problem.
    Problem(Problem),
    /// The server answered something we cannot read.
    Decode(String),
}

impl ApiFailure {
    /// What to show the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Problem(problem), Lang::Ja) => problem.title_ja.clone(),
            (Self::Problem(problem), Lang::En) => problem.title.clone(),
            (Self::Network(_), lang) => message(lang, "error.network"),
            (Self::Decode(_), lang) => message(lang, "error.decode"),
        }
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = Request::get(&format!("/api/v1{path}"))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ApiFailure::Network(e.to_string()))?;
    if response.ok() {
        response
            .json::<T>()
            .await
            .map_err(|e| ApiFailure::Decode(e.to_string()))
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiFailure::Problem(problem)),
            Err(e) => Err(ApiFailure::Decode(format!("HTTP {}: {e}", response.status()))),
        }
    }
}
