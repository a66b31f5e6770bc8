//! The tokens of client systems (連携システム): made here, shown once, kept only as their SHA-256
//! (in the log, with their first characters); sent as `Authorization: Bearer mamori_…`. When each
//! was last used, and from where, is operational state (the `api_token_uses` table), as sessions
//! are. A client's requests are limited per minute; refusals are recorded, boundedly.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap};
use base64::Engine;
use mamori_shared::integration::TOKEN_PREFIX;
use uuid::Uuid;

use super::token::token_hash;
use crate::database::Database;
use crate::with_pool;

/// How many characters of a value are kept to tell tokens apart: the prefix and four more.
const SHOWN: usize = TOKEN_PREFIX.len() + 4;

/// A new token: its value (`mamori_` and 256 random bits in base64url, 43 characters), what is
/// shown of it afterwards, and its SHA-256.
pub struct NewValue {
    pub value: String,
    pub prefix: String,
    pub sha256: String,
}

pub fn new_value() -> NewValue {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let value = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    NewValue {
        prefix: value[..SHOWN].to_owned(),
        sha256: token_hash(&value),
        value,
    }
}

/// What a request's `Authorization` header says.
#[derive(Debug, PartialEq, Eq)]
pub enum Bearer {
    /// No `Authorization` header: a browser session, or nobody.
    Absent,
    /// One that is not `Bearer mamori_…` of the right length.
    Malformed,
    /// The SHA-256 of the token sent.
    Token(String),
}

pub fn bearer(headers: &HeaderMap) -> Bearer {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return if headers.contains_key(header::AUTHORIZATION) {
            Bearer::Malformed
        } else {
            Bearer::Absent
        };
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| {
            token.len() == TOKEN_PREFIX.len() + 43
                && token.starts_with(TOKEN_PREFIX)
                && token[TOKEN_PREFIX.len()..]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    match token {
        Some(token) => Bearer::Token(token_hash(token)),
        None => Bearer::Malformed,
    }
}

/// When each token was last used and from where: kept in the `api_token_uses` table, and in
/// memory for the views (one entry per token that was used: bounded by the tokens issued). A view
/// of one client reads its tokens' rows first ([`TokenUses::refresh`]), so that several instances
/// agree.
#[derive(Debug, Default)]
pub struct TokenUses {
    seen: Mutex<HashMap<Uuid, (i64, String)>>,
}

impl TokenUses {
    /// Records that the token was used now, from `address`.
    pub async fn record(
        &self,
        db: &Database,
        token_id: Uuid,
        now: i64,
        address: &str,
    ) -> Result<(), sqlx::Error> {
        self.lock().insert(token_id, (now, address.to_owned()));
        const SQL: &str = "INSERT INTO api_token_uses (token_id, last_used_at, last_address) \
            VALUES ($1, $2, $3) ON CONFLICT (token_id) DO UPDATE \
            SET last_used_at = excluded.last_used_at, last_address = excluded.last_address";
        with_pool!(db, pool => sqlx::query(SQL)
            .bind(token_id.to_string())
            .bind(now)
            .bind(address)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Reads the last uses of `tokens` from the database (other instances record there too).
    pub async fn refresh(&self, db: &Database, tokens: &[Uuid]) -> Result<(), sqlx::Error> {
        if tokens.is_empty() {
            return Ok(());
        }
        // A client has at most a few dozen tokens: one query with their ids.
        let placeholders: Vec<String> = (1..=tokens.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT token_id, last_used_at, last_address FROM api_token_uses \
             WHERE token_id IN ({})",
            placeholders.join(", ")
        );
        let rows: Vec<(String, i64, String)> = with_pool!(db, pool => {
            let mut query = sqlx::query_as(&sql);
            for token in tokens {
                query = query.bind(token.to_string());
            }
            query.fetch_all(pool).await
        })?;
        let mut seen = self.lock();
        for (id, at, address) in rows {
            if let Ok(id) = Uuid::parse_str(&id) {
                seen.insert(id, (at, address));
            }
        }
        Ok(())
    }

    /// The last uses known of `tokens`.
    pub fn get(&self, tokens: impl Iterator<Item = Uuid>) -> HashMap<Uuid, (i64, String)> {
        let seen = self.lock();
        tokens
            .filter_map(|id| seen.get(&id).map(|use_| (id, use_.clone())))
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, (i64, String)>> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Requests per client and minute: a bucket of `per_minute` requests, refilled evenly. Only a
/// client whose token was found is counted, so the table holds at most the registered clients.
#[derive(Debug)]
pub struct ClientLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<Uuid, (f64, Instant)>>,
}

impl ClientLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            buckets: Mutex::default(),
        }
    }

    /// `Ok` to serve a request of `client` now, or how long until it may send the next.
    pub fn take(&self, client: Uuid) -> Result<(), Duration> {
        let now = Instant::now();
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, at) = buckets.entry(client).or_insert((capacity, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / per_second))
        }
    }
}

/// Which token refusals are recorded in the security log: each key (a token and reason, or an
/// address sending unknown tokens) at most once a minute. Bounded: past 10,000 keys it forgets.
#[derive(Debug, Default)]
pub struct RefusalGate {
    recorded: Mutex<HashMap<String, Instant>>,
}

impl RefusalGate {
    const EVERY: Duration = Duration::from_secs(60);
    const MAX_KEYS: usize = 10_000;

    /// Whether a refusal under `key` is to be recorded now.
    pub fn admit(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut recorded = self.recorded.lock().unwrap_or_else(|e| e.into_inner());
        if recorded.len() >= Self::MAX_KEYS {
            recorded.retain(|_, at| now.duration_since(*at) < Self::EVERY);
            if recorded.len() >= Self::MAX_KEYS {
                return false;
            }
        }
        match recorded.get(key) {
            Some(at) if now.duration_since(*at) < Self::EVERY => false,
            _ => {
                recorded.insert(key.to_owned(), now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_value_has_256_bits_behind_its_prefix_and_only_its_hash_is_kept() {
        let (a, b) = (new_value(), new_value());
        assert_ne!(a.value, b.value);
        assert_eq!(a.value.len(), TOKEN_PREFIX.len() + 43);
        assert!(a.value.starts_with(&a.prefix) && a.prefix.starts_with("mamori_"));
        assert_eq!(a.sha256, token_hash(&a.value));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {}", a.value)).unwrap(),
        );
        assert_eq!(bearer(&headers), Bearer::Token(a.sha256));
    }

    #[test]
    fn anything_but_one_bearer_token_is_malformed() {
        assert_eq!(bearer(&HeaderMap::new()), Bearer::Absent);
        for value in [
            "Basic dXNlcjpwYXNz",
            "Bearer",
            "Bearer mamori_short",
            "Bearer other_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            assert_eq!(bearer(&headers), Bearer::Malformed, "{value}");
        }
        let value = new_value().value;
        let mut two = HeaderMap::new();
        for _ in 0..2 {
            two.append(
                header::AUTHORIZATION,
                HeaderValue::from_str(&format!("Bearer {value}")).unwrap(),
            );
        }
        assert_eq!(bearer(&two), Bearer::Malformed);
    }

    #[test]
    fn a_client_gets_its_minute_then_waits() {
        let limiter = ClientLimiter::new(3);
        let client = Uuid::from_u128(1);
        for _ in 0..3 {
            assert!(limiter.take(client).is_ok());
        }
        let wait = limiter.take(client).unwrap_err();
        assert!(wait > Duration::from_secs(15) && wait <= Duration::from_secs(20));
        assert!(limiter.take(Uuid::from_u128(2)).is_ok(), "per client");
    }

    #[test]
    fn a_refusal_is_recorded_once_a_minute_per_key() {
        let gate = RefusalGate::default();
        assert!(gate.admit("a"));
        assert!(!gate.admit("a"));
        assert!(gate.admit("b"));
    }
}
