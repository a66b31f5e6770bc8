//! Serves the built frontend (`frontend/dist/`, made by `./dev build-frontend`).
//!
//! In a release build the files are compiled into the binary, so `mamori` is one file to deploy; in a
//! debug build they are read from `frontend/dist/` at run time. Hashed files under `/assets/` are
//! cached for a year; `index.html` is never cached, and answers every client-side route.

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../frontend/dist"]
struct Dist;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if !path.is_empty() {
        if let Some(file) = Dist::get(path) {
            let cache = if path.starts_with("assets/") {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            return file_response(file, cache);
        }
        // A missing file is a 404, not the app: only extension-less paths are client routes.
        let last = path.rsplit('/').next().unwrap_or_default();
        if path.starts_with("assets/") || last.contains('.') {
            return (StatusCode::NOT_FOUND, "not found").into_response();
        }
    }
    match Dist::get("index.html") {
        Some(index) => file_response(index, REVALIDATE),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The frontend is not built: run `./dev run` (or `./dev build-frontend`).",
        )
            .into_response(),
    }
}

fn file_response(file: rust_embed::EmbeddedFile, cache: &'static str) -> Response {
    let mime = file.metadata.mimetype();
    let content_type = if mime.starts_with("text/") || mime.ends_with("javascript") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_owned()
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        file.data,
    )
        .into_response()
}
