//! Serves the built frontend (`frontend/dist/`, made by `./dev build-frontend`).
//!
//! In a release build the files are compiled into the binary, so `mamori` is one file to deploy; in a
//! debug build they are read from `frontend/dist/` at run time. Hashed files under `/assets/` are
//! cached for a year; `index.html` is never cached, and answers every client-side route.
//!
//! The build writes every file also compressed (`.br` at brotli quality 11, `.gz`), and the file
//! is answered in the best encoding the browser accepts. Such an answer carries its
//! `Content-Encoding`, so the on-the-fly compression layer leaves it alone.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../frontend/dist"]
struct Dist;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The precompressed copies the build writes next to each file, best first: (coding, suffix).
const PRECOMPRESSED: [(&str, &str); 2] = [("br", ".br"), ("gzip", ".gz")];

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let path = uri.path().trim_start_matches('/');
    if !path.is_empty() {
        if let Some(file) = Dist::get(path) {
            let cache = if path.starts_with("assets/") {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            return file_response(path, file, accept, cache);
        }
        // A missing file is a 404, not the app: only extension-less paths are client routes.
        let last = path.rsplit('/').next().unwrap_or_default();
        if path.starts_with("assets/") || last.contains('.') {
            return (StatusCode::NOT_FOUND, "not found").into_response();
        }
    }
    match Dist::get("index.html") {
        Some(index) => file_response("index.html", index, accept, REVALIDATE),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The frontend is not built: run `./dev run` (or `./dev build-frontend`).",
        )
            .into_response(),
    }
}

/// Answers `file` (found at `path`), or its precompressed copy in the best coding `accept` allows.
fn file_response(
    path: &str,
    file: rust_embed::EmbeddedFile,
    accept: &str,
    cache: &'static str,
) -> Response {
    let mime = file.metadata.mimetype();
    let content_type = if mime.starts_with("text/") || mime.ends_with("javascript") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_owned()
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, header_value(&content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let mut body = file.data;
    if let Some((coding, copy)) = best_coding(accept)
        .into_iter()
        .find_map(|(coding, suffix)| Some((coding, Dist::get(&format!("{path}{suffix}"))?)))
    {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        body = copy.data;
    }
    (headers, body).into_response()
}

fn header_value(value: &str) -> HeaderValue {
    HeaderValue::from_str(value)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

/// The precompressed codings `accept` (an `Accept-Encoding` value) allows, most preferred first:
/// by its quality values, `br` before `gzip` when they tie. `*` stands for any coding not named.
fn best_coding(accept: &str) -> Vec<(&'static str, &'static str)> {
    let quality = |coding: &str| -> f32 {
        let mut wildcard = None;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|param| {
                    let (key, value) = param.split_once('=')?;
                    (key.trim().eq_ignore_ascii_case("q")).then(|| value.trim().parse().ok())?
                })
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case(coding) {
                return q;
            }
            if name == "*" {
                wildcard = Some(q);
            }
        }
        wildcard.unwrap_or(0.0)
    };
    let mut codings: Vec<_> = PRECOMPRESSED
        .into_iter()
        .map(|(coding, suffix)| (quality(coding), coding, suffix))
        .filter(|(q, _, _)| *q > 0.0)
        .collect();
    // Stable: a tie keeps the order of PRECOMPRESSED.
    codings.sort_by(|a, b| b.0.total_cmp(&a.0));
    codings
        .into_iter()
        .map(|(_, coding, suffix)| (coding, suffix))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::best_coding;

    fn codings(accept: &str) -> Vec<&'static str> {
        best_coding(accept).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn the_best_accepted_coding_comes_first() {
        assert_eq!(codings("gzip, deflate, br, zstd"), ["br", "gzip"]);
        assert_eq!(codings("gzip"), ["gzip"]);
        assert_eq!(codings("BR;q=0.5, gzip;q=0.8"), ["gzip", "br"]);
        assert_eq!(codings("br;q=0, gzip"), ["gzip"]);
        assert_eq!(codings("*"), ["br", "gzip"]);
        assert_eq!(codings("*;q=0.1, gzip;q=0"), ["br"]);
        assert!(codings("").is_empty());
        assert!(codings("identity").is_empty());
        assert!(codings("deflate, zstd").is_empty());
    }
}
