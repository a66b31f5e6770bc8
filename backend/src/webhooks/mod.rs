//! Webhooks, as the Standard Webhooks specification has them: a client system subscribes a URL to
//! event types; each event it may read (decided as the feed decides, by Cedar within its scopes)
//! is delivered as `POST {type, timestamp, data}` with `webhook-id` (the same on every retry),
//! `webhook-timestamp` and `webhook-signature` (`v1,` HMAC-SHA256 over `id.timestamp.body` with
//! the subscription's `whsec_` secret).
//!
//! An outbox driven by the log: deliveries are derived from the log after a cursor, each with an
//! id derived from its subscription and its event (deriving again after a restart adds nothing),
//! then sent and retried with exponential backoff and jitter over about three days, honouring
//! `Retry-After`; 410 Gone turns the subscription off (an event of the system). A delivery is
//! claimed before it is sent, so that two instances do not both send it.

pub mod outbox;
pub mod signature;
pub mod target;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures::TryStreamExt;
use mamori_shared::events::integration::SubscriptionDisabled;
use uuid::Uuid;

use crate::clock::{now_micros, rfc3339};
use crate::commands::execute;
use crate::domain::integration::{Client, ClientCommand, IntegrationError};
use crate::http::AppState;
use crate::store::{Metadata, RecordedEvent};
use outbox::Delivery;

/// How many events one pass reads, and how many deliveries it sends.
const BATCH: u64 = 1_000;
const SENDS: i64 = 20;
/// How long an attempt may take before another may be made (the request's timeout and more).
const LEASE: Duration = Duration::from_secs(30);
const TIMEOUT: Duration = Duration::from_secs(15);
/// The waits after each failed attempt: 10 attempts over about three days (71.6 hours).
const RETRIES: [Duration; 9] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(20 * 3600),
    Duration::from_secs(20 * 3600),
];
/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The `webhook-id` of an event's delivery to a subscription: the same however often derived.
pub fn delivery_id(subscription: Uuid, event: Uuid) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(subscription.as_bytes())
        .chain_update(event.as_bytes())
        .finalize();
    format!("msg_{}", hex::encode(&digest[..16]))
}

/// Before serving: the first start reads the log from its head on (history is not delivered; a
/// subscription's deliveries begin where it was created), every later one from where the last
/// stopped.
pub async fn prepare(state: &AppState) -> Result<(), sqlx::Error> {
    let db = state.store.database();
    if outbox::cursor(db).await?.is_none() {
        outbox::enqueue(db, &[], state.store.head(), now_micros()).await?;
    }
    Ok(())
}

/// Derives and sends deliveries as the log grows, for as long as the server runs.
pub async fn keep_delivering(state: AppState) {
    if let Err(error) = prepare(&state).await {
        tracing::error!(%error, "cannot open the webhook outbox: no webhook will be delivered");
        return;
    }
    let mut head = state.store.watch_head();
    let stopping = state.shutdown.clone();
    loop {
        let pass = state.webhook_pass.lock().await;
        if state.shutdown.stopping() {
            return;
        }
        let derived = match derive(&state).await {
            Ok(more) => more,
            Err(error) => {
                tracing::warn!(%error, "cannot derive webhook deliveries; trying again");
                false
            }
        };
        if let Err(error) = send_due(&state).await {
            tracing::warn!(%error, "cannot read the webhook outbox; trying again");
        }
        drop(pass);
        if !derived {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = head.changed() => {}
                () = stopping.begun() => return,
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum DeriveError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Reads the log after the cursor, up to what the read models show, for deliveries. Whether there
/// is more to read at once.
async fn derive(state: &AppState) -> Result<bool, DeriveError> {
    let db = state.store.database();
    let Some(cursor) = outbox::cursor(db).await? else {
        return Ok(false);
    };
    let shown = state.projections.position();
    let until = shown.min(cursor + BATCH);
    if until <= cursor {
        return Ok(false);
    }
    let events: Vec<RecordedEvent> = state.store.read_until(cursor, until).try_collect().await?;
    let deliveries = {
        let snapshot = state.projections.snapshot();
        let world = snapshot.world();
        let today = crate::clock::today();
        let subscriptions: Vec<_> = world
            .integration
            .clients
            .values()
            .flat_map(|c| c.subscriptions.iter().map(move |s| (c.id, s)))
            .filter(|(_, s)| s.disabled.is_none())
            .collect();
        let mut deliveries = Vec::new();
        for event in &events {
            for (client, subscription) in &subscriptions {
                let wanted = event.position > subscription.from_position
                    && subscription.wants(&event.event_type)
                    && state
                        .authz
                        .may_read_stream(world, *client, event.stream_id.as_str(), today);
                if wanted {
                    deliveries.push(outbox::New {
                        id: delivery_id(subscription.id, event.event_id),
                        subscription_id: subscription.id,
                        client_id: *client,
                        event_id: event.event_id,
                        event_type: event.event_type.clone(),
                        position: event.position,
                    });
                }
            }
        }
        deliveries
    };
    outbox::enqueue(db, &deliveries, until, now_micros()).await?;
    Ok(until < shown)
}

async fn send_due(state: &AppState) -> Result<(), sqlx::Error> {
    let db = state.store.database();
    let now = now_micros();
    for delivery in outbox::due(db, now, SENDS).await? {
        if state.shutdown.stopping() {
            break;
        }
        let lease = now + LEASE.as_micros() as i64;
        if outbox::claim(db, &delivery, lease).await? {
            attempt(state, &delivery).await?;
        }
    }
    Ok(())
}

/// What an attempt came to.
enum Answer {
    Delivered(u16),
    Gone,
    /// Try again (the receiver's status if it answered; its `Retry-After`).
    Failed {
        status: Option<u16>,
        error: String,
        retry_after: Option<Duration>,
    },
    /// It will never be sent (the subscription or its secret is no more).
    Dropped(String),
}

async fn attempt(state: &AppState, delivery: &Delivery) -> Result<(), sqlx::Error> {
    let db = state.store.database();
    let answer = send(state, delivery).await;
    let now = now_micros();
    let subscription = Uuid::parse_str(&delivery.subscription_id).unwrap_or_default();
    match answer {
        Answer::Delivered(status) => {
            outbox::record_attempt(db, &delivery.id, "delivered", None, Some(status), None, now)
                .await
        }
        Answer::Gone => {
            outbox::record_attempt(db, &delivery.id, "gone", None, Some(410), None, now).await?;
            outbox::cancel_pending(db, subscription).await?;
            turn_off(state, delivery, subscription).await;
            Ok(())
        }
        Answer::Dropped(why) => {
            outbox::record_attempt(db, &delivery.id, "failed", None, None, Some(&why), now).await
        }
        Answer::Failed {
            status,
            error,
            retry_after,
        } => {
            let made = usize::try_from(delivery.attempts).unwrap_or(0) + 1;
            match RETRIES.get(made - 1) {
                None => {
                    outbox::record_attempt(
                        db,
                        &delivery.id,
                        "failed",
                        None,
                        status,
                        Some(&error),
                        now,
                    )
                    .await
                }
                Some(wait) => {
                    let wait = retry_after
                        .map(|w| w.clamp(Duration::from_secs(1), MAX_RETRY_AFTER))
                        .unwrap_or_else(|| jittered(*wait));
                    let next = now + wait.as_micros() as i64;
                    outbox::record_attempt(
                        db,
                        &delivery.id,
                        "pending",
                        Some(next),
                        status,
                        Some(&error),
                        now,
                    )
                    .await
                }
            }
        }
    }
}

/// `wait` give or take a tenth, so that receivers that failed together are not retried together.
fn jittered(wait: Duration) -> Duration {
    let mut byte = [0u8; 2];
    getrandom::fill(&mut byte).expect("the operating system provides randomness");
    let fraction = f64::from(u16::from_le_bytes(byte)) / f64::from(u16::MAX);
    wait.mul_f64(0.9 + 0.2 * fraction)
}

/// The receiver said 410 Gone: the subscription is turned off, by the system.
async fn turn_off(state: &AppState, delivery: &Delivery, subscription: Uuid) {
    let Ok(client) = Uuid::parse_str(&delivery.client_id) else {
        return;
    };
    let command = ClientCommand::Unsubscribe(SubscriptionDisabled {
        client_id: client,
        subscription_id: subscription,
        reason: "gone".into(),
    });
    match execute::<Client>(&state.store, &client, None, command, Metadata::system()).await {
        Ok(_) | Err(crate::commands::CommandError::Domain(IntegrationError::SubscriptionOff)) => {}
        Err(error) => tracing::warn!(%error, "cannot turn off a gone webhook subscription"),
    }
}

/// One attempt: the event, signed, to the subscription's URL, at an address checked for it.
async fn send(state: &AppState, delivery: &Delivery) -> Answer {
    let db = state.store.database();
    let (Ok(subscription), Ok(client)) = (
        Uuid::parse_str(&delivery.subscription_id),
        Uuid::parse_str(&delivery.client_id),
    ) else {
        return Answer::Dropped("unreadable delivery".into());
    };
    let url = {
        let integration = state.projections.integration.read();
        let found = integration
            .clients
            .get(&client)
            .and_then(|c| c.subscriptions.iter().find(|s| s.id == subscription));
        match found {
            None => return Answer::Dropped("no such subscription".into()),
            Some(s) if s.disabled.is_some() => return Answer::Gone,
            Some(s) => s.url.clone(),
        }
    };
    let secret = match outbox::secret(db, subscription).await {
        Ok(Some(secret)) => secret,
        Ok(None) => return Answer::Dropped("the subscription has no secret".into()),
        Err(error) => return failed(None, error.to_string()),
    };
    let position = delivery.position as u64;
    let event = match Box::pin(state.store.read_until(position.saturating_sub(1), position))
        .try_next()
        .await
    {
        Ok(Some(event)) if event.position == position => event,
        Ok(_) => return Answer::Dropped(format!("no event at position {position}")),
        Err(error) => return failed(None, error.to_string()),
    };
    // Decided again at every attempt: a client whose scopes or policies no longer let it read the
    // event (retries run for days) is not sent it.
    let readable = {
        let snapshot = state.projections.snapshot();
        state.authz.may_read_stream(
            snapshot.world(),
            client,
            event.stream_id.as_str(),
            crate::clock::today(),
        )
    };
    if !readable {
        return Answer::Dropped("the client may no longer read this event".into());
    }
    let body = serde_json::json!({
        "type": event.event_type,
        "timestamp": rfc3339(crate::projections::register::micros(&event)),
        "data": event.payload,
    });
    let body = serde_json::to_vec(&body).unwrap_or_default();
    let timestamp = now_micros() / 1_000_000;
    let Some(signature) = signature::sign(&secret, &delivery.id, timestamp, &body) else {
        return Answer::Dropped("the subscription's secret is unreadable".into());
    };
    let url = match target::parse(&url) {
        Ok(url) => url,
        Err(error) => return Answer::Dropped(error.to_string()),
    };
    let addresses = match target::resolve(&url, state.settings.webhooks_allow_private).await {
        Ok(addresses) => addresses,
        Err(error) => return failed(None, error.to_string()),
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(tls_config().as_ref().clone())
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .timeout(TIMEOUT)
        .user_agent(concat!("Mamori-Webhooks/", env!("CARGO_PKG_VERSION")))
        .resolve_to_addrs(&host, &addresses)
        .build();
    let client = match client {
        Ok(client) => client,
        Err(error) => return failed(None, error.to_string()),
    };
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await;
    match sent {
        Err(error) => failed(None, error.to_string()),
        Ok(response) => {
            let status = response.status().as_u16();
            match status {
                200..=299 => Answer::Delivered(status),
                410 => Answer::Gone,
                _ => Answer::Failed {
                    status: Some(status),
                    error: format!("answered {status}"),
                    retry_after: response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs),
                },
            }
        }
    }
}

fn failed(status: Option<u16>, error: String) -> Answer {
    Answer::Failed {
        status,
        error,
        retry_after: None,
    }
}

/// Makes ring the process's TLS provider (rustls's, which the HTTP client uses): the one lettre
/// already brings, so that no second one is built. Called once at start-up; again is harmless.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// TLS with rustls and Mozilla's roots, built in (nothing read from the host, nothing fetched).
pub(crate) fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
            Arc::new(config)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivery_has_one_id_however_often_derived() {
        let (s, e) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(delivery_id(s, e), delivery_id(s, e));
        assert_ne!(delivery_id(s, e), delivery_id(Uuid::from_u128(3), e));
        assert!(delivery_id(s, e).starts_with("msg_"));
    }

    #[test]
    fn retries_span_about_three_days() {
        let total: Duration = RETRIES.iter().sum();
        assert!(total > Duration::from_secs(70 * 3600) && total < Duration::from_secs(74 * 3600));
        for wait in RETRIES {
            let j = jittered(wait);
            assert!(j >= wait.mul_f64(0.9) && j <= wait.mul_f64(1.1));
        }
    }
}
