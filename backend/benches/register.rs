//! How fast the asset register serves its pages (`cargo bench -p mamori --bench register`): a real
//! server on loopback with 10,000 assets, 16 keep-alive connections each fetching 100-row pages at
//! random offsets, as a staff member with grants and as a manager. Figures in `docs/benchmarks.md`.
//!
//! Sizes (environment variables): `MAMORI_BENCH_ASSETS` (10,000), `MAMORI_BENCH_SECONDS` per
//! scenario (10), `MAMORI_BENCH_CONNECTIONS` (16).
//!
//! The load generator runs in the same process as the server, on the same two cores: the figures
//! are what the server does while also generating its own load, a lower bound.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::join_all;
use mamori::authz::Authorizer;
use mamori::commands::execute;
use mamori::database::Database;
use mamori::domain::assets::{Asset, AssetCommand, Grant, GrantCommand};
use mamori::http::Settings;
use mamori::server::Server;
use mamori::store::Metadata;
use mamori_shared::assets::{AccessLevel, AssetKind, Classification, NetworkTier};
use sqlx::sqlite::SqliteConnectOptions;
use uuid::Uuid;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let assets = env("MAMORI_BENCH_ASSETS", 10_000);
    let seconds = env("MAMORI_BENCH_SECONDS", 10) as u64;
    let connections = env("MAMORI_BENCH_CONNECTIONS", 16);
    let dir = tempfile::tempdir().unwrap();
    let db =
        Database::connect_sqlite(SqliteConnectOptions::new().filename(dir.path().join("bench.db")))
            .await
            .unwrap();
    let server = Server::start_with(
        "127.0.0.1:0".parse().unwrap(),
        db,
        Authorizer::embedded().unwrap(),
        Settings::default(),
    )
    .await
    .unwrap();
    let address = server.local_addr();
    let state = server.state().clone();
    mamori::demo::seed(&state.store, &state.projections)
        .await
        .unwrap();
    let started = Instant::now();
    fill(&state, assets).await;
    eprintln!(
        "{assets} assets in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    tokio::spawn(server.run(std::future::pending()));
    if std::env::var_os("MAMORI_BENCH_SERVE").is_some() {
        // For an external load generator (wrk): print the address and the sign-ins, then serve.
        println!(
            "serving {assets} assets on http://{address} (password {})",
            mamori::demo::DEMO_PASSWORD
        );
        std::future::pending::<()>().await;
    }

    println!("| scenario | assets visible | pages/s | p50 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    for login in ["shokuin", "kanrisha"] {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(connections)
            .build()
            .unwrap();
        let signed = client
            .post(format!("http://{address}/api/v1/auth/sign-in"))
            .json(&serde_json::json!({"login": login, "password": mamori::demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        let cookie = signed.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let first: serde_json::Value = client
            .get(format!("http://{address}/api/v1/assets?limit=100"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let total = first["total"].as_u64().unwrap();
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let workers = (0..connections).map(|worker| {
            let client = client.clone();
            let cookie = cookie.clone();
            async move {
                let mut latencies = Vec::new();
                let mut seed = worker as u64 * 7919 + 1;
                while Instant::now() < deadline {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let pages = total.div_ceil(100).max(1);
                    let offset = (seed >> 33) % pages * 100;
                    let sent = Instant::now();
                    let response = client
                        .get(format!(
                            "http://{address}/api/v1/assets?limit=100&offset={offset}"
                        ))
                        .header("cookie", &cookie)
                        .send()
                        .await
                        .unwrap();
                    assert!(response.status().is_success());
                    let _ = response.bytes().await.unwrap();
                    latencies.push(sent.elapsed());
                }
                latencies
            }
        });
        let mut latencies: Vec<Duration> = join_all(workers).await.into_iter().flatten().collect();
        latencies.sort();
        let pick =
            |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
        println!(
            "| {login} | {total} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms |",
            latencies.len() as f64 / seconds as f64,
            pick(0.50).as_secs_f64() * 1e3,
            pick(0.99).as_secs_f64() * 1e3,
            latencies.last().unwrap().as_secs_f64() * 1e3,
        );
    }
}

/// `count` assets over every department, level and tier, and grants for the staff member.
async fn fill(state: &mamori::http::AppState, count: usize) {
    let (departments, scheme, staff) = {
        let snapshot = state.projections.snapshot();
        let departments: Vec<Uuid> = snapshot.directory.departments.keys().copied().collect();
        let staff = snapshot.directory.person_by_login("shokuin").unwrap().id;
        (departments, snapshot.register.scheme().clone(), staff)
    };
    let levels = ["3A", "3B", "3C", "2", "1"];
    let tiers = [NetworkTier::MyNumber, NetworkTier::Lgwan];
    let state = Arc::new(state.clone());
    let chunks: Vec<Vec<usize>> = (0..count)
        .collect::<Vec<_>>()
        .chunks(count.div_ceil(64).max(1))
        .map(<[usize]>::to_vec)
        .collect();
    let tasks = chunks.into_iter().map(|chunk| {
        let (state, departments, scheme) = (state.clone(), departments.clone(), scheme.clone());
        tokio::spawn(async move {
            let mut last = 0;
            for i in chunk {
                let id = Uuid::now_v7();
                let register = AssetCommand::Register {
                    asset_id: id,
                    name: format!("資産 {i:05}"),
                    kind: AssetKind::ALL[i % AssetKind::ALL.len()],
                    owner_department_id: departments[i % departments.len()],
                    custodian_id: None,
                    tier: Some(tiers[i % tiers.len()]),
                    location: "庁舎".into(),
                    description: String::new(),
                    details: Default::default(),
                };
                execute::<Asset>(&state.store, &id, None, register, Metadata::system())
                    .await
                    .unwrap();
                let classify = AssetCommand::Classify {
                    asset_id: id,
                    scheme: scheme.clone(),
                    classification: Classification {
                        confidentiality: levels[i % levels.len()].into(),
                        integrity: "1".into(),
                        availability: "1".into(),
                    },
                    reason: "bench".into(),
                };
                let done =
                    execute::<Asset>(&state.store, &id, Some(1), classify, Metadata::system())
                        .await
                        .unwrap();
                // Every 100th top-secret asset is granted to the staff member.
                if i % 500 == 0 {
                    let grant_id = Uuid::now_v7();
                    let request = GrantCommand::Request {
                        grant_id,
                        asset_id: id,
                        person_id: staff,
                        access: AccessLevel::View,
                        reason: "bench".into(),
                        until: mamori::clock::today(),
                        today: mamori::clock::today(),
                    };
                    execute::<Grant>(&state.store, &grant_id, None, request, Metadata::system())
                        .await
                        .unwrap();
                    let approve = GrantCommand::Approve {
                        grant_id,
                        by: Uuid::nil(),
                        reason: String::new(),
                    };
                    execute::<Grant>(
                        &state.store,
                        &grant_id,
                        Some(1),
                        approve,
                        Metadata::system(),
                    )
                    .await
                    .unwrap();
                }
                last = done.appended.map_or(last, |a| a.last_position);
            }
            last
        })
    });
    let last = join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .max()
        .unwrap_or(0);
    state
        .projections
        .wait_for(state.store.head().max(last))
        .await
        .unwrap();
}
