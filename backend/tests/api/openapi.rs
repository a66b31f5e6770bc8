use std::collections::BTreeSet;

use mamori::http::routes::table;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routers_routes() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = table()
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                format!("/api/v1{}", r.path.replace("{*", "{")),
            )
        })
        .collect();
    assert_eq!(documented, routed);
    // Every schema it refers to is in the document.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(
            document["components"]["schemas"].get(name).is_some(),
            "missing schema {name}"
        );
    }
}

#[tokio::test]
async fn the_reference_page_shows_every_operation_and_loads_nothing() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/reference").await;
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp}"
    );
    let html = response.text().await.unwrap();
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for item in document["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let id = operation["operationId"].as_str().unwrap();
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }
    // Nothing is loaded from anywhere: no script, no source, no link out of Mamori.
    assert!(!html.contains("<script") && !html.contains(" src=") && !html.contains("href=\"http"));
}

#[tokio::test]
async fn every_event_a_reader_can_be_given_has_its_schema_in_the_document() {
    let app = crate::helpers::spawn_demo_app(crate::helpers::Backend::Sqlite).await;
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let types = &document["x-event-types"];
    assert_eq!(
        document["paths"]["/api/v1/feed"]["get"]["x-event-types"],
        *types
    );
    let events: Vec<_> = futures::TryStreamExt::try_collect(app.state.store.read_all(0))
        .await
        .unwrap();
    let mut seen = BTreeSet::new();
    for event in events {
        // The security log is no stream a reader of the feed can read.
        if event.stream_id.as_str() == "security-log" {
            continue;
        }
        let about = &types[event.event_type.as_str()];
        assert_eq!(
            about["schema_version"], event.schema_version,
            "{}",
            event.event_type
        );
        // Every field the payload has is one its schema declares.
        let declared = &about["data"];
        let properties = match declared.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => {
                &document["components"]["schemas"][reference.rsplit('/').next().unwrap()]
                    ["properties"]
            }
            None => &declared["properties"],
        };
        for field in event.payload.as_object().unwrap().keys() {
            assert!(
                properties.get(field).is_some(),
                "{}: {field}",
                event.event_type
            );
        }
        seen.insert(event.event_type);
    }
    assert!(seen.len() >= 15, "{seen:?}");
    assert!(
        document["webhooks"]["event"]["post"]["parameters"]
            .as_array()
            .unwrap()
            .len()
            == 3
    );
}
