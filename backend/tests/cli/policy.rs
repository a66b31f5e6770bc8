//! `mamori policy import`: an existing policy document brought in from the command line as a first
//! draft, decided by the same policies as on the screen.

use std::process::Output;

use super::import::events;
use super::mamori;

/// How many events the log holds ("92 events").
fn count(url: &str) -> u64 {
    events(url)
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap()
}

fn import(url: &str, file: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = mamori()
        .args(["policy", "import", "--database-url", url])
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn a_document_is_imported_as_a_first_draft_by_whom_the_policies_permit() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    assert!(mamori()
        .args(["seed-demo", "--database-url", &url])
        .output()
        .unwrap()
        .status
        .success());
    let seeded = count(&url);
    let file = dir.path().join("持出し手順.md");
    std::fs::write(
        &file,
        "# 情報資産持出し手順\n\n## 1. 目的\n\n持出しの手続を定める。\n",
    )
    .unwrap();

    let (code, _, stderr) = import(&url, &file, &["--kind", "procedure", "--as", "shokuin"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("may not create policy documents"),
        "{stderr}"
    );
    let (code, _, stderr) = import(&url, &file, &["--kind", "memo", "--as", "tokatsu"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("none of basic_policy, standards"),
        "{stderr}"
    );
    let untitled = dir.path().join("untitled.md");
    std::fs::write(&untitled, "見出しのない本文\n").unwrap();
    let (code, _, stderr) = import(&url, &untitled, &["--kind", "procedure", "--as", "tokatsu"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("--title"), "{stderr}");
    assert_eq!(count(&url), seeded, "nothing written");

    let (code, stdout, stderr) = import(&url, &file, &["--kind", "procedure", "--as", "tokatsu"]);
    assert_eq!(code, Some(0), "{stderr}");
    let hash = stdout
        .lines()
        .find_map(|line| line.strip_prefix("content hash "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(
        stdout.lines().any(|l| l.starts_with("document ")),
        "{stdout}"
    );
    // The document, its revision opened, its draft.
    assert_eq!(count(&url), seeded + 3);
}
