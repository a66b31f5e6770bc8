//! OpenID Connect single sign-on (authorization code flow with PKCE S256, `state` and `nonce`),
//! with the maintained `openidconnect` crate over the backend's own reqwest (rustls with ring).
//!
//! What a flow must check on its return (state, nonce, PKCE verifier) stays on the server, in
//! `oidc_flows`, found by the hash of a random flow id that only the browser's cookie holds: a row is
//! used once, expires after [`FLOW_LIFETIME_MICROS`], and there are at most [`MAX_FLOWS`], so that
//! anonymous callers cannot grow the table.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken, HttpRequest,
    HttpResponse, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
};
use thiserror::Error;
use tokio::sync::RwLock;

use super::token::{random_token, token_hash};
use crate::database::Database;
use crate::with_pool;

/// How long a browser has at the provider before its flow is forgotten.
pub const FLOW_LIFETIME_MICROS: i64 = 10 * 60 * 1_000_000;
/// Flows under way at once, at most: beyond, starting one is refused (503) until some end or expire.
pub const MAX_FLOWS: i64 = 10_000;
/// The cookie that binds a flow to the browser that started it.
pub const FLOW_COOKIE: &str = "mamori_oidc_flow";

/// The identity provider, as configured (`MAMORI_OIDC_*`).
#[derive(Debug, Clone)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_url: String,
    /// The ID token's claim whose value is a person's login.
    pub login_claim: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Error)]
pub enum OidcError {
    #[error("single sign-on is not configured")]
    NotConfigured,
    #[error("{setting}: {message}")]
    BadSetting {
        setting: &'static str,
        message: String,
    },
    #[error("the identity provider cannot be reached or described itself wrongly: {0}")]
    Discovery(String),
    #[error("too many sign-ins under way")]
    TooManyFlows,
    #[error("no sign-in under way for this browser (missing, used or expired)")]
    NoFlow,
    #[error("the state does not match the sign-in under way")]
    WrongState,
    #[error("the identity provider refused: {0}")]
    ProviderRefused(String),
    #[error("the code exchange failed: {0}")]
    Exchange(String),
    #[error("the answer names another issuer")]
    WrongIssuer,
    #[error("the identity provider sent no ID token")]
    NoIdToken,
    #[error("the ID token is not valid: {0}")]
    InvalidIdToken(String),
    #[error("the ID token has no string claim {0:?}")]
    MissingClaim(String),
    #[error("no active person has this login")]
    UnknownLogin,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// The provider, discovered once (and again after a failure), and the HTTP client to reach it.
pub struct Oidc {
    pub config: OidcConfig,
    issuer: IssuerUrl,
    redirect: RedirectUrl,
    http: Http,
    metadata: RwLock<Option<CoreProviderMetadata>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the client secret.
        f.debug_struct("Oidc")
            .field("issuer", &self.config.issuer)
            .field("client_id", &self.config.client_id)
            .finish_non_exhaustive()
    }
}

/// A flow begun: where to send the browser, and the flow id for its cookie.
pub struct Started {
    pub authorize_url: String,
    pub flow_id: String,
}

impl Oidc {
    /// Checks the settings (no network yet).
    pub fn new(config: OidcConfig) -> Result<Arc<Self>, OidcError> {
        let bad = |setting, message: String| OidcError::BadSetting { setting, message };
        let issuer = IssuerUrl::new(config.issuer.clone())
            .map_err(|e| bad("MAMORI_OIDC_ISSUER (--oidc-issuer)", e.to_string()))?;
        let redirect = RedirectUrl::new(config.redirect_url.clone()).map_err(|e| {
            bad(
                "MAMORI_OIDC_REDIRECT_URL (--oidc-redirect-url)",
                e.to_string(),
            )
        })?;
        if config.client_id.trim().is_empty() {
            return Err(bad(
                "MAMORI_OIDC_CLIENT_ID (--oidc-client-id)",
                "is required with MAMORI_OIDC_ISSUER".into(),
            ));
        }
        if config.login_claim.trim().is_empty() {
            return Err(bad(
                "MAMORI_OIDC_LOGIN_CLAIM (--oidc-login-claim)",
                "names no claim".into(),
            ));
        }
        let http = Http::new().map_err(|e| OidcError::Discovery(e.to_string()))?;
        Ok(Arc::new(Self {
            config,
            issuer,
            redirect,
            http,
            metadata: RwLock::new(None),
        }))
    }

    /// Fetches the provider's discovery document and keys (`/.well-known/openid-configuration`).
    pub async fn discover(&self) -> Result<(), OidcError> {
        let metadata = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| OidcError::Discovery(error_chain(&e)))?;
        *self.metadata.write().await = Some(metadata);
        Ok(())
    }

    /// Forgets the discovery, so that the next sign-in fetches it again (rotated keys).
    pub async fn forget_discovery(&self) {
        *self.metadata.write().await = None;
    }

    async fn client(
        &self,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        OidcError,
    > {
        if self.metadata.read().await.is_none() {
            self.discover().await?;
        }
        let metadata = self
            .metadata
            .read()
            .await
            .clone()
            .ok_or_else(|| OidcError::Discovery("no discovery document".into()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect.clone()))
    }

    /// Begins a flow: keeps its state, nonce and PKCE verifier, and returns where to send the browser.
    pub async fn start(&self, db: &Database, now: i64) -> Result<Started, OidcError> {
        let client = self.client().await?;
        let flows = Flows(db);
        flows.forget_expired(now).await?;
        if flows.count().await? >= MAX_FLOWS {
            return Err(OidcError::TooManyFlows);
        }
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let flow_id = random_token();
        flows
            .insert(
                &flow_id,
                &Flow {
                    state: state.secret().clone(),
                    nonce: nonce.secret().clone(),
                    pkce_verifier: verifier.secret().clone(),
                    created_at: now,
                },
            )
            .await?;
        Ok(Started {
            authorize_url: url.to_string(),
            flow_id,
        })
    }

    /// Completes a flow: the browser's flow (used up here, whatever follows) must be live and
    /// carry `state`; the code is exchanged with its PKCE verifier, and the ID token verified
    /// (signature by the provider's keys, issuer, audience, expiry, nonce). Returns the login the
    /// configured claim names.
    pub async fn complete(
        &self,
        db: &Database,
        flow_id: Option<&str>,
        state: &str,
        code: &str,
        issuer: Option<&str>,
        now: i64,
    ) -> Result<String, OidcError> {
        let flow = match flow_id {
            Some(id) => Flows(db).take(id).await?,
            None => None,
        };
        let flow = flow
            .filter(|flow| flow.is_live(now))
            .ok_or(OidcError::NoFlow)?;
        if !flow.state_matches(state) {
            return Err(OidcError::WrongState);
        }
        // RFC 9207: an answer naming another issuer is a mix-up; its code goes nowhere.
        if issuer.is_some_and(|iss| {
            iss.trim_end_matches('/') != self.config.issuer.trim_end_matches('/')
        }) {
            return Err(OidcError::WrongIssuer);
        }
        let client = self.client().await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Exchange(error_chain(&e)))?;
        use openidconnect::TokenResponse;
        let id_token = response.id_token().ok_or(OidcError::NoIdToken)?;
        let verifier = client.id_token_verifier();
        let verified = id_token.claims(&verifier, &Nonce::new(flow.nonce));
        if let Err(error) = verified {
            if matches!(
                error,
                openidconnect::ClaimsVerificationError::SignatureVerification(_)
            ) {
                // Perhaps the provider rotated its keys: the next sign-in fetches them anew.
                self.forget_discovery().await;
            }
            return Err(OidcError::InvalidIdToken(error.to_string()));
        }
        // Verified above; its payload read again for a claim of any name.
        let claims = jwt_payload(&id_token.to_string())
            .ok_or_else(|| OidcError::InvalidIdToken("unreadable payload".into()))?;
        login_from_claims(&claims, &self.config.login_claim)
    }
}

/// The login a set of verified claims names by `claim`: its string value, trimmed and in lower
/// case (as password sign-in reads a login).
pub fn login_from_claims(claims: &serde_json::Value, claim: &str) -> Result<String, OidcError> {
    claims
        .get(claim)
        .and_then(|v| v.as_str())
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty() && v.chars().count() <= mamori_shared::api::auth::MAX_LOGIN_CHARS)
        .ok_or_else(|| OidcError::MissingClaim(claim.to_owned()))
}

fn jwt_payload(jwt: &str) -> Option<serde_json::Value> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What a flow's callback checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: i64,
}

impl Flow {
    pub fn is_live(&self, now: i64) -> bool {
        now - self.created_at <= FLOW_LIFETIME_MICROS && now >= self.created_at
    }

    /// Compared by hash, so that the time taken says nothing about how much of it matched.
    pub fn state_matches(&self, state: &str) -> bool {
        token_hash(&self.state) == token_hash(state)
    }
}

struct Flows<'a>(&'a Database);

impl Flows<'_> {
    async fn insert(&self, flow_id: &str, flow: &Flow) -> Result<(), sqlx::Error> {
        const SQL: &str =
            "INSERT INTO oidc_flows (id_hash, state, nonce, pkce_verifier, created_at) \
             VALUES ($1, $2, $3, $4, $5)";
        with_pool!(self.0, pool => sqlx::query(SQL)
            .bind(token_hash(flow_id))
            .bind(&flow.state)
            .bind(&flow.nonce)
            .bind(&flow.pkce_verifier)
            .bind(flow.created_at)
            .execute(pool)
            .await
            .map(drop))
    }

    /// The flow, removed: a flow id is good for one callback.
    async fn take(&self, flow_id: &str) -> Result<Option<Flow>, sqlx::Error> {
        const SQL: &str = "DELETE FROM oidc_flows WHERE id_hash = $1 \
             RETURNING state, nonce, pkce_verifier, created_at";
        let row: Option<(String, String, String, i64)> = with_pool!(self.0, pool => sqlx::query_as(SQL)
            .bind(token_hash(flow_id))
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(|(state, nonce, pkce_verifier, created_at)| Flow {
            state,
            nonce,
            pkce_verifier,
            created_at,
        }))
    }

    async fn forget_expired(&self, now: i64) -> Result<(), sqlx::Error> {
        const SQL: &str = "DELETE FROM oidc_flows WHERE created_at < $1";
        with_pool!(self.0, pool => sqlx::query(SQL)
            .bind(now - FLOW_LIFETIME_MICROS)
            .execute(pool)
            .await
            .map(drop))
    }

    async fn count(&self) -> Result<i64, sqlx::Error> {
        const SQL: &str = "SELECT COUNT(*) FROM oidc_flows";
        with_pool!(self.0, pool => sqlx::query_scalar(SQL).fetch_one(pool).await)
    }
}

/// The backend's reqwest, as `openidconnect`'s HTTP client: rustls with ring and Mozilla's roots,
/// no redirects followed (they would open the way to SSRF), bounded in time.
#[derive(Clone)]
struct Http(reqwest::Client);

#[derive(Debug, Error)]
pub enum HttpError {
    #[error("request: {0}")]
    Request(#[from] reqwest::Error),
    #[error("response: {0}")]
    Response(#[from] openidconnect::http::Error),
}

impl Http {
    fn new() -> Result<Self, reqwest::Error> {
        reqwest::Client::builder()
            .tls_backend_preconfigured(crate::webhooks::tls_config().as_ref().clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("Mamori/", env!("CARGO_PKG_VERSION")))
            .build()
            .map(Self)
    }
}

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            let response = self.0.execute(request).await?;
            let mut builder = openidconnect::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = response.bytes().await?.to_vec();
            Ok(builder.body(body)?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_configured_claim_names_the_login() {
        let claims =
            json!({"sub": "u-1", "preferred_username": " Shokuin ", "email": "a@b.jp", "n": 3});
        assert_eq!(
            login_from_claims(&claims, "preferred_username").unwrap(),
            "shokuin"
        );
        assert_eq!(login_from_claims(&claims, "email").unwrap(), "a@b.jp");
        assert!(matches!(
            login_from_claims(&claims, "upn"),
            Err(OidcError::MissingClaim(c)) if c == "upn"
        ));
        // Not a string, empty or longer than any login: no login.
        assert!(login_from_claims(&claims, "n").is_err());
        assert!(login_from_claims(&json!({"l": "  "}), "l").is_err());
        assert!(login_from_claims(&json!({"l": "x".repeat(65)}), "l").is_err());
    }

    #[test]
    fn a_flow_lives_ten_minutes_and_matches_only_its_state() {
        let flow = Flow {
            state: "s".into(),
            nonce: "n".into(),
            pkce_verifier: "v".into(),
            created_at: 1_000,
        };
        assert!(flow.is_live(1_000));
        assert!(flow.is_live(1_000 + FLOW_LIFETIME_MICROS));
        assert!(!flow.is_live(1_001 + FLOW_LIFETIME_MICROS));
        assert!(!flow.is_live(999), "not from the future");
        assert!(flow.state_matches("s"));
        assert!(!flow.state_matches("t"));
        assert!(!flow.state_matches(""));
    }

    #[test]
    fn a_verified_tokens_payload_is_read() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"preferred_username":"shokuin"}"#);
        let claims = jwt_payload(&format!("h.{payload}.s")).unwrap();
        assert_eq!(claims["preferred_username"], "shokuin");
        assert!(jwt_payload("nodots").is_none());
    }
}
