use std::net::SocketAddr;
use std::str::FromStr;

use mamori::authz::Authorizer;
use mamori::database::Database;
use mamori::demo::{self, DEMO_PASSWORD};
use mamori::http::{AppState, Settings};
use mamori::server::Server;
use mamori_shared::api::auth::Me;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The database a test app runs on.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server; stops (gracefully) when dropped.
pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
    _dir: Option<TempDir>,
}

impl TestApp {
    /// Shuts the server down gracefully and waits until it has stopped.
    pub async fn shut_down(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.server.take() {
            Some(server) => server.await.expect("the server task does not panic"),
            None => Ok(()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// Signs in with the demo password (seed first: [`spawn_demo_app`]).
    pub async fn sign_in(&self, login: &str) -> SignedIn<'_> {
        self.try_sign_in(login, DEMO_PASSWORD)
            .await
            .unwrap_or_else(|status| panic!("{login} cannot sign in: {status}"))
    }

    pub async fn try_sign_in(
        &self,
        login: &str,
        password: &str,
    ) -> Result<SignedIn<'_>, StatusCode> {
        let response = self
            .client
            .post(self.url("/api/v1/auth/sign-in"))
            .json(&serde_json::json!({"login": login, "password": password}))
            .send()
            .await
            .unwrap();
        if response.status() != StatusCode::OK {
            return Err(response.status());
        }
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        let token = cookie
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, token)| token.to_owned())
            .unwrap();
        let me: Me = response.json().await.unwrap();
        Ok(SignedIn {
            app: self,
            token,
            me,
            cookie_header: cookie,
        })
    }
}

/// A signed-in client: sends the session cookie and, on writes, the CSRF token.
pub struct SignedIn<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub me: Me,
    /// The Set-Cookie header the sign-in answered.
    pub cookie_header: String,
}

impl SignedIn<'_> {
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self
            .app
            .client
            .request(method.clone(), self.app.url(path))
            .header("cookie", format!("mamori_session={}", self.token));
        if method == Method::GET {
            builder
        } else {
            builder.header("x-csrf-token", &self.me.csrf_token)
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: &impl Serialize,
        if_match: Option<u64>,
    ) -> Response {
        let mut request = self.request(method, path).json(body);
        if let Some(version) = if_match {
            request = request.header("if-match", format!("\"{version}\""));
        }
        request.send().await.unwrap()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::Sqlite, Authorizer::embedded().unwrap()).await
}

/// An app with the demo organisation (`mamori seed-demo`).
pub async fn spawn_demo_app(backend: Backend) -> TestApp {
    spawn_demo_app_with(backend, Settings::default()).await
}

/// An app with the demo organisation and these settings.
pub async fn spawn_demo_app_with(backend: Backend, settings: Settings) -> TestApp {
    let app = spawn_app_with(backend, Authorizer::embedded().unwrap(), settings).await;
    demo::seed(&app.state.store, &app.state.projections)
        .await
        .expect("the demo data is written");
    app
}

pub async fn spawn_app_on(backend: Backend, authz: Authorizer) -> TestApp {
    spawn_app_with(backend, authz, Settings::default()).await
}

pub async fn spawn_app_with(backend: Backend, authz: Authorizer, settings: Settings) -> TestApp {
    let (db, dir) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let db = Database::connect_sqlite(
                SqliteConnectOptions::new().filename(dir.path().join("mamori.db")),
            )
            .await
            .expect("a fresh SQLite database");
            (db, Some(dir))
        }
        Backend::Postgres => (fresh_postgres_schema().await, None),
    };
    let server = Server::start_with("127.0.0.1:0".parse().unwrap(), db, authz, settings)
        .await
        .expect("the server starts");
    let address = server.local_addr();
    let state = server.state().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        state,
        stop: Some(stop),
        server: Some(server),
        _dir: dir,
    }
}

/// A schema of its own on the test PostgreSQL (`MAMORI_TEST_PG_URL`); fails, never skips, if none answers.
async fn fresh_postgres_schema() -> Database {
    let url = std::env::var("MAMORI_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let schema = format!("mamori_api_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} (MAMORI_TEST_PG_URL) must answer: {e}"));
    admin
        .execute(format!("CREATE SCHEMA {schema}").as_str())
        .await
        .unwrap();
    let options = PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    Database::connect_postgres(options).await.unwrap()
}

/// Runs a test body on both databases.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread")]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread")]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    };
}

impl TestApp {
    /// Stops the server (as [`TestApp::stop`]) and starts a new one on the same database with
    /// `settings`: what a restart of `mamori serve` does.
    pub async fn restart_with(mut self, settings: Settings) -> TestApp {
        self.stop().await;
        let db = self.state.store.database().clone();
        let server = Server::start_with(
            "127.0.0.1:0".parse().unwrap(),
            db,
            Authorizer::embedded().unwrap(),
            settings,
        )
        .await
        .expect("the server starts again");
        let address = server.local_addr();
        let state = server.state().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        TestApp {
            address,
            client: self.client.clone(),
            state,
            stop: Some(stop),
            server: Some(server),
            _dir: self._dir.take(),
        }
    }

    /// Like [`TestApp::shut_down`], but keeps the app, and its database, to read afterwards (what the
    /// server wrote as it stopped).
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("the server task does not panic")
                .expect("the server stops cleanly");
        }
    }
}
