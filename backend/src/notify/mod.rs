//! Mail notices (issue: "nobody is told anything"): an outbox driven by the log. A background task
//! reads the log after its cursor, asks each area whom an event gives something to do
//! ([`crate::tasks::notices`]), and records those notices and the new cursor in one transaction;
//! it then mails what is waiting and marks each sent. So a restart between an event's commit and
//! its mail sends that mail once: the notice was recorded once (or is derived again from the log,
//! under the same key), and is sent until the mail server has taken it.
//!
//! Only with `MAMORI_SMTP_URL`; in the app, people are always told (`/me/tasks`).

mod mail;
pub mod outbox;

use std::time::Duration;

use futures::TryStreamExt;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use thiserror::Error;
use uuid::Uuid;

use crate::clock::{now_micros, today};
use crate::domain::format_date;
use crate::http::AppState;
use crate::tasks;

/// Where and how mail is sent.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://host:465`.
    pub smtp_url: String,
    /// The sender, e.g. `Mamori <mamori@example.lg.jp>`.
    pub from: Mailbox,
    /// Mamori's address as people open it, for the links in mails.
    pub public_url: String,
}

#[derive(Debug, Error)]
pub enum MailError {
    #[error("MAMORI_SMTP_URL: {0}")]
    Url(#[from] lettre::transport::smtp::Error),
    #[error("MAMORI_MAIL_FROM {0:?} is not an address such as 'Mamori <mamori@example.lg.jp>'")]
    From(String),
}

impl MailSettings {
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Self, MailError> {
        // Checked now, so that a wrong setting stops the start, not the first mail.
        AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)?;
        Ok(Self {
            smtp_url: smtp_url.to_owned(),
            from: from.parse().map_err(|_| MailError::From(from.to_owned()))?,
            public_url: public_url.to_owned(),
        })
    }
}

/// How many events are read for notices at a time, and mails tried at a time.
const BATCH: u64 = 1_000;
const SEND_BATCH: i64 = 50;
/// How often the outbox looks for work when nothing wakes it.
const TICK: Duration = Duration::from_secs(2);
/// Retries: 30 s, doubling, at most an hour apart, for about two days.
const FIRST_RETRY_SECS: i64 = 30;
const LONGEST_RETRY_SECS: i64 = 3_600;
const ATTEMPTS: i32 = 60;

/// Derives and sends notices for as long as the server runs (returns at once without mail).
pub async fn keep_mailing(state: AppState) {
    let Some(settings) = state.settings.mail.clone() else {
        return;
    };
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url) {
        Ok(builder) => builder.timeout(Some(Duration::from_secs(30))).build(),
        Err(error) => {
            tracing::error!(%error, "MAMORI_SMTP_URL: no mail will be sent");
            return;
        }
    };
    if let Err(error) = outbox::retry_all(state.store.database(), now_micros()).await {
        tracing::error!(%error, "cannot open the mail outbox");
        return;
    }
    let mut head = state.store.watch_head();
    loop {
        if let Err(error) = derive(&state).await {
            tracing::warn!(%error, "cannot derive mail notices; trying again");
        }
        if let Err(error) = send_due(&state, &transport, &settings).await {
            tracing::warn!(%error, "cannot read the mail outbox; trying again");
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = head.changed() => {}
        }
    }
}

/// Before serving, with mail configured: the first such start reads the log from its head on
/// (history is not mailed), every later one from where the last stopped.
pub async fn prepare(store: &crate::store::EventStore) -> Result<(), sqlx::Error> {
    let db = store.database();
    if outbox::cursor(db).await?.is_none() {
        outbox::enqueue(db, &[], store.head(), &format_date(today()), now_micros()).await?;
    }
    Ok(())
}

#[derive(Debug, Error)]
enum DeriveError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Reads the log after the cursor, up to what the read models show, for notices; and the calendar's
/// once a day.
async fn derive(state: &AppState) -> Result<(), DeriveError> {
    let db = state.store.database();
    let Some((cursor, calendar_day)) = outbox::cursor(db).await? else {
        return Ok(());
    };
    let day = today();
    let shown = state.projections.position();
    let until = shown.min(cursor + BATCH);
    let new_day = calendar_day != format_date(day);
    if until <= cursor && !new_day {
        return Ok(());
    }
    let events: Vec<_> = if until > cursor {
        state.store.read_until(cursor, until).try_collect().await?
    } else {
        Vec::new()
    };
    let notices: Vec<(tasks::Notice, u64)> = {
        let snapshot = state.projections.snapshot();
        let world = snapshot.world();
        let mut notices: Vec<_> = events
            .iter()
            .flat_map(|event| {
                tasks::notices(event, &state.authz, world, day)
                    .into_iter()
                    .map(|notice| (notice, event.position))
            })
            .collect();
        if new_day {
            notices.extend(tasks::due(world, day).into_iter().map(|n| (n, 0)));
        }
        notices
    };
    let added = outbox::enqueue(
        db,
        &notices,
        until.max(cursor),
        &format_date(day),
        now_micros(),
    )
    .await?;
    if added > 0 {
        tracing::info!(added, "mail notices waiting");
    }
    Ok(())
}

/// Mails what is due, marking each sent (or why not) as soon as the mail server answers.
async fn send_due(
    state: &AppState,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &MailSettings,
) -> Result<(), sqlx::Error> {
    let db = state.store.database();
    let now = now_micros();
    for waiting in outbox::due(db, now, SEND_BATCH).await? {
        let key = waiting.notice_key.as_str();
        let Some(kind) = tasks::kind(&waiting.kind) else {
            outbox::settle(db, key, "unknown kind", now).await?;
            continue;
        };
        let person = Uuid::parse_str(&waiting.person_id).ok();
        let address = person.and_then(|id| {
            let directory = state.projections.directory.read();
            directory
                .people
                .get(&id)
                .map(|p| (p.active, p.name.clone(), p.email.clone()))
        });
        let to = match address {
            None | Some((false, _, _)) => {
                outbox::settle(db, key, "inactive", now).await?;
                continue;
            }
            Some((true, _, None)) => {
                outbox::settle(db, key, "no_address", now).await?;
                continue;
            }
            Some((true, name, Some(email))) => match email.parse() {
                Ok(address) => Mailbox::new(Some(name), address),
                Err(_) => {
                    outbox::settle(db, key, "no_address", now).await?;
                    continue;
                }
            },
        };
        if let Some(person) = person {
            if !outbox::wants_mail(db, person).await? {
                outbox::settle(db, key, "opted_out", now).await?;
                continue;
            }
        }
        let message = match mail::compose(&settings.from, to, kind, key, &settings.public_url) {
            Ok(message) => message,
            Err(error) => {
                outbox::settle(db, key, &format!("cannot compose: {error}"), now).await?;
                continue;
            }
        };
        match transport.send(message).await {
            Ok(_) => outbox::settle(db, key, "sent", now_micros()).await?,
            Err(error) if error.is_permanent() => {
                tracing::warn!(%error, kind = %waiting.kind, "the mail server refused a notice");
                outbox::settle(db, key, &format!("refused: {error}"), now_micros()).await?
            }
            Err(error) if waiting.attempts + 1 >= ATTEMPTS => {
                tracing::warn!(%error, "a notice could not be mailed for two days; given up");
                outbox::settle(db, key, "gave_up", now_micros()).await?
            }
            Err(error) => {
                let wait =
                    (FIRST_RETRY_SECS << waiting.attempts.clamp(0, 20)).min(LONGEST_RETRY_SECS);
                tracing::debug!(%error, wait, "the mail server did not take a notice; later");
                let next = now_micros() + wait * 1_000_000;
                outbox::postpone(db, key, next, &format!("retrying: {error}")).await?;
                // The server is not answering: the rest can wait for the next round.
                break;
            }
        }
    }
    Ok(())
}
