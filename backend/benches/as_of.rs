//! As-of views at size: how long the register takes to answer `?as_of=` at points of a long log.
//!
//! `cargo bench -p mamori --bench as_of` builds, on each database of `MAMORI_BENCH_DATABASES`
//! (default `sqlite,postgres`), the demo organisation and a log of `MAMORI_BENCH_EVENTS` events
//! (default 1,000,000): a register of 5,000 assets, each registered and classified, then security-log
//! entries with 50 reclassifications in every 5,000 events, so that every past state differs. It
//! then measures:
//!
//! - the history: writing a snapshot at every 10,000th position, folding the log once (what a
//!   server does in the background after an upgrade, or on a log imported whole);
//! - the answer time of `GET /api/v1/assets?as_of=<position>` over real HTTP, signed in as the CISO
//!   (who sees every asset: the page is decided by Cedar over the whole past register), at several
//!   points, each one not cached — among them the worst case, a position just before a stride, which
//!   folds 9,999 events on top of a snapshot — and once by a date-time.
//!
//! Results and the machine they were taken on are recorded in `docs/benchmarks.md`.

mod support;

use std::time::{Duration, Instant};

use mamori::authz::Authorizer;
use mamori::codec;
use mamori::demo;
use mamori::http::Settings;
use mamori::projections::history::{self, STRIDE};
use mamori::projections::Projections;
use mamori::server::Server;
use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, ExpectedVersion, Limits, Metadata, NewEvent, Source, StreamId};
use mamori_shared::assets::{AssetKind, Classification, NetworkTier};
use mamori_shared::events::assets::{AssetClassified, AssetEvent, AssetRegistered};
use mamori_shared::events::security::{SignInAttempted, SignInOutcome, SIGN_IN_ATTEMPTED};
use support::{fresh, Reopen};
use uuid::Uuid;

const ASSETS: usize = 5_000;
const LEVELS: [&str; 4] = ["3A", "3B", "2", "1"];

fn main() {
    let events = support::events();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    for name in support::databases() {
        runtime.block_on(async {
            let (db, reopen, _keep) = fresh(&name).await;
            measure(&name, db, &reopen, events).await;
        });
    }
}

async fn measure(name: &str, db: mamori::database::Database, reopen: &Reopen, events: u64) {
    let limits = Limits {
        max_batch_events: 5_000,
        ..Limits::default()
    };
    let store = EventStore::open_with_limits(db, Upcasters::registry(), limits)
        .await
        .expect("open the store");
    let loading = Instant::now();
    {
        let projections = Projections::start(&store);
        demo::seed(&store, &projections).await.expect("the demo");
    }
    load(&store, events).await;
    eprintln!(
        "{name}: loaded {} events in {:.1} s",
        store.head(),
        loading.elapsed().as_secs_f64()
    );

    let recording = Instant::now();
    let written = history::record(&store).await.expect("the history");
    let recorded = recording.elapsed();
    drop(store);

    let server = Server::start_with(
        "127.0.0.1:0".parse().unwrap(),
        reopen.connect().await,
        Authorizer::embedded().expect("policies"),
        Settings::default(),
    )
    .await
    .expect("the server starts");
    let address = server.local_addr();
    let state = server.state().clone();
    tokio::spawn(server.run(std::future::pending()));
    state.projections.catch_up().await.expect("ready");
    let head = state.store.head();

    let client = reqwest::Client::new();
    let base = format!("http://{address}/api/v1");
    let signed_in = client
        .post(format!("{base}/auth/sign-in"))
        .json(&serde_json::json!({"login": "ciso", "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let answer = |as_of: String| {
        let request = client
            .get(format!("{base}/assets?limit=50&as_of={as_of}"))
            .header("cookie", cookie.clone());
        async move {
            let start = Instant::now();
            let response = request.send().await.expect("an answer");
            assert!(response.status().is_success(), "{}", response.status());
            let position: u64 = response.headers()["mamori-as-of"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let page: serde_json::Value = response.json().await.unwrap();
            (start.elapsed(), position, page["total"].as_u64().unwrap())
        }
    };

    // A first start on a long log catches up the Merkle tree's stored subtrees in the background
    // before it signs a checkpoint of the head: measured after, not during, that one-off work.
    let settling = Instant::now();
    loop {
        let checkpoint = client
            .get(format!("{base}/log/checkpoint"))
            .header("cookie", cookie.clone())
            .send()
            .await
            .expect("the checkpoint");
        let text = checkpoint.text().await.unwrap_or_default();
        let size: u64 = text
            .lines()
            .nth(1)
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        if size >= head {
            break;
        }
        assert!(
            settling.elapsed() < Duration::from_secs(600),
            "no checkpoint of the head"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    eprintln!(
        "{name}: the first checkpoint of the head signed after {:.1} s",
        settling.elapsed().as_secs_f64()
    );

    let middle_stride = head / 2 / STRIDE * STRIDE;
    let points = [
        ("10 %", head / 10),
        ("50 %", head / 2),
        ("90 %", head * 9 / 10),
        (
            "just before a stride (9,999 events folded)",
            middle_stride + STRIDE - 1,
        ),
        ("on a stride (only the snapshot)", middle_stride - STRIDE),
        ("the head", head),
    ];
    println!(
        "{name}: {head} events | history: {written} snapshots written in {:.1} s",
        recorded.as_secs_f64()
    );
    let mut worst = Duration::ZERO;
    // What folding alone takes (snapshot read and decoded, events folded on top), without HTTP,
    // sessions and Cedar's decisions over the register.
    for (label, position) in [points[3], points[4]] {
        let start = Instant::now();
        history::History::new(state.store.clone())
            .at(position)
            .await
            .expect("a past state");
        println!(
            "{name}: the past state alone at {position} ({label}): {:.0} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    for (label, position) in points {
        let (took, answered, total) = answer(position.to_string()).await;
        assert_eq!(answered, position);
        worst = worst.max(took);
        println!(
            "{name}: as_of={position} ({label}): {:.0} ms, {total} assets",
            took.as_secs_f64() * 1e3
        );
    }
    // A date-time: the moment of the event at a third of the log.
    let third = head / 3;
    let micros = state.store.recorded_at(third).await.unwrap().unwrap();
    let moment = mamori::clock::rfc3339(micros);
    let (took, answered, _) = answer(moment.replace('+', "%2B")).await;
    worst = worst.max(took);
    println!(
        "{name}: as_of={moment} (a date-time, position {answered}): {:.0} ms",
        took.as_secs_f64() * 1e3
    );
    println!(
        "{name}: slowest as-of answer {:.0} ms",
        worst.as_secs_f64() * 1e3
    );
}

fn metadata() -> Metadata {
    Metadata::system().with_source(Source::Web)
}

fn classified(asset_id: Uuid, level: &str, n: usize) -> NewEvent {
    codec::encode(
        &AssetEvent::AssetClassified(AssetClassified {
            asset_id,
            scheme_id: "guideline-2024".into(),
            classification: Classification {
                confidentiality: level.into(),
                integrity: "2".into(),
                availability: "1".into(),
            },
            reason: format!("見直し {n}"),
        }),
        metadata(),
    )
}

/// The register, then security-log entries with 50 reclassifications in every 5,000 events
/// (appends of 5,000 events: larger ones are slower on PostgreSQL, see `docs/benchmarks.md`).
async fn load(store: &EventStore, events: u64) {
    let department = Uuid::now_v7();
    let mut assets = Vec::with_capacity(ASSETS);
    let mut register = Vec::with_capacity(ASSETS);
    for n in 0..ASSETS {
        let asset_id = Uuid::now_v7();
        let stream = StreamId::parse(format!("asset-{asset_id}")).expect("stream");
        let registered = codec::encode(
            &AssetEvent::AssetRegistered(AssetRegistered {
                asset_id,
                name: format!("情報資産 {n}"),
                kind: AssetKind::InformationSystem,
                owner_department_id: department,
                custodian_id: None,
                tier: Some(NetworkTier::Lgwan),
                location: "本庁舎".into(),
                description: String::new(),
                details: Default::default(),
            }),
            metadata(),
        );
        register.push((
            stream.clone(),
            ExpectedVersion::NoStream,
            vec![registered, classified(asset_id, LEVELS[n % 4], n)],
        ));
        assets.push((asset_id, stream));
    }
    for chunk in register.chunks(1_000) {
        store
            .append_all(chunk.to_vec())
            .await
            .expect("the register");
    }
    let security = StreamId::parse("security-log").expect("stream");
    let mut round = 0;
    while store.head() < events {
        let left = (events - store.head()) as usize;
        let mut parts: Vec<_> = (0..50.min(left))
            .map(|i| {
                let n = round * 50 + i;
                let (asset_id, stream) = &assets[n % ASSETS];
                (
                    stream.clone(),
                    ExpectedVersion::Any,
                    vec![classified(*asset_id, LEVELS[(n / ASSETS + n) % 4], n)],
                )
            })
            .collect();
        let attempts: Vec<NewEvent> = (0..4_950.min(left.saturating_sub(50)))
            .map(|n| {
                let event = SignInAttempted {
                    login: format!("guess{round}-{n}"),
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
        if !attempts.is_empty() {
            parts.push((security.clone(), ExpectedVersion::Any, attempts));
        }
        store.append_all(parts).await.expect("append");
        round += 1;
    }
}
