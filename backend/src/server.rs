//! `mamori serve`: open and migrate the database, open the store, start the projections, bind, serve
//! until SIGTERM or SIGINT, then finish the requests in flight.

use std::future::Future;
use std::net::SocketAddr;

use thiserror::Error;
use tokio::net::TcpListener;

use crate::database::{Database, DatabaseError};
use crate::http::{self, AppState};
use crate::projections::Projections;
use crate::store::upcast::Upcasters;
use crate::store::{EventStore, StoreError};

#[derive(Debug, Error)]
pub enum StartError {
    #[error("MAMORI_LISTEN (--listen) {0:?} is not an IP address and port, e.g. 127.0.0.1:8080")]
    Listen(String),
    #[error("cannot listen on MAMORI_LISTEN (--listen) {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error("cannot open the event store: {0}")]
    Store(#[from] StoreError),
}

/// A server bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    state: AppState,
}

impl Server {
    pub async fn start(listen: &str, database_url: &str) -> Result<Self, StartError> {
        let addr: SocketAddr = listen
            .parse()
            .map_err(|_| StartError::Listen(listen.to_owned()))?;
        let db = Database::connect(database_url).await?;
        Self::start_with(addr, db).await
    }

    pub async fn start_with(addr: SocketAddr, db: Database) -> Result<Self, StartError> {
        db.migrate().await?;
        let store = EventStore::open(db, Upcasters::registry()).await?;
        let projections = Projections::start(&store);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        Ok(Self {
            listener,
            state: AppState { store, projections },
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets the requests in flight finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, http::router(self.state))
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
