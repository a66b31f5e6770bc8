//! Appends to the security log (`security-log` stream): sign-in attempts and refused authorizations,
//! with time (the event's), principal, address and outcome. In the event log, nobody can edit them
//! through the app, and `mamori verify` proves nobody did around it.

use mamori_shared::events::security::{
    AuthorizationDenied, SignInAttempted, AUTHORIZATION_DENIED, SIGN_IN_ATTEMPTED, STREAM,
};
use serde::Serialize;

use crate::store::{EventStore, ExpectedVersion, Metadata, NewEvent, Source, StreamId};

pub async fn sign_in_attempted(store: &EventStore, event: SignInAttempted) {
    let actor = event.person_id.map(|id| id.to_string());
    record(store, SIGN_IN_ATTEMPTED, &event, actor).await;
}

pub async fn authorization_denied(store: &EventStore, event: AuthorizationDenied) {
    let actor = Some(event.person_id.to_string());
    record(store, AUTHORIZATION_DENIED, &event, actor).await;
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
    let event = NewEvent::new(event_type, 1, payload, metadata);
    // The request's answer does not depend on the record; a failure to record is itself logged.
    if let Err(error) = store
        .append(&stream, ExpectedVersion::Any, vec![event])
        .await
    {
        tracing::error!(%error, event_type, "cannot write to the security log");
    }
}
