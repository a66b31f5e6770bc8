//! やること and mail notices: a request gives its deciders a task and a mail, a decision gives the
//! requester one; mails come from an outbox driven by the log, so a restart between an event's
//! commit and its mail sends that mail exactly once. Against a real SMTP server on loopback
//! (Python's aiosmtpd, writing a Maildir), on SQLite and PostgreSQL.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use mamori::http::Settings;
use mamori::notify::MailSettings;
use mamori_shared::api::assets::{AssetView, GrantView};
use mamori_shared::api::page::Page;
use mamori_shared::api::tasks::{NotificationSettings, Tasks};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

/// An SMTP server on a free loopback port, keeping what it receives in a Maildir.
pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    /// Starts aiosmtpd (`MAMORI_TEST_PYTHON`, default the system's `/usr/bin/python3`, with the
    /// Debian package python3-aiosmtpd; `./dev test` installs it). Fails, never skips, without it.
    pub async fn start() -> Self {
        let python =
            std::env::var("MAMORI_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{python} -m aiosmtpd (python3-aiosmtpd) must run: {e}"));
        let server = Self { port, dir, child };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not listen on 127.0.0.1:{port} (is python3-aiosmtpd installed?)");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far, as text.
    pub fn mails(&self) -> Vec<String> {
        let maildir = self.dir.path().join("mail");
        ["new", "cur"]
            .iter()
            .flat_map(|sub| files(&maildir.join(sub)))
            .map(|file| readable(&std::fs::read_to_string(file).unwrap()))
            .collect()
    }

    /// The mails to `address`, waiting until there are at least `count` (or 20 s).
    pub async fn mails_to(&self, address: &str, count: usize) -> Vec<String> {
        for _ in 0..200 {
            let mails = self.to(address);
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.to(address)
    }

    fn to(&self, address: &str) -> Vec<String> {
        self.mails()
            .into_iter()
            .filter(|m| {
                m.lines()
                    .any(|l| l.starts_with("To:") && l.contains(address))
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A mail's headers and its body decoded (Mamori sends text in base64).
fn readable(mail: &str) -> String {
    use base64::Engine;
    let (head, body) = mail.split_once("\n\n").unwrap_or((mail, ""));
    if !head.contains("Content-Transfer-Encoding: base64") {
        return mail.to_owned();
    }
    let packed: String = body.split_whitespace().collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(packed)
        .expect("a base64 body");
    format!("{head}\n\n{}", String::from_utf8(decoded).unwrap())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn mail_settings(smtp_url: &str) -> Settings {
    Settings {
        mail: Some(Arc::new(
            MailSettings::new(
                smtp_url,
                "Mamori <mamori@example.lg.jp>",
                "https://mamori.example.lg.jp",
            )
            .unwrap(),
        )),
        ..Settings::default()
    }
}

async fn asset_named(person: &SignedIn<'_>, name: &str) -> AssetView {
    let q = crate::assets::urlencode(name);
    let page: Page<AssetView> = person
        .get(&format!("/api/v1/assets?q={q}"))
        .await
        .json()
        .await
        .unwrap();
    page.items.into_iter().find(|a| a.name == name).unwrap()
}

async fn request_access(staff: &SignedIn<'_>, asset: &AssetView) -> GrantView {
    let requested = staff
        .send(
            Method::POST,
            &format!("/api/v1/assets/{}/grants", asset.id),
            &json!({"access": "view", "reason": "構成の確認のため", "until": "2099-12-31"}),
            None,
        )
        .await;
    assert_eq!(requested.status(), StatusCode::CREATED);
    requested.json().await.unwrap()
}

async fn tasks(person: &SignedIn<'_>) -> Tasks {
    person.get("/api/v1/me/tasks").await.json().await.unwrap()
}

/// The demo organisation, then a restart with mail: what happened before is not mailed.
async fn demo_with_mail(backend: Backend, smtp_url: &str) -> TestApp {
    spawn_demo_app(backend)
        .await
        .restart_with(mail_settings(smtp_url))
        .await
}

async fn a_request_gives_its_deciders_a_task_and_a_mail(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = demo_with_mail(backend, &smtp.url()).await;
    let manager = app.sign_in("kanrisha").await;
    let staff = app.sign_in("shokuin").await;
    let asset = asset_named(&manager, "ネットワーク構成図").await;

    let grant = request_access(&staff, &asset).await;
    let waiting = tasks(&manager).await;
    let task = waiting.items.iter().find(|t| t.id == grant.id).unwrap();
    assert_eq!(task.kind, "grant.decide");
    assert_eq!(task.href, "/grants/inbox");
    assert_eq!(task.subject, "ネットワーク構成図");
    assert!(
        tasks(&staff).await.items.iter().all(|t| t.id != grant.id),
        "nobody decides their own request"
    );

    // The department's manager is mailed, and only "you have a task": no asset, no reason.
    let mails = smtp.mails_to("kanrisha@example.lg.jp", 1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert!(
        mail.contains("https://mamori.example.lg.jp/grants/inbox"),
        "{mail}"
    );
    for secret in ["ネットワーク構成図", "構成の確認", &asset.id.to_string()] {
        assert!(!mail.contains(secret), "a mail names nothing: {mail}");
    }
    assert!(smtp.to("shokuin@example.lg.jp").is_empty());

    // The decision: the requester's task and mail.
    let approved = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/approve", grant.id),
            &json!({"reason": "確認済み"}),
            Some(grant.version),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    assert!(tasks(&manager).await.items.iter().all(|t| t.id != grant.id));
    let told = tasks(&staff).await;
    let task = told.items.iter().find(|t| t.id == grant.id).unwrap();
    assert_eq!(task.kind, "grant.decided");
    assert_eq!(task.outcome.as_deref(), Some("approved"));
    let mails = smtp.mails_to("shokuin@example.lg.jp", 1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("/grants/mine"));

    // Opting out: the next decision is in the app, not in the mail.
    let off = staff
        .send(
            Method::PUT,
            "/api/v1/me/notifications",
            &json!({"email": false}),
            None,
        )
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    let settings: NotificationSettings = staff
        .get("/api/v1/me/notifications")
        .await
        .json()
        .await
        .unwrap();
    assert!(!settings.email && settings.email_available);
    let other = asset_named(&manager, "庁内LGWAN端末").await;
    let second = request_access(&staff, &other).await;
    let rejected = manager
        .send(
            Method::POST,
            &format!("/api/v1/grants/{}/reject", second.id),
            &json!({"reason": "不要"}),
            Some(second.version),
        )
        .await;
    assert_eq!(rejected.status(), StatusCode::OK);
    settled(&app, &format!("grant.decided:{}", second.id)).await;
    assert_eq!(smtp.to("shokuin@example.lg.jp").len(), 1);
    let told = tasks(&staff).await;
    let task = told.items.iter().find(|t| t.id == second.id).unwrap();
    assert_eq!(task.outcome.as_deref(), Some("rejected"));
}
on_both!(a_request_gives_its_deciders_a_task_and_a_mail);

/// Waits until the outbox has settled the notice `key`, and returns how.
async fn settled(app: &TestApp, key: &str) -> String {
    for _ in 0..200 {
        let outcome: Option<Option<String>> = mamori::with_pool!(app.state.store.database(), pool => {
            sqlx::query_scalar("SELECT outcome FROM mail_outbox WHERE notice_key = $1 AND settled_at IS NOT NULL")
                .bind(key)
                .fetch_optional(pool)
                .await
                .unwrap()
        });
        if let Some(outcome) = outcome {
            return outcome.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the notice {key} was not settled");
}

async fn waiting_notices(app: &TestApp) -> i64 {
    mamori::with_pool!(app.state.store.database(), pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE settled_at IS NULL")
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

/// The mail server is down when the request is committed; the server restarts; the mail is then
/// sent, once, however long one waits.
async fn a_restart_between_commit_and_send_mails_once(backend: Backend) {
    let down = format!("smtp://127.0.0.1:{}", free_port());
    let app = demo_with_mail(backend, &down).await;
    let grant = {
        let manager = app.sign_in("kanrisha").await;
        let staff = app.sign_in("shokuin").await;
        let asset = asset_named(&manager, "ネットワーク構成図").await;
        request_access(&staff, &asset).await
    };
    for _ in 0..200 {
        if waiting_notices(&app).await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let deciders = waiting_notices(&app).await;
    assert!(deciders > 0, "the notices wait in the outbox");

    let smtp = SmtpServer::start().await;
    let app = app.restart_with(mail_settings(&smtp.url())).await;
    settled(
        &app,
        &format!("grant.decide:{}:{}", grant.id, person_id(&app, "kanrisha")),
    )
    .await;
    for _ in 0..200 {
        if waiting_notices(&app).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(waiting_notices(&app).await, 0);
    // Time for a repeat to show, if there were one.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.to("kanrisha@example.lg.jp").len(), 1);
    let sent = smtp.mails().len() as i64;
    assert_eq!(
        sent,
        deciders,
        "one mail for each decider, no more: {:?}",
        smtp.mails()
    );
}
on_both!(a_restart_between_commit_and_send_mails_once);

fn person_id(app: &TestApp, login: &str) -> uuid::Uuid {
    app.state
        .projections
        .directory
        .read()
        .person_by_login(login)
        .unwrap()
        .id
}
