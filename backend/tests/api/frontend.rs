//! The built frontend (`frontend/dist/`, made by `./dev build-frontend` before the tests run).

use reqwest::StatusCode;

use crate::helpers::spawn_app;

fn asset_named(prefix: &str, suffix: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist/assets");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} must exist (./dev build-frontend): {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {prefix}*{suffix} in {}", dir.display()))
}

#[tokio::test]
async fn index_is_served_for_the_root_and_client_routes_and_never_cached() {
    let app = spawn_app().await;
    for path in ["/", "/assets-register", "/incidents/123"] {
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
    for (name, mime) in [
        (asset_named("mamori-", ".wasm"), "application/wasm"),
        (
            asset_named("mamori-", ".js"),
            "text/javascript; charset=utf-8",
        ),
        (asset_named("style-", ".css"), "text/css; charset=utf-8"),
    ] {
        let response = app.get(&format!("/assets/{name}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(response.headers()["content-type"], mime, "{name}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let wasm = asset_named("mamori-", ".wasm");
    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(app.url(&format!("/assets/{wasm}")))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
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
