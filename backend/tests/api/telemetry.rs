//! Every request produces a span, exported through OpenTelemetry (here to the SDK's in-memory
//! exporter, with the same layer `mamori serve` installs when OTLP is configured).

use mamori::telemetry::span_layer;
use opentelemetry::Value;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tracing_subscriber::layer::SubscriberExt;

use crate::helpers::spawn_app;

#[tokio::test(flavor = "current_thread")]
async fn each_request_is_a_span_named_after_its_route() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let subscriber = tracing_subscriber::registry().with(span_layer(&provider));
    // current_thread: the server's tasks run on this thread, under this default subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = spawn_app().await;
    let mut spans = Vec::new();
    for attempt in 0..500 {
        if attempt % 100 == 0 {
            // tracing caches per callsite whether anyone listens; a test on another thread may
            // have cached "no one" before this thread's subscriber was set. Rebuilt, then asked
            // again.
            tracing::callsite::rebuild_interest_cache();
            assert!(app.get("/api/v1/health").await.status().is_success());
        }
        // The span closes once the server has finished the response, which may be just after
        // the client has it: give the server's task a chance to run.
        provider.force_flush().unwrap();
        spans = exporter.get_finished_spans().unwrap();
        // Other spans (the server's own background work) may finish first: wait for this one.
        if spans.iter().any(|span| span.name == "GET /api/v1/health") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let span = spans
        .iter()
        .find(|span| span.name == "GET /api/v1/health")
        .unwrap_or_else(|| {
            panic!(
                "no request span among {:?}",
                spans.iter().map(|s| &s.name).collect::<Vec<_>>()
            )
        });
    let attribute = |key: &str| {
        span.attributes
            .iter()
            .find(|kv| kv.key.as_str() == key)
            .map(|kv| kv.value.clone())
    };
    assert_eq!(attribute("http.route"), Some(Value::from("/api/v1/health")));
    assert_eq!(attribute("http.request.method"), Some(Value::from("GET")));
    assert_eq!(
        attribute("http.response.status_code"),
        Some(Value::I64(200))
    );
}
