//! The built frontend (`frontend/dist/`, made by `./dev build-frontend` before the tests run), as
//! the server answers it: real files, over HTTP.

use std::path::PathBuf;

use reqwest::StatusCode;

use crate::helpers::{spawn_app, TestApp};

fn dist() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist")
}

/// `dir` (under dist/) holds the file whose name starts with `prefix` and ends with `suffix`.
fn file_named(dir: &str, prefix: &str, suffix: &str) -> String {
    let dir = dist().join(dir);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} must exist (./dev build-frontend): {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {prefix}*{suffix} in {}", dir.display()))
}

/// The address of one of this build's files under `assets/app-<hash>/`.
fn app_file(prefix: &str, suffix: &str) -> String {
    let app = file_named("assets", "app-", "");
    format!(
        "/assets/{app}/{}",
        file_named(&format!("assets/{app}"), prefix, suffix)
    )
}

fn on_disk(address: &str) -> Vec<u8> {
    std::fs::read(dist().join(address.trim_start_matches('/'))).unwrap()
}

async fn get_accepting(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn index_is_served_for_the_root_and_client_routes_and_never_cached() {
    let app = spawn_app().await;
    for path in ["/", "/assets-register", "/incidents/123", "/register/new"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8"
        );
        assert_eq!(response.headers()["cache-control"], "no-cache");
        let body = response.text().await.unwrap();
        assert!(body.contains("<html lang=\"ja\">"), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_have_their_type_and_a_long_cache() {
    let app = spawn_app().await;
    for (path, mime) in [
        (app_file("mamori_bg", ".wasm"), "application/wasm"),
        (app_file("split_register", ".wasm"), "application/wasm"),
        (app_file("mamori", ".js"), "text/javascript; charset=utf-8"),
        (
            app_file("__wasm_split", ".js"),
            "text/javascript; charset=utf-8",
        ),
        (app_file("boot", ".js"), "text/javascript; charset=utf-8"),
        (
            format!("/assets/{}", file_named("assets", "style-", ".css")),
            "text/css; charset=utf-8",
        ),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["content-type"], mime, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(response.bytes().await.unwrap(), on_disk(&path), "{path}");
    }
}

#[tokio::test]
async fn the_build_time_compressed_copy_is_served_as_it_is() {
    let app = spawn_app().await;
    let wasm = app_file("mamori_bg", ".wasm");
    let chunk = app_file("split_organisation", ".wasm");
    for (path, file, mime, cache) in [
        (
            wasm.as_str(),
            wasm.as_str(),
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            chunk.as_str(),
            chunk.as_str(),
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/", "/index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "/organisation/people",
            "/index.html",
            "text/html; charset=utf-8",
            "no-cache",
        ),
    ] {
        for (accept, encoding, suffix) in [
            ("gzip, deflate, br, zstd", "br", ".br"),
            ("gzip", "gzip", ".gz"),
            ("br;q=0, gzip;q=0.5", "gzip", ".gz"),
            ("*", "br", ".br"),
        ] {
            let response = get_accepting(&app, path, accept).await;
            assert_eq!(response.status(), StatusCode::OK, "{path} {accept}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-encoding"], encoding, "{path} {accept}");
            assert_eq!(headers["content-type"], mime, "{path} {accept}");
            assert_eq!(headers["cache-control"], cache, "{path} {accept}");
            assert_eq!(headers["vary"], "accept-encoding", "{path} {accept}");
            // Byte for byte the file the build wrote: not compressed again on the fly.
            let expected = on_disk(&format!("{file}{suffix}"));
            assert_eq!(
                headers["content-length"],
                expected.len().to_string().as_str()
            );
            assert_eq!(response.bytes().await.unwrap(), expected, "{path} {accept}");
        }
    }
}

#[tokio::test]
async fn a_client_that_accepts_no_compression_gets_the_plain_file() {
    let app = spawn_app().await;
    let wasm = app_file("mamori_bg", ".wasm");
    for accept in ["identity", "deflate", "br;q=0, gzip;q=0"] {
        let response = get_accepting(&app, &wasm, accept).await;
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert!(
            response.headers().get("content-encoding").is_none(),
            "{accept}"
        );
        assert_eq!(response.headers()["vary"], "accept-encoding");
        assert_eq!(response.bytes().await.unwrap(), on_disk(&wasm), "{accept}");
    }
}

#[test]
fn every_file_of_the_build_has_its_compressed_copies() {
    fn walk(dir: &std::path::Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&dist(), &mut files);
    let plain: Vec<_> = files
        .iter()
        .filter(|path| !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")))
        .collect();
    assert!(plain.len() >= 6, "{plain:?}");
    for path in plain {
        for suffix in [".br", ".gz"] {
            let mut copy = path.clone().into_os_string();
            copy.push(suffix);
            assert!(
                PathBuf::from(&copy).is_file(),
                "{} has no {suffix}",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn missing_files_are_404_not_the_app() {
    let app = spawn_app().await;
    for path in ["/assets/nope-123.js", "/favicon.ico", "/robots.txt"] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
