//! Appends to the security log (`security-log` stream): sign-in attempts and refused requests, with
//! time (the event's), principal, address and outcome. In the event log, nobody can edit them
//! through the app, and `mamori verify` proves nobody did around it.

use mamori_shared::events::security::{
    AuthorizationDenied, CsrfRefused, SelfApprovalRefused, SignInAttempted,
    SignInRefusalsSummarised, TokenRefused, AUTHORIZATION_DENIED, CSRF_REFUSED, SCHEMA_VERSION,
    SELF_APPROVAL_REFUSED, SIGN_IN_ATTEMPTED, SIGN_IN_REFUSALS_SUMMARISED, STREAM, TOKEN_REFUSED,
};
use serde::Serialize;

use super::rate_limit::SignInThrottle;
use crate::clock::{now_micros, rfc3339};
use crate::store::{EventStore, ExpectedVersion, Metadata, NewEvent, Source, StreamId};

pub async fn sign_in_attempted(store: &EventStore, event: SignInAttempted) {
    let actor = event.person_id.map(|id| id.to_string());
    record(store, SIGN_IN_ATTEMPTED, &event, actor).await;
}

pub async fn authorization_denied(store: &EventStore, event: AuthorizationDenied) {
    let actor = Some(event.person_id.to_string());
    record(store, AUTHORIZATION_DENIED, &event, actor).await;
}

pub async fn csrf_refused(store: &EventStore, event: CsrfRefused) {
    let actor = Some(event.person_id.to_string());
    record(store, CSRF_REFUSED, &event, actor).await;
}

pub async fn self_approval_refused(store: &EventStore, event: SelfApprovalRefused) {
    let actor = Some(event.person_id.to_string());
    record(store, SELF_APPROVAL_REFUSED, &event, actor).await;
}

pub async fn token_refused(store: &EventStore, event: TokenRefused) {
    let actor = event.client_id.map(|id| id.to_string());
    record(store, TOKEN_REFUSED, &event, actor).await;
}

/// Ends the throttle's summary period: records how many sign-ins it refused without recording them
/// individually, if any. The server calls it every throttle window, and once more at shutdown.
pub async fn summarise_refusals(store: &EventStore, throttle: &SignInThrottle) {
    if let Some(summary) = throttle.take_summary(now_micros()) {
        let event = SignInRefusalsSummarised {
            from: rfc3339(summary.from),
            until: rfc3339(summary.until),
            rate_limited: summary.unrecorded.rate_limited,
            busy: summary.unrecorded.busy,
        };
        record(store, SIGN_IN_REFUSALS_SUMMARISED, &event, None).await;
    }
}

async fn record(
    store: &EventStore,
    event_type: &str,
    payload: &impl Serialize,
    actor: Option<String>,
) {
    let metadata = Metadata {
        actor,
        ..Metadata::system().with_source(Source::Web)
    };
    let payload = serde_json::to_value(payload).expect("security events serialise");
    let stream = StreamId::parse(STREAM).expect("a valid stream id");
    let event = NewEvent::new(event_type, SCHEMA_VERSION, payload, metadata);
    // The request's answer does not depend on the record; a failure to record is itself logged.
    if let Err(error) = store
        .append(&stream, ExpectedVersion::Any, vec![event])
        .await
    {
        tracing::error!(%error, event_type, "cannot write to the security log");
    }
}
