//! Who is asking: local accounts, sessions, CSRF protection and sign-in rate limits
//! (OWASP ASVS 5.0 level 2, chapters V6 authentication and V7 session management).
//!
//! Credentials and sessions are operational state, not history: they live in their own tables
//! (`credentials`, `sessions`), so that a password hash can be replaced and an expired session
//! forgotten. What happened — every sign-in attempt, every refused authorization — is history, and
//! goes to the event log (`security-log` stream), where the app cannot edit it.

pub mod api_tokens;
pub mod credentials;
pub mod oidc;
pub mod password;
pub mod rate_limit;
pub mod security_log;
pub mod sessions;
pub mod token;

/// The session cookie's name. `__Host-` cannot be used: it requires Secure, and Mamori may be
/// served over plain HTTP on a closed network (the cookie is Secure whenever TLS is in front).
pub const SESSION_COOKIE: &str = "mamori_session";
/// The header that carries the session's CSRF token on every state-changing request.
pub const CSRF_HEADER: &str = "x-csrf-token";
