use std::net::SocketAddr;

use mamori::database::Database;
use mamori::server::Server;
use sqlx::sqlite::SqliteConnectOptions;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// A running server; stops (gracefully) when dropped.
pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    _stop: oneshot::Sender<()>,
    _dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }
}

/// Starts `mamori serve`'s server on 127.0.0.1:0 with a fresh SQLite database file.
pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = Database::connect_sqlite(SqliteConnectOptions::new().filename(dir.path().join("mamori.db")))
        .await
        .expect("a fresh SQLite database");
    let server = Server::start_with("127.0.0.1:0".parse().unwrap(), db)
        .await
        .expect("the server starts");
    let address = server.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        _stop: stop,
        _dir: dir,
    }
}
