//! Importing an existing register (情報資産台帳) from Excel or CSV, and the register's particulars
//! (読み仮名, 保存期間, 個人情報, 委託先, 外部サービス) with their rules.

use base64::Engine;
use mamori_shared::api::assets::{AssetView, ImportDone, ImportField, ImportPreview};
use mamori_shared::api::page::Page;
use mamori_shared::api::problem::Problem;
use mamori_shared::assets::{PersonalInformation, Retention};
use reqwest::{Method, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::json;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

const HEADINGS: [&str; 15] = [
    "資産名",
    "ふりがな",
    "種別",
    "所管課",
    "管理者",
    "機密性",
    "完全性",
    "可用性",
    "ネットワーク",
    "保管場所",
    "説明",
    "保存期間",
    "個人情報",
    "委託先",
    "外部サービス",
];

/// Row `i` of a register of `n` assets, as municipal staff would fill it in.
fn register_row(i: usize) -> Vec<String> {
    let departments = ["総務課", "企画課", "会計課", "情報システム係", "事業推進課"];
    let (kind, c, tier, personal) = match i % 4 {
        0 => ("情報システム", "2", "LGWAN接続系", "個人情報"),
        1 => ("情報", "3A", "マイナンバー利用事務系", "特定個人情報"),
        2 => ("紙媒体", "1", "なし", "なし"),
        _ => ("機器", "2", "インターネット接続系", ""),
    };
    [
        format!("取込資産{i:03}"),
        "とりこみしさん".into(),
        kind.into(),
        departments[i % departments.len()].into(),
        if i.is_multiple_of(3) {
            "渡辺 大輔".into()
        } else {
            String::new()
        },
        c.into(),
        "2".into(),
        "2".into(),
        tier.into(),
        "本庁舎".into(),
        format!("{i}番目の資産"),
        if i.is_multiple_of(2) {
            "5年".into()
        } else {
            "永年".into()
        },
        personal.into(),
        if i.is_multiple_of(5) {
            "株式会社みやぎ情報".into()
        } else {
            String::new()
        },
        if i.is_multiple_of(7) {
            "ガバメントクラウド".into()
        } else {
            String::new()
        },
    ]
    .to_vec()
}

/// A workbook as registers are kept: a title, a blank row, the headings, then the rows.
fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("情報資産台帳").unwrap();
    sheet
        .write_string(0, 0, "情報資産台帳（令和7年度）")
        .unwrap();
    for (c, heading) in HEADINGS.iter().enumerate() {
        sheet.write_string(2, c as u16, *heading).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let (r, c) = (3 + r as u32, c as u16);
            // Levels typed as numbers are numbers in Excel.
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(r, c, number).unwrap(),
                Err(_) => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn csv(rows: &[Vec<String>]) -> String {
    std::iter::once(HEADINGS.join(","))
        .chain(rows.iter().map(|r| r.join(",")))
        .map(|line| line + "\r\n")
        .collect()
}

fn body(file_name: &str, bytes: &[u8]) -> serde_json::Value {
    json!({
        "file_name": file_name,
        "content": base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

async fn preview(session: &SignedIn<'_>, body: &serde_json::Value) -> ImportPreview {
    let response = session
        .send(Method::POST, "/api/v1/assets/import/preview", body, None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Every problem of the preview as (row, code).
fn problems(preview: &ImportPreview) -> Vec<(u32, String)> {
    preview
        .rows
        .iter()
        .flat_map(|r| r.problems.iter().map(|p| (r.row, p.code.clone())))
        .collect()
}

async fn all_assets(session: &SignedIn<'_>) -> Vec<AssetView> {
    let mut all = Vec::new();
    loop {
        let page: Page<AssetView> = session
            .get(&format!("/api/v1/assets?limit=500&offset={}", all.len()))
            .await
            .json()
            .await
            .unwrap();
        let done = page.items.is_empty();
        all.extend(page.items);
        if done || all.len() as u64 >= page.total {
            return all;
        }
    }
}

async fn head(app: &TestApp) -> u64 {
    app.state.store.head()
}

async fn a_workbook_with_three_wrong_rows_imports_nothing_until_they_are_fixed(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let session = app.sign_in("tokatsu").await;
    let mut rows: Vec<Vec<String>> = (0..200).map(register_row).collect();
    rows[10][3] = "総務部".into(); // no such department
    rows[50][5] = "4".into(); // no such level
    rows[121][8] = "LGWAN接続系".into(); // it holds 特定個人情報: off the My Number tier
    assert_eq!(rows[121][12], "特定個人情報");
    let file = body("台帳.xlsx", &workbook(&rows));

    let seen = preview(&session, &file).await;
    assert_eq!(seen.format, "xlsx");
    assert_eq!(seen.sheet.as_deref(), Some("情報資産台帳"));
    assert_eq!(seen.header_row, 3, "under the title and a blank row");
    let fields: Vec<_> = seen.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            ImportField::Name,
            ImportField::Reading,
            ImportField::Kind,
            ImportField::Department,
            ImportField::Custodian,
            ImportField::Confidentiality,
            ImportField::Integrity,
            ImportField::Availability,
            ImportField::Tier,
            ImportField::Location,
            ImportField::Description,
            ImportField::Retention,
            ImportField::PersonalInformation,
            ImportField::Contractor,
            ImportField::ExternalService,
        ]
        .map(Some)
    );
    assert_eq!(seen.rows.len(), 200);
    assert!(seen.problems.is_empty(), "{:?}", seen.problems);
    // Data starts on row 4 of the sheet: list index i is row i + 4.
    assert_eq!(
        problems(&seen),
        [
            (14, "unknown_department".to_owned()),
            (54, "unknown_level".to_owned()),
            (125, "specific_personal_off_my_number".to_owned()),
        ]
    );
    assert_eq!(seen.problem_count, 3);
    let rule = &seen.rows[121].problems[0];
    assert_eq!(rule.field, Some(ImportField::Tier));
    assert!(
        rule.message_ja.contains("マイナンバー利用事務系"),
        "{rule:?}"
    );

    // The import re-checks on the server, refuses, and writes nothing.
    let before = head(&app).await;
    let refused = session
        .send(Method::POST, "/api/v1/assets/import", &file, None)
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Problem = refused.json().await.unwrap();
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "rows.14.department",
            "rows.54.confidentiality",
            "rows.125.tier"
        ]
    );
    assert!(problem.errors.iter().all(|e| !e.message_ja.is_empty()));
    assert_eq!(head(&app).await, before, "the log's head did not move");
    let count_before = all_assets(&session).await.len();

    // Fixed, all 200 in one commit, with the importer as the actor of every event.
    rows[10][3] = "総務課".into();
    rows[50][5] = "3B".into();
    rows[121][8] = "マイナンバー利用事務系".into();
    let file = body("台帳.xlsx", &workbook(&rows));
    assert_eq!(preview(&session, &file).await.problem_count, 0);
    let imported = session
        .request(Method::POST, "/api/v1/assets/import")
        .header("idempotency-key", "import-2026-04")
        .json(&file)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), StatusCode::CREATED);
    let done: ImportDone = imported.json().await.unwrap();
    assert_eq!(done.imported, 200);
    // 200 registrations and 200 classifications, one after another in one commit.
    let after = head(&app).await;
    assert_eq!(after - before, 400);
    assert_eq!(done.position, Some(after));
    let events: Vec<_> =
        futures::StreamExt::collect::<Vec<_>>(app.state.store.read_until(before, after))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
    assert_eq!(events.len(), 400);
    let correlation = events[0].metadata.correlation_id;
    assert!(correlation.is_some());
    for event in &events {
        assert_eq!(
            event.metadata.actor.as_deref(),
            Some(session.me.person_id.to_string().as_str())
        );
        assert_eq!(event.metadata.correlation_id, correlation, "one import");
    }

    // A retry with the same key answers the first answer and writes nothing.
    let retried = session
        .request(Method::POST, "/api/v1/assets/import")
        .header("idempotency-key", "import-2026-04")
        .json(&file)
        .send()
        .await
        .unwrap();
    assert_eq!(retried.status(), StatusCode::CREATED);
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    assert_eq!(head(&app).await, after);

    let assets = all_assets(&session).await;
    assert_eq!(assets.len(), count_before + 200);
    let row_1 = assets.iter().find(|a| a.name == "取込資産001").unwrap();
    assert_eq!(row_1.reading.as_deref(), Some("とりこみしさん"));
    assert_eq!(row_1.retention, Some(Retention::Permanent));
    assert_eq!(
        row_1.personal_information,
        Some(PersonalInformation::SpecificPersonal)
    );
    assert_eq!(row_1.owner_department_name, "企画課");
    assert_eq!(row_1.classification.as_ref().unwrap().confidentiality, "3A");
    let row_0 = assets.iter().find(|a| a.name == "取込資産000").unwrap();
    assert_eq!(row_0.custodian_name.as_deref(), Some("渡辺 大輔"));
    assert_eq!(row_0.contractor.as_deref(), Some("株式会社みやぎ情報"));
    assert_eq!(
        row_0.external_service.as_deref(),
        Some("ガバメントクラウド")
    );
    assert_eq!(row_0.retention, Some(Retention::Years(5)));

    // The same file again: every row is already registered.
    let again = preview(&session, &file).await;
    assert_eq!(again.problem_count, 200);
    assert!(problems(&again)
        .iter()
        .all(|(_, code)| code == "already_registered"));
}
on_both!(a_workbook_with_three_wrong_rows_imports_nothing_until_they_are_fixed);

async fn csv_in_shift_jis_and_utf8_with_a_bom_import_alike(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let session = app.sign_in("tokatsu").await;
    let rows: Vec<Vec<String>> = (0..20).map(register_row).collect();
    let text = csv(&rows);
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(text.as_bytes());

    let from_sjis = preview(&session, &body("台帳.csv", &sjis)).await;
    let from_utf8 = preview(&session, &body("台帳.csv", &utf8)).await;
    assert_eq!(from_sjis.encoding.as_deref(), Some("Shift_JIS"));
    assert_eq!(from_utf8.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(from_sjis.rows, from_utf8.rows);
    assert_eq!(from_sjis.columns, from_utf8.columns);
    assert_eq!(from_sjis.problem_count, 0, "{:?}", problems(&from_sjis));
    assert_eq!(from_sjis.rows[0].cells[0], "取込資産000");

    let imported = session
        .send(
            Method::POST,
            "/api/v1/assets/import",
            &body("台帳.csv", &sjis),
            None,
        )
        .await;
    assert_eq!(imported.status(), StatusCode::CREATED);
    let done: ImportDone = imported.json().await.unwrap();
    assert_eq!(done.imported, 20);
    // The UTF-8 file is the same register: now every row of it is registered already.
    let again = preview(&session, &body("台帳.csv", &utf8)).await;
    assert_eq!(again.problem_count, 20);
}
on_both!(csv_in_shift_jis_and_utf8_with_a_bom_import_alike);

async fn the_mapping_is_the_persons_to_change(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let session = app.sign_in("tokatsu").await;
    let text = "名称,区分,課,備考\r\n公開資料,情報,総務課,ホームページ掲載\r\n";
    let proposed = preview(&session, &body("a.csv", text.as_bytes())).await;
    let fields: Vec<_> = proposed.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [Some(ImportField::Name), Some(ImportField::Kind), None, None]
    );
    let codes: Vec<_> = proposed.problems.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["unmapped_field"], "no department column");
    let mut file = body("a.csv", text.as_bytes());
    file["mapping"] = json!([
        {"column": 0, "field": "name"},
        {"column": 1, "field": "kind"},
        {"column": 2, "field": "department"},
        {"column": 3, "field": "description"},
    ]);
    let mapped = preview(&session, &file).await;
    assert_eq!(mapped.problem_count, 0, "{:?}", mapped.problems);
    let twice = {
        let mut file = file.clone();
        file["mapping"][3]["field"] = json!("name");
        preview(&session, &file).await
    };
    assert_eq!(twice.problems[0].code, "field_mapped_twice");
    let done = session
        .send(Method::POST, "/api/v1/assets/import", &file, None)
        .await;
    assert_eq!(done.status(), StatusCode::CREATED);
    let asset = all_assets(&session)
        .await
        .into_iter()
        .find(|a| a.name == "公開資料")
        .unwrap();
    assert_eq!(asset.description, "ホームページ掲載");
    assert!(asset.classification.is_none(), "no levels: unclassified");
}
on_both!(the_mapping_is_the_persons_to_change);

async fn only_those_who_register_assets_import_them_and_only_where_they_may(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let file = body("a.csv", csv(&[register_row(0), register_row(3)]).as_bytes());
    // Staff register nothing: refused before the file is read.
    let staff = app.sign_in("shokuin").await;
    for path in ["/api/v1/assets/import/preview", "/api/v1/assets/import"] {
        let refused = staff.send(Method::POST, path, &file, None).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // The list offers the import to those Cedar lets import, and to no one else.
    let page: Page<AssetView> = staff.get("/api/v1/assets").await.json().await.unwrap();
    assert!(page.allowed.is_empty());
    // 情報システム係's manager imports into 情報システム係 only (row 0 belongs to 総務課).
    let manager = app.sign_in("kanrisha").await;
    let page: Page<AssetView> = manager.get("/api/v1/assets").await.json().await.unwrap();
    assert_eq!(page.allowed, ["assets.import"]);
    let seen = preview(&manager, &file).await;
    assert_eq!(problems(&seen), [(2, "not_permitted".to_owned())]);
    let before = head(&app).await;
    let refused = manager
        .send(Method::POST, "/api/v1/assets/import", &file, None)
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(head(&app).await, before);
    // Without a session: 401, whatever the body's size.
    let anonymous = app
        .client
        .post(app.url("/api/v1/assets/import"))
        .json(&file)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
on_both!(only_those_who_register_assets_import_them_and_only_where_they_may);

async fn files_beyond_the_limits_are_refused(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let session = app.sign_in("tokatsu").await;
    // 5,001 rows: read no further than the limit.
    let many: Vec<Vec<String>> = (0..5_001).map(register_row).collect();
    let seen = preview(&session, &body("many.csv", csv(&many).as_bytes())).await;
    assert_eq!(seen.problems[0].code, "too_large");
    assert!(seen.rows.len() <= 5_000);
    // More than 4 MiB of file (in a body within the route's limit): refused with its field.
    let big = vec![b'a'; 4 * 1024 * 1024 + 1];
    let refused = session
        .send(
            Method::POST,
            "/api/v1/assets/import/preview",
            &body("big.csv", &big),
            None,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = refused.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "content");
    // A body past the route's limit: 413 before it is read; other routes keep their 1 MiB.
    let department = session.me.department_id;
    for (path, length) in [
        (
            "/api/v1/assets/import/preview".to_owned(),
            6 * 1024 * 1024 + 100,
        ),
        (
            format!("/api/v1/departments/{department}/assets"),
            1024 * 1024 + 100,
        ),
    ] {
        let status = status_before_body(&app, &session, &path, length).await;
        assert!(status.starts_with("HTTP/1.1 413"), "{path}: {status}");
    }
    // A zip that is no workbook, an old .xls, text that is no CSV: a problem, not an error.
    for (name, bytes, code) in [
        ("x.xlsx", b"PK\x03\x04broken".to_vec(), "unreadable"),
        ("x.xls", vec![0xD0, 0xCF, 0x11, 0xE0, 1, 2], "unreadable"),
        ("x.csv", vec![0x82, 0xFF, 0x00], "unreadable"),
    ] {
        let seen = preview(&session, &body(name, &bytes)).await;
        assert_eq!(seen.problems[0].code, code, "{name}");
        assert_eq!(seen.problem_count, 1);
    }
    let not_base64 = session
        .send(
            Method::POST,
            "/api/v1/assets/import/preview",
            &json!({"file_name": "x.csv", "content": "!!!"}),
            None,
        )
        .await;
    assert_eq!(not_base64.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
on_both!(files_beyond_the_limits_are_refused);

async fn particulars_are_registered_changed_and_exported_with_their_rules(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let manager = app.sign_in("tokatsu").await;
    let department = manager.me.department_id;
    let created = manager
        .send(
            Method::POST,
            &format!("/api/v1/departments/{department}/assets"),
            &json!({
                "name": "住民税課税台帳", "kind": "information", "tier": "lgwan",
                "reading": "ｼﾞｭｳﾐﾝｾﾞｲ かぜいだいちょう", "retention": {"years": 10},
                "personal_information": "personal", "contractor": " 株式会社みやぎ情報 ",
                "external_service": "ガバメントクラウド"
            }),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let asset: AssetView = created.json().await.unwrap();
    assert_eq!(
        asset.reading.as_deref(),
        Some("ジュウミンゼイ かぜいだいちょう")
    );
    assert_eq!(asset.retention, Some(Retention::Years(10)));
    assert_eq!(asset.contractor.as_deref(), Some("株式会社みやぎ情報"));

    // Personal information is never classified public.
    let public = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/classification", asset.id),
            &json!({"classification": {"confidentiality": "1", "integrity": "1", "availability": "1"}, "reason": "公開"}),
            Some(asset.version),
        )
        .await;
    assert_eq!(public.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = public.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "classification.confidentiality");
    assert!(problem.errors[0].message_ja.contains("個人情報"));

    // 特定個人情報 is not marked on an asset of the LGWAN tier.
    let details = |personal: &str, version: u64| {
        let body = json!({
            "reading": "じゅうみんぜいかぜいだいちょう", "retention": "permanent",
            "personal_information": personal, "reason": "台帳の整備"
        });
        (body, version)
    };
    let (body, version) = details("specific_personal", asset.version);
    let refused = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/details", asset.id),
            &body,
            Some(version),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = refused.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "personal_information");
    let (body, version) = details("personal", asset.version);
    let changed = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/details", asset.id),
            &body,
            Some(version),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: AssetView = changed.json().await.unwrap();
    assert_eq!(changed.retention, Some(Retention::Permanent));
    assert_eq!(
        changed.contractor, None,
        "what the change leaves out is cleared"
    );
    let history: Vec<mamori_shared::api::assets::HistoryEntry> = manager
        .get(&format!("/api/v1/assets/{}/history", asset.id))
        .await
        .json()
        .await
        .unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.event_type, "assets.details_changed");
    assert_eq!(last.reason.as_deref(), Some("台帳の整備"));
    let bad_reading = manager
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/details", asset.id),
            &json!({"reading": "住民税", "reason": "r"}),
            Some(changed.version),
        )
        .await;
    assert_eq!(bad_reading.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The export carries them, in the words the import reads back.
    let csv = manager
        .get("/api/v1/assets/export.csv")
        .await
        .text()
        .await
        .unwrap();
    let header = csv.lines().next().unwrap();
    for heading in ["読み仮名", "保存期間", "個人情報", "委託先", "外部サービス"]
    {
        assert!(header.contains(heading), "{header}");
    }
    let line = csv.lines().find(|l| l.contains("住民税課税台帳")).unwrap();
    assert!(line.contains("\"永年\",\"個人情報\""), "{line}");
}
on_both!(particulars_are_registered_changed_and_exported_with_their_rules);

/// The status line the server answers a POST of `length` bytes to `path` whose headers alone are
/// sent: said over a bare connection, since a client still writing a refused body may see the
/// server close first (a broken pipe, not an answer).
async fn status_before_body(
    app: &crate::helpers::TestApp,
    session: &crate::helpers::SignedIn<'_>,
    path: &str,
    length: usize,
) -> String {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Cookie: mamori_session={}\r\nX-CSRF-Token: {}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
        session.token, session.me.csrf_token,
    );
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stream, head.as_bytes())
        .await
        .unwrap();
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tokio::io::AsyncReadExt::read(&mut stream, &mut answer),
    )
    .await
    .expect("an answer before the body")
    .unwrap();
    String::from_utf8_lossy(&answer[..read]).to_string()
}
