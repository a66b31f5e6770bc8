//! `mamori verify --database-url URL`: "ok, N events, head H" and exit 0, or the first break and exit 3.

use mamori::store::ExpectedVersion;

use crate::helpers::{numbered, stream, TestDb};

both!(verify_command_reports_intact_and_broken_chains);

async fn verify(db: &TestDb) -> (i32, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_mamori"))
        .args(["verify", "--database-url", &db.url(), "--log", "error"])
        .output()
        .await
        .expect("run mamori verify");
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (
        output
            .status
            .code()
            .unwrap_or_else(|| panic!("killed: {stderr}")),
        stdout,
    )
}

async fn verify_command_reports_intact_and_broken_chains(db: &TestDb) {
    let store = db.store().await;
    store
        .append(&stream("s"), ExpectedVersion::Any, numbered(5))
        .await
        .expect("append");
    let (code, stdout) = verify(db).await;
    assert_eq!(code, 0, "{stdout}");
    let head = store.verify().await.expect("verify").to_string();
    assert_eq!(stdout, head);
    assert!(stdout.starts_with("ok, 5 events, head "), "{stdout}");

    db.remove_append_only_guards().await;
    db.execute("UPDATE events SET payload = '{\"n\":42}' WHERE position = 2")
        .await
        .expect("tamper");
    let (code, stdout) = verify(db).await;
    assert_eq!(code, 3, "a broken chain exits 3: {stdout}");
    assert!(
        stdout.starts_with("chain broken at position 2: changed"),
        "{stdout}"
    );
}
