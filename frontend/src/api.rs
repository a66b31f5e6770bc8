//! The one HTTP client of the app: JSON to and from `/api/v1`, errors as the server's problem+json.
//!
//! Every state-changing request carries the session's CSRF token (`X-CSRF-Token`), and a change to a
//! versioned resource carries `If-Match: "<version>"`. An answer of 401 "sign in first" tells the
//! session (through [`on_unauthenticated`]) so that the app shows the sign-in page.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::LocalResource;
use mamori_shared::api::problem::Problem;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::i18n::{message, Lang};

/// The problem type of a request made without a (live) session.
const UNAUTHENTICATED: &str = "/problems/unauthenticated";

#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer (server down, network closed).
    Network(String),
    /// The server answered with an RFC 9457 problem (boxed: it is much larger than the others).
    Problem(Box<Problem>),
    /// The server answered something we cannot read.
    Decode(String),
}

impl ApiFailure {
    /// What to show the user, in their language: the problem's title, and its field errors.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Problem(problem) if !problem.errors.is_empty() => {
                let fields: Vec<String> = problem
                    .errors
                    .iter()
                    .map(|error| match lang {
                        Lang::Ja => error.message_ja.clone(),
                        Lang::En => format!("{}: {}", error.field, error.message),
                    })
                    .collect();
                match lang {
                    Lang::Ja => format!("{}（{}）", problem.title_ja, fields.join("、")),
                    Lang::En => format!("{} ({})", problem.title, fields.join("; ")),
                }
            }
            Self::Problem(problem) => match lang {
                Lang::Ja => problem.title_ja.clone(),
                Lang::En => problem.title.clone(),
            },
            Self::Network(_) => message(lang, "error.network"),
            Self::Decode(_) => message(lang, "error.decode"),
        }
    }

    /// The problem's title alone, in the user's language (field errors shown beside their fields).
    pub fn title(&self, lang: Lang) -> String {
        match self {
            Self::Problem(problem) => match lang {
                Lang::Ja => problem.title_ja.clone(),
                Lang::En => problem.title.clone(),
            },
            other => other.message(lang),
        }
    }

    /// The message of the error about `field`, if the server named that field.
    pub fn field_message(&self, field: &str, lang: Lang) -> Option<String> {
        match self {
            Self::Problem(problem) => problem
                .errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| field_text(e, lang)),
            _ => None,
        }
    }

    /// Whether the server found something wrong with `field`.
    pub fn names_field(&self, field: &str) -> bool {
        matches!(self, Self::Problem(problem) if problem.errors.iter().any(|e| e.field == field))
    }

    /// The messages of the errors about fields other than `shown`.
    pub fn other_field_messages(&self, shown: &[&str], lang: Lang) -> Vec<String> {
        match self {
            Self::Problem(problem) => problem
                .errors
                .iter()
                .filter(|e| !shown.contains(&e.field.as_str()))
                .map(|e| format!("{}: {}", e.field, field_text(e, lang)))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem(problem) => Some(problem.status),
            _ => None,
        }
    }
}

fn field_text(error: &mamori_shared::api::problem::FieldError, lang: Lang) -> String {
    match lang {
        Lang::Ja => error.message_ja.clone(),
        Lang::En => error.message.clone(),
    }
}

thread_local! {
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static ON_UNAUTHENTICATED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Remembers the session's CSRF token (from `Me`), or forgets it on signing out.
pub fn set_csrf_token(token: Option<String>) {
    CSRF_TOKEN.with(|cell| *cell.borrow_mut() = token);
}

/// What to do when the server says the session is gone.
pub fn on_unauthenticated(hook: impl Fn() + 'static) {
    ON_UNAUTHENTICATED.with(|cell| *cell.borrow_mut() = Some(Rc::new(hook)));
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    send(Method::GET, path, None, None).await
}

/// What a [`text_resource`] holds: the answer's text, to be read with [`decode`].
pub type Text = Result<String, ApiFailure>;

/// A resource of the text at the API path `path()`, loaded again when what `path` reads changes.
/// The same code for every resource made with it (a resource of each type and each fetcher is
/// code of its own); each reader [`decode`]s the text as its type.
pub fn text_resource(path: Box<dyn Fn() -> String>) -> LocalResource<Text> {
    LocalResource::new(move || {
        let path = path();
        async move { exchange(Method::GET, &path, None, None).await }
    })
}

/// Reads an answer's text as `T`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiFailure> {
    serde_json::from_str(text).map_err(|e| ApiFailure::Decode(e.to_string()))
}

pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiFailure> {
    send(Method::POST, path, None, Some(json(body)?)).await
}

/// A POST without a body (e.g. signing out).
pub async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    send(Method::POST, path, None, None).await
}

/// A POST that changes the resource at `version` (`If-Match`).
pub async fn post_at<T: DeserializeOwned>(
    path: &str,
    version: u64,
    body: &impl Serialize,
) -> Result<T, ApiFailure> {
    send(Method::POST, path, Some(version), Some(json(body)?)).await
}

pub async fn put<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiFailure> {
    send(Method::PUT, path, None, Some(json(body)?)).await
}

/// A PUT that changes the resource at `version` (`If-Match`).
pub async fn put_at<T: DeserializeOwned>(
    path: &str,
    version: u64,
    body: &impl Serialize,
) -> Result<T, ApiFailure> {
    send(Method::PUT, path, Some(version), Some(json(body)?)).await
}

pub async fn delete<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    send(Method::DELETE, path, None, None).await
}

/// A DELETE of (or in) the resource at `version` (`If-Match`).
pub async fn delete_at<T: DeserializeOwned>(path: &str, version: u64) -> Result<T, ApiFailure> {
    send(Method::DELETE, path, Some(version), None).await
}

/// `?key=value&...` with the values URL-encoded; empty values are left out.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}", encoded.join("&"))
    }
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn json(body: &impl Serialize) -> Result<String, ApiFailure> {
    serde_json::to_string(body).map_err(|e| ApiFailure::Decode(e.to_string()))
}

async fn send<T: DeserializeOwned>(
    method: Method,
    path: &str,
    version: Option<u64>,
    body: Option<String>,
) -> Result<T, ApiFailure> {
    decode(&exchange(method, path, version, body).await?)
}

/// The request and its answer's text, the same code for every type read: only reading the text as
/// `T` ([`send`]) is made once per type.
async fn exchange(
    method: Method,
    path: &str,
    version: Option<u64>,
    body: Option<String>,
) -> Result<String, ApiFailure> {
    let safe = matches!(method, Method::GET | Method::HEAD);
    let mut request = RequestBuilder::new(&format!("/api/v1{path}"))
        .method(method)
        .header("Accept", "application/json");
    if !safe {
        if let Some(token) = CSRF_TOKEN.with(|cell| cell.borrow().clone()) {
            request = request.header("X-CSRF-Token", &token);
        }
    }
    if let Some(version) = version {
        request = request.header("If-Match", &format!("\"{version}\""));
    }
    let response = match body {
        Some(body) => {
            request
                .header("Content-Type", "application/json")
                .body(body)
                .map_err(|e| ApiFailure::Network(e.to_string()))?
                .send()
                .await
        }
        None => request.send().await,
    }
    .map_err(|e| ApiFailure::Network(e.to_string()))?;
    read(response).await
}

/// The text of a successful answer, or the server's problem.
async fn read(response: Response) -> Result<String, ApiFailure> {
    let status = response.status();
    if status == 204 {
        // "No content" reads as JSON `null`, which is what `()` is.
        return Ok("null".to_owned());
    }
    let text = response.text().await;
    if response.ok() {
        return text.map_err(|e| ApiFailure::Decode(e.to_string()));
    }
    let problem = text
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Problem>(&text).map_err(|e| e.to_string()))
        .map_err(|e| ApiFailure::Decode(format!("HTTP {status}: {e}")))?;
    if problem.kind == UNAUTHENTICATED {
        set_csrf_token(None);
        let hook = ON_UNAUTHENTICATED.with(|cell| cell.borrow().clone());
        if let Some(hook) = hook {
            hook();
        }
    }
    Err(ApiFailure::Problem(Box::new(problem)))
}

#[cfg(test)]
mod tests {
    use mamori_shared::api::problem::FieldError;

    use super::*;

    #[test]
    fn queries_are_encoded_and_leave_out_empty_values() {
        assert_eq!(
            query(&[("q", "佐藤 花子"), ("department_id", ""), ("offset", "20")]),
            "?q=%E4%BD%90%E8%97%A4%20%E8%8A%B1%E5%AD%90&offset=20"
        );
        assert_eq!(query(&[("q", "")]), "");
    }

    #[test]
    fn a_problem_reads_in_the_user_s_language_with_its_field_errors() {
        let failure = ApiFailure::Problem(Box::new(Problem {
            kind: "/problems/validation".into(),
            title: "Some values are invalid".into(),
            title_ja: "入力内容に誤りがあります".into(),
            status: 422,
            detail: None,
            errors: vec![FieldError {
                field: "login".into(),
                message: "already taken".into(),
                message_ja: "このログイン名は既に使われています".into(),
            }],
        }));
        assert_eq!(
            failure.message(Lang::Ja),
            "入力内容に誤りがあります（このログイン名は既に使われています）"
        );
        assert_eq!(
            failure.message(Lang::En),
            "Some values are invalid (login: already taken)"
        );
        assert_eq!(failure.title(Lang::En), "Some values are invalid");
        assert_eq!(
            failure.field_message("login", Lang::En).as_deref(),
            Some("already taken")
        );
        assert_eq!(failure.field_message("name", Lang::En), None);
        assert!(failure.names_field("login") && !failure.names_field("name"));
        assert!(failure
            .other_field_messages(&["login"], Lang::Ja)
            .is_empty());
    }
}
