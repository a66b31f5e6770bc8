//! The `mamori` binary as an operator uses it: bad configuration stops it with one clear line.

use std::process::Command;

mod import;
mod policy;

fn mamori() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mamori"));
    command
        .env_remove("MAMORI_LISTEN")
        .env_remove("MAMORI_DATABASE_URL");
    command
}

fn stderr_of(command: &mut Command) -> (i32, String) {
    let output = command.output().expect("mamori runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).trim().to_owned(),
    )
}

#[test]
fn an_unparsable_listen_address_is_named_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = stderr_of(mamori().args([
        "serve",
        "--listen",
        "not-an-address",
        "--database-url",
        &format!("sqlite://{}", dir.path().join("m.db").display()),
    ]));
    assert_ne!(code, 0);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("MAMORI_LISTEN (--listen)"), "{stderr}");
    assert!(stderr.contains("not-an-address"), "{stderr}");
}

#[test]
fn an_unparsable_trusted_proxy_is_named_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = stderr_of(
        mamori()
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                &format!("sqlite://{}", dir.path().join("m.db").display()),
            ])
            .env("MAMORI_TRUSTED_PROXIES", "10.0.0.1, proxy.example"),
    );
    assert_ne!(code, 0);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("MAMORI_TRUSTED_PROXIES (--trusted-proxies)"),
        "{stderr}"
    );
    assert!(stderr.contains("proxy.example"), "{stderr}");
}

#[test]
fn an_unreachable_database_is_named_and_fails() {
    // Port 1 on loopback: nothing listens there.
    let (code, stderr) = stderr_of(mamori().args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--database-url",
        "postgres://mamori:secret@127.0.0.1:1/isms",
    ]));
    assert_ne!(code, 0);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("MAMORI_DATABASE_URL (--database-url)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("secret"),
        "the password is never shown: {stderr}"
    );
}

#[test]
fn an_unknown_database_scheme_is_named_and_fails() {
    let (code, stderr) = stderr_of(mamori().args(["migrate", "--database-url", "mysql://x/y"]));
    assert_ne!(code, 0);
    assert!(
        stderr.contains("not a sqlite:// or postgres:// URL"),
        "{stderr}"
    );
}

#[test]
fn every_setting_is_documented_with_its_environment_variable() {
    let output = mamori().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    // The README's configuration table names each setting; the server's --help must know it.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let documented: Vec<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split('`').next())
        .filter(|name| name.starts_with("MAMORI_") && *name != "MAMORI_TEST_PG_URL")
        .collect();
    assert!(documented.len() >= 10, "{documented:?}");
    for variable in documented {
        assert!(help.contains(variable), "--help lacks {variable}:\n{help}");
    }
}

#[test]
fn migrate_then_verify_an_empty_log() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let status = mamori()
        .args(["migrate", "--database-url", &url])
        .status()
        .unwrap();
    assert!(status.success());
    let output = mamori()
        .args(["verify", "--database-url", &url])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("ok, 0 events, head "), "{stdout}");
}

#[test]
fn the_log_key_is_made_once_readable_by_its_owner_only_and_its_verifier_key_printed() {
    use mamori::transparency::note::{Checkpoint, LogKey, VerifierKey};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.key");
    let print = || {
        let output = mamori()
            .args(["log-key", "--log-origin", "example.lg.jp/log", "--log-key"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        // The key is the last line (a first run also logs that it made the key).
        let stdout = String::from_utf8(output.stdout).unwrap();
        stdout.trim().lines().last().unwrap_or_default().to_owned()
    };
    let printed = print();
    assert_eq!(print(), printed, "made once, then read");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // What the server signs with this file verifies with the printed key.
    let key = LogKey::from_private_text(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let body = Checkpoint {
        origin: "example.lg.jp/log".into(),
        size: 1,
        root: [0; 32],
    }
    .body();
    let verifier = VerifierKey::parse(&printed).unwrap();
    assert_eq!(verifier.open(&key.sign(&body)).unwrap(), body);
    // Another origin is refused: the key signs under one name only.
    let refused = mamori()
        .args(["log-key", "--log-origin", "other.lg.jp/log", "--log-key"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!refused.status.success());
}
