//! Start-up at size: how long a server takes to be ready on a long log, with and without a
//! snapshot of its read models, and the rate of a cold replay into every projection.
//!
//! `cargo bench -p mamori --bench startup` builds a log of `MAMORI_BENCH_EVENTS` events (default
//! 1,000,000) on each database of `MAMORI_BENCH_DATABASES` (default `sqlite,postgres`): mostly
//! security-log entries (what a sign-in flood leaves), and a register of 5,000 assets, each
//! registered and classified. It then measures, on a fresh connection each time:
//!
//! - the cold rebuild: every read model folded from position 0 by the one subscription, until
//!   caught up (`Projections::catch_up`), in events per second;
//! - start-up with a snapshot: `server::open_store` (migrate, open, load and check the newest
//!   snapshot) plus catching up with the events after it, in seconds.
//!
//! Results and the machine they were taken on are recorded in `docs/benchmarks.md`.

use std::time::{Duration, Instant};

use mamori::codec;
use mamori::database::Database;
use mamori::projections::{snapshot, Projections};
use mamori::server;
use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, ExpectedVersion, Limits, Metadata, NewEvent, Source, StreamId};
use mamori_shared::assets::{AssetKind, Classification, NetworkTier};
use mamori_shared::events::assets::{AssetClassified, AssetEvent, AssetRegistered};
use mamori_shared::events::security::{SignInAttempted, SignInOutcome, SIGN_IN_ATTEMPTED};
use uuid::Uuid;

mod support;

use support::{fresh, Reopen};

const ASSETS: usize = 5_000;
/// Events after the snapshot: what a restart replays on top of it.
const TAIL: usize = 10_000;

fn main() {
    let events = support::events() as usize;
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    for name in support::databases() {
        runtime.block_on(async {
            let (db, reopen, _keep) = fresh(&name).await;
            let figures = measure(&db, &reopen, events).await;
            println!(
                "{name}: {events} events | cold rebuild {:.0} events/s ({:.1} s) | ready with a snapshot {:.2} s (snapshot {:.1} MB, written in {:.2} s, {TAIL} events after it)",
                figures.cold_rate,
                figures.cold.as_secs_f64(),
                figures.with_snapshot.as_secs_f64(),
                figures.snapshot_bytes as f64 / 1e6,
                figures.snapshot_write.as_secs_f64(),
            );
        });
    }
}

struct Figures {
    cold: Duration,
    cold_rate: f64,
    with_snapshot: Duration,
    snapshot_bytes: usize,
    snapshot_write: Duration,
}

async fn measure(db: &Database, reopen: &Reopen, events: usize) -> Figures {
    let limits = Limits {
        max_batch_events: 5_000,
        ..Limits::default()
    };
    let store = EventStore::open_with_limits(db.clone(), Upcasters::registry(), limits)
        .await
        .expect("open the store");
    let loading = Instant::now();
    load(&store, events - TAIL).await;
    eprintln!(
        "loaded {} events in {:.1} s",
        events - TAIL,
        loading.elapsed().as_secs_f64()
    );

    // The snapshot a running server would have written, then more events after it.
    let projections = Projections::start(&store);
    projections.catch_up().await.expect("catch up");
    let writing = Instant::now();
    snapshot::save(&store, &projections)
        .await
        .expect("write a snapshot");
    let snapshot_write = writing.elapsed();
    let snapshot_bytes = serde_json::to_vec(&*projections.read())
        .expect("encode")
        .len();
    security_events(&store, TAIL).await;
    drop(projections);

    // A cold rebuild, as without any snapshot, on a connection of its own.
    let cold_store = EventStore::open(reopen.connect().await, Upcasters::registry())
        .await
        .expect("open");
    let start = Instant::now();
    let cold_projections = Projections::start(&cold_store);
    cold_projections.catch_up().await.expect("cold rebuild");
    let cold = start.elapsed();
    assert_eq!(cold_projections.position(), events as u64);
    drop(cold_projections);

    // What a restarted server does: open, load and check the snapshot, replay the tail.
    let start = Instant::now();
    let (_, restarted) = server::open_store(reopen.connect().await)
        .await
        .expect("open with the snapshot");
    restarted.catch_up().await.expect("catch up the tail");
    let with_snapshot = start.elapsed();
    assert_eq!(restarted.position(), events as u64);
    assert_eq!(
        restarted.start_position(),
        (events - TAIL) as u64,
        "started from the snapshot"
    );

    Figures {
        cold,
        cold_rate: events as f64 / cold.as_secs_f64(),
        with_snapshot,
        snapshot_bytes,
        snapshot_write,
    }
}

fn metadata() -> Metadata {
    Metadata::system().with_source(Source::Web)
}

/// The register (each asset registered and classified), then security-log entries up to `events`.
async fn load(store: &EventStore, events: usize) {
    let department = Uuid::now_v7();
    let mut register = Vec::with_capacity(ASSETS * 2);
    for n in 0..ASSETS {
        let asset_id = Uuid::now_v7();
        let registered = AssetEvent::AssetRegistered(AssetRegistered {
            asset_id,
            name: format!("情報資産 {n}"),
            kind: AssetKind::InformationSystem,
            owner_department_id: department,
            custodian_id: None,
            tier: Some(NetworkTier::Lgwan),
            location: "本庁舎".into(),
            description: String::new(),
            details: Default::default(),
        });
        let classified = AssetEvent::AssetClassified(AssetClassified {
            asset_id,
            scheme_id: "guideline-2024".into(),
            classification: Classification {
                confidentiality: ["3A", "3B", "2", "1"][n % 4].into(),
                integrity: "2".into(),
                availability: "1".into(),
            },
            reason: "台帳整備".into(),
        });
        let stream = StreamId::parse(format!("asset-{asset_id}")).expect("stream");
        let batch = [registered, classified]
            .iter()
            .map(|e| codec::encode(e, metadata()))
            .collect();
        let store = store.clone();
        register.push(async move {
            store
                .append(&stream, ExpectedVersion::NoStream, batch)
                .await
        });
    }
    for appended in futures::future::join_all(register).await {
        appended.expect("register an asset");
    }
    security_events(store, events.saturating_sub(ASSETS * 2)).await;
}

async fn security_events(store: &EventStore, count: usize) {
    let stream = StreamId::parse("security-log").expect("stream");
    let mut written = 0;
    while written < count {
        let batch: Vec<NewEvent> = (0..5_000.min(count - written))
            .map(|n| {
                let event = SignInAttempted {
                    login: format!("guess{}", written + n),
                    person_id: None,
                    address: "192.0.2.1".into(),
                    outcome: SignInOutcome::Refused,
                };
                NewEvent::new(
                    SIGN_IN_ATTEMPTED,
                    1,
                    serde_json::to_value(event).expect("serialise"),
                    metadata(),
                )
            })
            .collect();
        written += batch.len();
        store
            .append(&stream, ExpectedVersion::Any, batch)
            .await
            .expect("append security events");
    }
}
