//! `mamori import assets`: the register's import from the command line.

use std::process::Output;

use super::mamori;

/// How many events the log at `url` holds, as `mamori verify` counts them.
pub(super) fn events(url: &str) -> String {
    let output = mamori()
        .args(["verify", "--database-url", url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // "ok, N events, head ..."
    String::from_utf8_lossy(&output.stdout)
        .split(',')
        .nth(1)
        .unwrap()
        .trim()
        .to_owned()
}

fn import(url: &str, file: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = mamori()
        .args(["import", "assets", "--database-url", url])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn a_register_is_imported_as_its_importer_only_when_it_has_no_problem() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    assert!(mamori()
        .args(["seed-demo", "--database-url", &url])
        .output()
        .unwrap()
        .status
        .success());
    let seeded = events(&url);
    let file = dir.path().join("台帳.csv");
    let write = |rows: &str| {
        // As Excel saves CSV on Japanese Windows: Shift_JIS, no byte-order mark.
        let text = format!("情報資産台帳\r\n資産名,種別,主管課,格付,ネットワーク,備考\r\n{rows}");
        std::fs::write(&file, encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    };
    write(
        "税務システム,情報システム,総務課,3B/2/2,LGWAN接続系,課税\r\n\
         広報誌,紙媒体,企画課,1/1/1,なし,毎月\r\n\
         会議録,情報,総務部,2/2/2,LGWAN接続系,\r\n",
    );

    // Staff do not import (Cedar), whatever the file.
    let (code, _, stderr) = import(&url, &file, &["--as", "shokuin"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("may not import"), "{stderr}");

    // One unknown department: the problem is printed, nothing written, exit 3.
    let (code, stdout, _) = import(&url, &file, &["--as", "tokatsu"]);
    assert_eq!(code, Some(3), "{stdout}");
    assert!(stdout.contains("row 5 (department)"), "{stdout}");
    assert!(
        stdout.contains("「総務部」という部署はありません"),
        "{stdout}"
    );
    assert_eq!(events(&url), seeded);

    // Fixed, a dry run writes nothing; 備考 mapped to the description by --mapping.
    write(
        "税務システム,情報システム,総務課,3B/2/2,LGWAN接続系,課税\r\n\
         広報誌,紙媒体,企画課,1/1/1,なし,毎月\r\n\
         会議録,情報,総務課,2/2/2,LGWAN接続系,\r\n",
    );
    let mapping = ["--as", "tokatsu", "--mapping", "備考=description"];
    let (code, stdout, stderr) = import(&url, &file, &[&mapping[..], &["--dry-run"]].concat());
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("Shift_JIS"), "{stdout}");
    assert!(
        stdout.contains("dry run: 3 assets would be imported"),
        "{stdout}"
    );
    assert_eq!(events(&url), seeded);

    let (code, stdout, stderr) = import(&url, &file, &mapping);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("imported 3 assets in one commit"),
        "{stdout}"
    );
    // Three registrations and three classifications.
    let written: u64 = events(&url).split(' ').next().unwrap().parse().unwrap();
    let before: u64 = seeded.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(written - before, 6);

    // Again: every row is in the register already.
    let (code, stdout, _) = import(&url, &file, &mapping);
    assert_eq!(code, Some(3), "{stdout}");
    assert!(stdout.contains("3 problems"), "{stdout}");
}
