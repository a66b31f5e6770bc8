//! Logs, traces and metrics.
//!
//! Every HTTP request gets a `tracing` span (see `http::router`). Logs go to standard output, human
//! readable or JSON. When the standard `OTEL_EXPORTER_OTLP_ENDPOINT` is set, spans and metrics are also
//! exported over OTLP/HTTP (protobuf) to that endpoint (the exporter reads the standard `OTEL_*`
//! variables itself); when it is not set, nothing is exported and no exporter is built.

use std::io::IsTerminal;

use clap::ValueEnum;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::metrics::SdkMeterProvider;
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::Resource;
use thiserror::Error;
use tracing::Subscriber;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Error)]
pub enum TelemetryError {
    #[error("MAMORI_LOG (--log) {0:?} is not a valid log filter")]
    Filter(String),
    #[error("cannot set up the OTLP exporter at OTEL_EXPORTER_OTLP_ENDPOINT: {0}")]
    Exporter(String),
    #[error("logging is already set up")]
    AlreadySet,
}

/// Flushes and stops the exporters when dropped (at the end of `main`).
pub struct Telemetry {
    tracer_provider: Option<SdkTracerProvider>,
    meter_provider: Option<SdkMeterProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.tracer_provider.take() {
            let _ = provider.shutdown();
        }
        if let Some(provider) = self.meter_provider.take() {
            let _ = provider.shutdown();
        }
    }
}

pub fn init(format: LogFormat, filter: &str) -> Result<Telemetry, TelemetryError> {
    let filter =
        EnvFilter::try_new(filter).map_err(|_| TelemetryError::Filter(filter.to_owned()))?;
    let logs = match format {
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_ansi(std::io::stdout().is_terminal())
            .boxed(),
        LogFormat::Json => tracing_subscriber::fmt::layer().json().boxed(),
    };
    let otlp = std::env::var_os("OTEL_EXPORTER_OTLP_ENDPOINT").is_some_and(|v| !v.is_empty());
    let (tracer_provider, meter_provider) = if otlp {
        let (tracer, meter) = otlp_providers()?;
        (Some(tracer), Some(meter))
    } else {
        (None, None)
    };
    let traces = tracer_provider.as_ref().map(span_layer);
    if let Some(meter) = &meter_provider {
        opentelemetry::global::set_meter_provider(meter.clone());
    }
    tracing_subscriber::registry()
        .with(filter)
        .with(logs)
        .with(traces)
        .try_init()
        .map_err(|_| TelemetryError::AlreadySet)?;
    Ok(Telemetry {
        tracer_provider,
        meter_provider,
    })
}

/// The layer that turns `tracing` spans into OpenTelemetry spans of `provider`.
pub fn span_layer<S>(provider: &SdkTracerProvider) -> impl Layer<S> + Send + Sync
where
    S: Subscriber + for<'a> LookupSpan<'a> + Send + Sync,
{
    tracing_opentelemetry::layer().with_tracer(provider.tracer("mamori"))
}

pub fn resource() -> Resource {
    Resource::builder()
        .with_service_name("mamori")
        .with_attribute(opentelemetry::KeyValue::new(
            "service.version",
            env!("CARGO_PKG_VERSION"),
        ))
        .build()
}

fn otlp_providers() -> Result<(SdkTracerProvider, SdkMeterProvider), TelemetryError> {
    let error = |e: opentelemetry_otlp::ExporterBuildError| TelemetryError::Exporter(e.to_string());
    let spans = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
        .map_err(error)?;
    let metrics = opentelemetry_otlp::MetricExporter::builder()
        .with_http()
        .build()
        .map_err(error)?;
    let tracer = SdkTracerProvider::builder()
        .with_batch_exporter(spans)
        .with_resource(resource())
        .build();
    let meter = SdkMeterProvider::builder()
        .with_periodic_exporter(metrics)
        .with_resource(resource())
        .build();
    Ok((tracer, meter))
}
