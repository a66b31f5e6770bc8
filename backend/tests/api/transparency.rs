//! The transparency log as an auditor reads it over HTTP: a checkpoint that verifies with the
//! published key, tiles that hash to its root, proofs that check with the plain verification
//! functions (as an outside party would run them), and nothing for those who may not read it.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use mamori::transparency::merkle::{self, Hash};
use mamori::transparency::note::{Checkpoint, VerifierKey};
use mamori::transparency::tiles::{self, parse_tlog_proof};
use mamori::transparency::tree;
use mamori_shared::api::transparency::{ConsistencyProof, InclusionProof};
use reqwest::StatusCode;

use crate::helpers::{spawn_demo_app, Backend, SignedIn};
use crate::on_both;

fn hash(text: &str) -> Hash {
    BASE64.decode(text).unwrap().try_into().unwrap()
}

async fn text(session: &SignedIn<'_>, path: &str) -> String {
    let response = session.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

async fn checkpoint(session: &SignedIn<'_>) -> (Checkpoint, String) {
    let key = VerifierKey::parse(&text(session, "/api/v1/log/key").await).unwrap();
    let note = text(session, "/api/v1/log/checkpoint").await;
    let body = key
        .open(&note)
        .expect("the checkpoint verifies with the published key");
    (Checkpoint::parse(body).unwrap(), note)
}

async fn the_log_proves_every_event_to_an_auditor(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let auditor = app.sign_in("kansa").await;
    // The server signs one a minute while events arrive; the test does not wait for it.
    let store = &app.state.store;
    mamori::transparency::checkpoints::issue(store, &app.state.settings.log_key)
        .await
        .unwrap();
    let (signed, note) = checkpoint(&auditor).await;
    assert!(signed.size >= 10, "the demo log has events");
    assert!(signed.size <= store.head());

    // The level-0 tile (partial, the demo log being short) hashes to the root.
    let width = signed.size % 256;
    let tile = auditor
        .get(&format!("/api/v1/log/tile/0/000.p/{width}"))
        .await;
    assert_eq!(tile.status(), StatusCode::OK);
    let leaves: Vec<Hash> = tile
        .bytes()
        .await
        .unwrap()
        .chunks(32)
        .map(|c| c.try_into().unwrap())
        .collect();
    assert_eq!(leaves.len() as u64, signed.size);
    assert_eq!(merkle::root_of(&leaves), signed.root);
    // The entry bundle holds the chain hashes those leaves hash.
    let bundle = text_bytes(&auditor, &format!("/api/v1/log/tile/entries/000.p/{width}")).await;
    assert_eq!(bundle.len() as u64, signed.size * 34);
    assert_eq!(merkle::leaf_hash(&bundle[2..34]), leaves[0]);
    // A tile the tree does not have, or a malformed path, is not found.
    for missing in ["0/000", "0/001.p/3", "entries/000", "0/0000", "1/000.p/1"] {
        let response = auditor.get(&format!("/api/v1/log/tile/{missing}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
    }

    // Every event's inclusion proof checks against the checkpoint.
    for position in 1..=signed.size {
        let proof: InclusionProof = auditor
            .get(&format!("/api/v1/log/inclusion/{position}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(hash(&proof.root), signed.root);
        let entry = app.state.store.hash_at(position).await.unwrap().unwrap();
        assert_eq!(hash(&proof.entry), entry.0);
        let hashes: Vec<Hash> = proof.proof.iter().map(|h| hash(h)).collect();
        merkle::verify_inclusion(
            position - 1,
            signed.size,
            &merkle::leaf_hash(&entry.0),
            &hashes,
            &signed.root,
        )
        .unwrap();
    }
    // The same as a C2SP tlog-proof bundle, carrying the checkpoint itself.
    let bundle = text(&auditor, "/api/v1/log/proof/3").await;
    let (index, hashes, carried) = parse_tlog_proof(&bundle).unwrap();
    assert_eq!((index, carried), (2, note.as_str()));
    let entry = app.state.store.hash_at(3).await.unwrap().unwrap();
    merkle::verify_inclusion(
        2,
        signed.size,
        &merkle::leaf_hash(&entry.0),
        &hashes,
        &signed.root,
    )
    .unwrap();
    let beyond = auditor
        .get(&format!("/api/v1/log/proof/{}", signed.size + 1))
        .await;
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);

    // Between two sizes, a consistency proof.
    let proof: ConsistencyProof = auditor
        .get(&format!("/api/v1/log/consistency/5/{}", signed.size))
        .await
        .json()
        .await
        .unwrap();
    let hashes: Vec<Hash> = proof.proof.iter().map(|h| hash(h)).collect();
    merkle::verify_consistency(
        5,
        signed.size,
        &hashes,
        &hash(&proof.old_root),
        &signed.root,
    )
    .unwrap();
    let shrinking = auditor.get("/api/v1/log/consistency/5/4").await;
    assert_eq!(shrinking.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
on_both!(the_log_proves_every_event_to_an_auditor);

async fn text_bytes(session: &SignedIn<'_>, path: &str) -> Vec<u8> {
    let response = session.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.bytes().await.unwrap().to_vec()
}

async fn only_those_who_check_the_record_read_the_log(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    for login in ["ciso", "kansa"] {
        let session = app.sign_in(login).await;
        assert_eq!(
            session.get("/api/v1/log/checkpoint").await.status(),
            StatusCode::OK,
            "{login}"
        );
    }
    for login in ["shokuin", "tokatsu"] {
        let session = app.sign_in(login).await;
        assert_eq!(
            session.get("/api/v1/log/checkpoint").await.status(),
            StatusCode::FORBIDDEN,
            "{login}"
        );
    }
}
on_both!(only_those_who_check_the_record_read_the_log);

/// Past 256 events the tree stores its level-1 hashes; tiles and roots read from them agree with
/// the same computed from the leaves, and a later checkpoint extends the earlier one.
async fn stored_subtrees_agree_with_the_leaves(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let store = &app.state.store;
    let first = mamori::transparency::checkpoints::issue(store, &app.state.settings.log_key)
        .await
        .unwrap()
        .expect("a first checkpoint");
    let staff = app.sign_in("shokuin").await;
    // Each failed sign-in is an event in the security log: a cheap way to grow the log.
    while store.head() < 600 {
        let _ = staff.get("/api/v1/me").await;
        mamori::auth::security_log::csrf_refused(
            store,
            mamori_shared::events::security::CsrfRefused {
                person_id: staff.me.person_id,
                method: "POST".into(),
                path: "/api/v1/grow".into(),
                address: "127.0.0.1".into(),
            },
        )
        .await;
    }
    let size = store.head();
    let computed = tree::root(store, size).await.unwrap();
    while tree::extend(store).await.unwrap() {}
    assert_eq!(tree::root(store, size).await.unwrap(), computed);
    let level1 = tree::level(store, 8, 0, 2).await.unwrap();
    let leaves = tree::leaves(store, 0, 512).await.unwrap();
    let by_hand: Vec<Hash> = leaves.chunks(256).map(merkle::complete_root).collect();
    assert_eq!(level1, by_hand);
    let second = mamori::transparency::checkpoints::issue(store, &app.state.settings.log_key)
        .await
        .unwrap()
        .expect("a second checkpoint");
    let proof = tree::hashes(store, merkle::consistency_ranges(first.size, second.size))
        .await
        .unwrap();
    merkle::verify_consistency(first.size, second.size, &proof, &first.root, &second.root).unwrap();
    assert_eq!(tiles::index_path(1), "001");
}
on_both!(stored_subtrees_agree_with_the_leaves);

/// An auditor exports the log and checks it offline with `mamori audit`; each way of tampering
/// with the log is named: an edited, a deleted or a reordered event, a shortened log (checked
/// against the checkpoint kept from before), a checkpoint signed by another key.
async fn an_export_is_audited_offline_and_tampering_is_named(backend: Backend) {
    use mamori::transparency::audit::{audit, AuditError};
    use mamori::transparency::note::LogKey;
    let app = spawn_demo_app(backend).await;
    let store = &app.state.store;
    let log_key = &app.state.settings.log_key;
    let kept = mamori::transparency::checkpoints::issue(store, log_key)
        .await
        .unwrap()
        .unwrap();
    // More happens after the auditor kept that checkpoint.
    let staff = app.sign_in("shokuin").await;
    let _ = staff.get("/api/v1/me").await;
    mamori::transparency::checkpoints::issue(store, log_key)
        .await
        .unwrap();
    let auditor = app.sign_in("kansa").await;
    let export = text(&auditor, "/api/v1/log/export").await;
    let key = VerifierKey::parse(&text(&auditor, "/api/v1/log/key").await).unwrap();

    // Compressed as a browser asks for it, the stream ends cleanly too.
    let gzipped = auditor
        .request(reqwest::Method::GET, "/api/v1/log/export")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.status(), StatusCode::OK);
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    assert!(gzipped.bytes().await.unwrap().len() > 20);

    let report = audit(&key, &export, Some(&kept.note)).unwrap();
    assert_eq!(report.extends, Some(kept.size));
    assert!(report.checkpoint.size > kept.size);

    // The same through the command, from files, as an auditor runs it.
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let run = |export: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mamori"))
            .arg("audit")
            .arg("--key")
            .arg(key.to_string())
            .arg("--export")
            .arg(export)
            .arg("--trusted")
            .arg(write("kept.checkpoint", &kept.note))
            .output()
            .unwrap()
    };
    let output = run(&write("export.ndjson", &export));
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("ok: "));

    let (header, events) = export.split_once('\n').unwrap();
    let lines: Vec<&str> = events.lines().collect();
    let with = |lines: &[String]| format!("{header}\n{}\n", lines.join("\n"));
    let owned: Vec<String> = lines.iter().map(|l| l.to_string()).collect();

    let mut edited = owned.clone();
    edited[3] = edited[3].replacen("\"payload\":\"{", "\"payload\":\"{\\\"x\\\":1,", 1);
    assert_eq!(
        audit(&key, &with(&edited), None),
        Err(AuditError::Changed(4))
    );
    let output = run(&write("edited.ndjson", &with(&edited)));
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stdout).contains("event 4 was changed"));

    let mut deleted = owned.clone();
    deleted.remove(5);
    assert!(matches!(
        audit(&key, &with(&deleted), None),
        Err(AuditError::Missing { position: 6, .. })
    ));

    let mut reordered = owned.clone();
    reordered.swap(2, 3);
    let renumber = |lines: &mut [String]| {
        // Positions rewritten to look gap-free: only the chain gives it away.
        for (i, line) in lines.iter_mut().enumerate() {
            let mut event: serde_json::Value = serde_json::from_str(line).unwrap();
            event["position"] = serde_json::json!(i + 1);
            *line = event.to_string();
        }
    };
    renumber(&mut reordered);
    assert_eq!(
        audit(&key, &with(&reordered), None),
        Err(AuditError::Reordered(3))
    );

    // Whoever holds the database and the key drops the last events and signs a checkpoint of
    // what is left: consistent by itself, but shorter than the checkpoint the auditor kept.
    let short: Vec<String> = owned[..kept.size as usize - 5].to_vec();
    let short_export = with(&short);
    let root = {
        let leaves: Vec<Hash> = short
            .iter()
            .map(|l| {
                let event: serde_json::Value = serde_json::from_str(l).unwrap();
                let entry =
                    mamori::store::hash::Hash::from_hex(event["hash"].as_str().unwrap()).unwrap();
                merkle::leaf_hash(&entry.0)
            })
            .collect();
        merkle::root_of(&leaves)
    };
    let forged = log_key.sign(
        &Checkpoint {
            origin: log_key.name.clone(),
            size: short.len() as u64,
            root,
        }
        .body(),
    );
    let (_, short_events) = short_export.split_once('\n').unwrap();
    let forged_export = format!(
        "{}\n{short_events}",
        serde_json::json!({"format": "mamori-log-export/v1", "checkpoint": forged})
    );
    audit(&key, &forged_export, None).expect("consistent by itself");
    assert_eq!(
        audit(&key, &forged_export, Some(&kept.note)),
        Err(AuditError::Shortened {
            trusted: kept.size,
            size: kept.size - 5
        })
    );

    // A checkpoint signed by another key is refused, whatever it says.
    let stranger = LogKey::generate(&log_key.name);
    let signed_elsewhere = stranger.sign(
        &Checkpoint::parse(key.open(&kept.note).unwrap())
            .unwrap()
            .body(),
    );
    let elsewhere = format!(
        "{}\n{events}",
        serde_json::json!({"format": "mamori-log-export/v1", "checkpoint": signed_elsewhere})
    );
    assert!(matches!(
        audit(&key, &elsewhere, None),
        Err(AuditError::Checkpoint(_))
    ));
}
on_both!(an_export_is_audited_offline_and_tampering_is_named);

/// A witness (the prefecture) checks a checkpoint and adds its cosignature; the log keeps it and
/// shows it with the checkpoint. A cosignature by anyone else, or of a checkpoint the log never
/// signed, is refused.
async fn a_witness_cosignature_is_kept_and_shown(backend: Backend) {
    use mamori::transparency::note::{WitnessKey, WitnessSigner};
    let witness = WitnessSigner::from_seed("pref.example.lg.jp/witness", [5; 32]);
    let settings = mamori::http::Settings {
        log_witnesses: std::sync::Arc::new(vec![WitnessKey::parse(&witness.verifier()).unwrap()]),
        ..Default::default()
    };
    let app = crate::helpers::spawn_demo_app_with(backend, settings).await;
    mamori::transparency::checkpoints::issue(&app.state.store, &app.state.settings.log_key)
        .await
        .unwrap();
    let auditor = app.sign_in("kansa").await;
    let (checkpoint, note) = self::checkpoint(&auditor).await;
    let line = witness.cosign(&checkpoint.body(), 1_764_547_200);
    let hand_in = |note: String| {
        let auditor = &auditor;
        async move {
            auditor
                .send(
                    reqwest::Method::POST,
                    "/api/v1/log/cosignatures",
                    &serde_json::json!({ "checkpoint": note }),
                    None,
                )
                .await
        }
    };
    let kept = hand_in(format!("{note}{line}\n")).await;
    assert_eq!(kept.status(), StatusCode::OK);
    let shown = text(&auditor, "/api/v1/log/checkpoint").await;
    assert!(shown.ends_with(&format!("{line}\n")), "{shown}");

    let stranger = WitnessSigner::from_seed("pref.example.lg.jp/witness", [6; 32]);
    let refused = hand_in(format!(
        "{note}{}\n",
        stranger.cosign(&checkpoint.body(), 1)
    ))
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let other = Checkpoint {
        size: checkpoint.size + 1,
        ..checkpoint.clone()
    };
    let unknown = hand_in(format!(
        "{}{}\n",
        app.state.settings.log_key.sign(&other.body()),
        witness.cosign(&other.body(), 1)
    ))
    .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let staff = app.sign_in("shokuin").await;
    let forbidden = staff
        .send(
            reqwest::Method::POST,
            "/api/v1/log/cosignatures",
            &serde_json::json!({ "checkpoint": note }),
            None,
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
}
on_both!(a_witness_cosignature_is_kept_and_shown);

/// Every checkpoint is kept: an auditor asks for those signed before a moment.
async fn the_checkpoint_history_answers_for_a_past_moment(backend: Backend) {
    use mamori_shared::api::transparency::CheckpointView;
    let app = spawn_demo_app(backend).await;
    let store = &app.state.store;
    let key = &app.state.settings.log_key;
    let first = mamori::transparency::checkpoints::issue(store, key)
        .await
        .unwrap();
    let staff = app.sign_in("shokuin").await;
    let _ = staff.get("/api/v1/me").await;
    let second = mamori::transparency::checkpoints::issue(store, key)
        .await
        .unwrap()
        .expect("the log grew");
    let auditor = app.sign_in("kansa").await;
    let history: Vec<CheckpointView> = auditor
        .get("/api/v1/log/checkpoints")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0].size, second.size, "newest first");
    assert!(history
        .iter()
        .any(|c| Some(c.size) == first.as_ref().map(|f| f.size)));
    let before_all: Vec<CheckpointView> = auditor
        .get("/api/v1/log/checkpoints?before=2000-01-01T00:00:00Z")
        .await
        .json()
        .await
        .unwrap();
    assert!(before_all.is_empty());
    let one: Vec<CheckpointView> = auditor
        .get("/api/v1/log/checkpoints?limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    for bad in ["?before=yesterday", "?limit=0", "?limit=101", "?since=1"] {
        let status = auditor
            .get(&format!("/api/v1/log/checkpoints{bad}"))
            .await
            .status();
        assert!(status.is_client_error(), "{bad}: {status}");
    }
}
on_both!(the_checkpoint_history_answers_for_a_past_moment);

/// An export shows in full only what its caller may read, and what they asked for; every other
/// event travels as its hashes, and the whole still audits.
async fn an_export_shows_only_what_its_caller_may_read(backend: Backend) {
    use mamori::transparency::audit::{audit, Line};
    let app = spawn_demo_app(backend).await;
    let auditor = app.sign_in("kansa").await;
    let ciso = app.sign_in("ciso").await;
    mamori::transparency::checkpoints::issue(&app.state.store, &app.state.settings.log_key)
        .await
        .unwrap();
    let key = VerifierKey::parse(&text(&auditor, "/api/v1/log/key").await).unwrap();
    let lines = |export: &str| -> Vec<Line> {
        export
            .lines()
            .skip(1)
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let security = mamori_shared::events::security::STREAM;

    // The security log (sign-ins, with logins and addresses) is the CISO's to read.
    let export = text(&auditor, "/api/v1/log/export").await;
    let report = audit(&key, &export, None).unwrap();
    let shown = lines(&export);
    assert!(report.withheld > 0);
    assert_eq!(
        report.withheld as usize,
        shown
            .iter()
            .filter(|l| matches!(l, Line::Withheld(_)))
            .count()
    );
    assert!(!export.contains("\"stream_id\":\"security-log\""));
    assert!(shown
        .iter()
        .any(|l| matches!(l, Line::Event(e) if e.stream_id.starts_with("asset-"))));
    let full = text(&ciso, "/api/v1/log/export").await;
    assert!(full.contains(&format!("\"stream_id\":\"{security}\"")));
    assert_eq!(audit(&key, &full, None).unwrap().withheld, 0);

    // A slice: one asset's stream, in full; everything else by its hashes.
    let stream = shown
        .iter()
        .find_map(|l| match l {
            Line::Event(e) if e.stream_id.starts_with("asset-") => Some(e.stream_id.clone()),
            _ => None,
        })
        .unwrap();
    let slice = text(&auditor, &format!("/api/v1/log/export?stream={stream}")).await;
    let report = audit(&key, &slice, None).unwrap();
    let in_full: Vec<_> = lines(&slice)
        .into_iter()
        .filter_map(|l| match l {
            Line::Event(e) => Some(e.stream_id),
            Line::Withheld(_) => None,
        })
        .collect();
    assert!(!in_full.is_empty() && in_full.iter().all(|s| *s == stream));
    assert_eq!(
        report.withheld as usize + in_full.len(),
        report.checkpoint.size as usize
    );
    // A slice by time: nothing before the first event is nothing at all.
    let none = text(&auditor, "/api/v1/log/export?until=2000-01-01T00:00:00Z").await;
    let report = audit(&key, &none, None).unwrap();
    assert_eq!(report.withheld, report.checkpoint.size);
    let bad = auditor.get("/api/v1/log/export?from=yesterday").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let unknown = auditor.get("/api/v1/log/export?secret=1").await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
}
on_both!(an_export_shows_only_what_its_caller_may_read);

/// The auditor's search of the log: by type, actor and stream, page by page, never showing a
/// stream the caller may not read.
async fn the_log_is_searched_within_what_cedar_lets_one_read(backend: Backend) {
    use mamori_shared::api::transparency::LogSearch;
    let app = spawn_demo_app(backend).await;
    let auditor = app.sign_in("kansa").await;
    let search = |query: String| {
        let auditor = &auditor;
        async move {
            let response = auditor.get(&format!("/api/v1/log/events{query}")).await;
            assert_eq!(response.status(), StatusCode::OK, "{query}");
            response.json::<LogSearch>().await.unwrap()
        }
    };
    let everything = search("?limit=200".into()).await;
    assert!(!everything.items.is_empty());
    assert!(everything
        .items
        .iter()
        .all(|i| i.stream_id != mamori_shared::events::security::STREAM));
    assert!(everything
        .items
        .windows(2)
        .all(|w| w[0].position < w[1].position));

    let classified = search("?type=assets.asset_classified".into()).await;
    assert!(!classified.items.is_empty());
    assert!(classified
        .items
        .iter()
        .all(|i| i.event_type == "assets.asset_classified"));
    let by = everything
        .items
        .iter()
        .find_map(|i| i.actor_id.clone())
        .expect("the demo has events by people");
    let by_actor = search(format!("?actor={by}")).await;
    assert!(by_actor
        .items
        .iter()
        .all(|i| i.actor_id.as_deref() == Some(by.as_str())));
    assert!(by_actor.items.iter().all(|i| i.actor_name.is_some()));
    let stream = classified.items[0].stream_id.clone();
    let of_stream = search(format!("?stream={stream}")).await;
    assert!(of_stream.items.iter().all(|i| i.stream_id == stream));
    assert!(of_stream.items.len() >= 2, "registered and classified");

    // Page by page: the pages together are the whole answer.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = search(match after {
            Some(after) => format!("?limit=7&after={after}"),
            None => "?limit=7".into(),
        })
        .await;
        assert!(page.items.len() <= 7);
        paged.extend(page.items.into_iter().map(|i| i.position));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let all: Vec<u64> = everything.items.iter().map(|i| i.position).collect();
    assert_eq!(paged, all);
    let none = search("?until=2000-01-01T00:00:00Z".into()).await;
    assert!(none.items.is_empty() && none.next.is_none());
    for bad in [
        "?limit=0",
        "?limit=201",
        "?from=yesterday",
        "?actor=someone",
        "?sort=name",
    ] {
        let response = auditor.get(&format!("/api/v1/log/events{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let staff = app.sign_in("shokuin").await;
    assert_eq!(
        staff.get("/api/v1/log/events").await.status(),
        StatusCode::FORBIDDEN
    );
}
on_both!(the_log_is_searched_within_what_cedar_lets_one_read);

/// With MAMORI_LOG_PUBLIC, a witness fetches the checkpoints, the key, the tiles and the proofs
/// without an account — decided by Cedar for a visitor — and nothing else becomes public.
async fn a_public_log_serves_a_witness_without_an_account(backend: Backend) {
    use mamori::authz::Authorizer;
    let app = crate::helpers::spawn_app_on(backend, Authorizer::load(None, true).unwrap()).await;
    mamori::demo::seed(&app.state.store, &app.state.projections)
        .await
        .unwrap();
    let signed =
        mamori::transparency::checkpoints::issue(&app.state.store, &app.state.settings.log_key)
            .await
            .unwrap()
            .unwrap();
    let width = signed.size % 256;
    for path in [
        "/api/v1/log/checkpoint".to_owned(),
        "/api/v1/log/key".to_owned(),
        "/api/v1/log/checkpoints".to_owned(),
        format!("/api/v1/log/tile/0/000.p/{width}"),
        "/api/v1/log/proof/3".to_owned(),
        format!("/api/v1/log/consistency/2/{}", signed.size),
    ] {
        assert_eq!(app.get(&path).await.status(), StatusCode::OK, "{path}");
    }
    let key = VerifierKey::parse(&app.get("/api/v1/log/key").await.text().await.unwrap()).unwrap();
    key.open(
        &app.get("/api/v1/log/checkpoint")
            .await
            .text()
            .await
            .unwrap(),
    )
    .expect("the public checkpoint verifies");
    // Content stays behind sign-in; nothing is written anonymously.
    for path in [
        "/api/v1/log/summary",
        "/api/v1/log/export",
        "/api/v1/log/events",
        "/api/v1/assets",
        "/api/v1/people",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let cosign = app
        .client
        .post(app.url("/api/v1/log/cosignatures"))
        .json(&serde_json::json!({"checkpoint": signed.note}))
        .send()
        .await
        .unwrap();
    assert_eq!(cosign.status(), StatusCode::UNAUTHORIZED);

    // Without the setting, the same requests need an account.
    let private = spawn_demo_app(backend).await;
    assert_eq!(
        private.get("/api/v1/log/checkpoint").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
on_both!(a_public_log_serves_a_witness_without_an_account);
