//! An anonymous sign-in flood (`cargo bench -p mamori --bench sign_in_flood`): a real server on
//! loopback with the demo organisation, 8 keep-alive connections sending wrong passwords for a fresh
//! random login each time, for 10 s. Prints the answers by status, the events appended to the
//! security log (the last period's summary included: the server is stopped gracefully), the
//! server's memory growth, and whether a legitimate sign-in from another address succeeded during
//! the flood. Then fills a sign-in throttle to its cap with the longest keys it accepts and prints
//! what that costs. Figures in `docs/benchmarks.md`.
//!
//! Sizes (environment variables): `MAMORI_BENCH_SECONDS` (10), `MAMORI_BENCH_CONNECTIONS` (8).
//!
//! Server and load generator share one process (and the two cores): memory is this process's
//! VmRSS, so it includes the client's, an upper bound of the server's.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use futures::future::join_all;
use futures::TryStreamExt;
use mamori::auth::rate_limit::{Limits, SignInThrottle};
use mamori::authz::Authorizer;
use mamori::database::Database;
use mamori::http::Settings;
use mamori::server::Server;
use mamori::store::{EventStore, StreamId};
use sqlx::sqlite::SqliteConnectOptions;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// This process's resident memory, in KiB (`VmRSS` of /proc/self/status).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

async fn security_log_length(store: &EventStore) -> usize {
    let stream = StreamId::parse("security-log").unwrap();
    let events: Vec<_> = store.read_stream(&stream, 0).try_collect().await.unwrap();
    events.len()
}

#[tokio::main]
async fn main() {
    if std::env::var("MAMORI_BENCH_PHASE").as_deref() == Ok("throttle") {
        fill_a_throttle();
        return;
    }
    let seconds = env("MAMORI_BENCH_SECONDS", 10) as u64;
    let connections = env("MAMORI_BENCH_CONNECTIONS", 8);
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
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let url = format!("http://{address}/api/v1/auth/sign-in");

    let log_before = security_log_length(&state.store).await;
    let rss_before = rss_kib();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let peak = tokio::spawn(async move {
        let (mut peak, mut each_second) = (0, Vec::new());
        let mut tick = 0;
        while Instant::now() < deadline {
            let rss = rss_kib();
            peak = peak.max(rss);
            if tick % 10 == 0 {
                each_second.push(rss);
            }
            tick += 1;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (peak, each_second)
    });

    // A person signing in half-way through, from another address (127.0.0.2, still loopback).
    let legitimate = {
        let url = url.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(seconds) / 2).await;
            let client = reqwest::Client::builder()
                .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
                .build()
                .unwrap();
            let sent = Instant::now();
            let response = client
                .post(&url)
                .json(&serde_json::json!({"login": "kaikei", "password": mamori::demo::DEMO_PASSWORD}))
                .send()
                .await
                .unwrap();
            (response.status(), sent.elapsed())
        })
    };

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .unwrap();
    let flood = (0..connections).map(|_| {
        let client = client.clone();
        let url = url.clone();
        async move {
            let mut answers: BTreeMap<u16, u64> = BTreeMap::new();
            while Instant::now() < deadline {
                let login = format!("x{}", uuid::Uuid::new_v4().simple());
                let status = match client
                    .post(&url)
                    .json(&serde_json::json!({"login": login, "password": "wrong-password"}))
                    .send()
                    .await
                {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                *answers.entry(status).or_default() += 1;
            }
            answers
        }
    });
    let mut answers: BTreeMap<u16, u64> = BTreeMap::new();
    for worker in join_all(flood).await {
        for (status, count) in worker {
            *answers.entry(status).or_default() += count;
        }
    }
    let rss_after = rss_kib();
    let (rss_peak, each_second) = peak.await.unwrap();
    let rss_peak = rss_peak.max(rss_after);
    let (legitimate_status, legitimate_latency) = legitimate.await.unwrap();
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
    let appended = security_log_length(&state.store).await - log_before;

    let total: u64 = answers.values().sum();
    println!("## Anonymous sign-in flood ({seconds} s, {connections} connections, fresh logins)");
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| requests | {total} ({:.0}/s) |",
        total as f64 / seconds as f64
    );
    for (status, count) in &answers {
        println!("| answered {status} | {count} |");
    }
    println!("| events appended to security-log (summary at shutdown included) | {appended} |");
    println!(
        "| memory (VmRSS) before → peak → after | {:.1} → {:.1} → {:.1} MB |",
        rss_before as f64 / 1024.0,
        rss_peak as f64 / 1024.0,
        rss_after as f64 / 1024.0
    );
    let series: Vec<_> = each_second
        .iter()
        .map(|kib| format!("{:.0}", *kib as f64 / 1024.0))
        .collect();
    println!("| memory each second (MB) | {} |", series.join(" "));
    println!(
        "| memory growth (peak − before) | {:.1} MB |",
        (rss_peak.saturating_sub(rss_before)) as f64 / 1024.0
    );
    println!(
        "| legitimate sign-in (kaikei, from 127.0.0.2) during the flood | {legitimate_status} in {} ms |",
        legitimate_latency.as_millis()
    );
    println!(
        "| throttle entries after the flood | {} |",
        state.throttle.len()
    );
    drop(state);

    // In a fresh process, so that memory the flood freed does not hide what the table takes.
    let table = std::process::Command::new(std::env::current_exe().unwrap())
        .env("MAMORI_BENCH_PHASE", "throttle")
        .output()
        .unwrap();
    println!();
    print!("{}", String::from_utf8_lossy(&table.stdout));
}

/// The throttle at its cap, filled with the longest keys it accepts (64 four-byte characters) and
/// every account at its limit of attempts.
fn fill_a_throttle() {
    let limits = Limits::default();
    let throttle = SignInThrottle::new(limits);
    let long = "𠀋".repeat(56);
    let now = Instant::now();
    let before = rss_kib();
    let started = Instant::now();
    let mut reserved = 0u64;
    for i in 0..(limits.max_keys as u64 * 6 / 5) {
        let login = format!("{long}{i:08}");
        for j in 0..limits.per_account as u64 {
            let n = (i * limits.per_account as u64 + j) / limits.per_address as u64;
            let address = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
            reserved += u64::from(throttle.reserve(&login, &address, now).is_ok());
        }
    }
    let after = rss_kib();
    println!(
        "Throttle at its cap (fresh process): {reserved} reservations in {:.1} s, {} entries (cap {}), {:.1} MB",
        started.elapsed().as_secs_f64(),
        throttle.len(),
        limits.max_keys,
        after.saturating_sub(before) as f64 / 1024.0
    );
}
