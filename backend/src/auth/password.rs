//! Passwords: the policy (ASVS 5.0 V6.2) and argon2id hashing (OWASP's parameters: 19 MiB, 2
//! passes, 1 lane — the `argon2` crate's defaults). No composition rules, as ASVS advises; length and
//! a check against the most common choices instead.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::Arc;
use thiserror::Error;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordPolicyError {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("the password contains the login")]
    ContainsLogin,
    #[error("the password is too common")]
    TooCommon,
}

const COMMON: [&str; 12] = [
    "password1234",
    "passwordpassword",
    "123456789012",
    "qwertyuiop12",
    "111111111111",
    "000000000000",
    "abcdefghijkl",
    "administrator",
    "iloveyou1234",
    "welcome12345",
    "mamorimamori",
    "changeme1234",
];

pub fn check_policy(password: &str, login: &str) -> Result<(), PasswordPolicyError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordPolicyError::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PasswordPolicyError::TooLong);
    }
    let lower = password.to_lowercase();
    if !login.is_empty() && lower.contains(&login.to_lowercase()) {
        return Err(PasswordPolicyError::ContainsLogin);
    }
    let distinct = {
        let mut chars: Vec<char> = lower.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        chars.len()
    };
    if COMMON.contains(&lower.as_str()) || distinct < 4 {
        return Err(PasswordPolicyError::TooCommon);
    }
    Ok(())
}

/// An argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the time a real verification would, so an unknown login answers as slowly as a wrong
/// password (no account enumeration by timing).
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("mamori-dummy-password"));
    let _ = verify(password, dummy);
}

/// Where argon2 runs: on at most `workers` blocking threads at once (one per core — more would only
/// share the cores and each holds 19 MiB), with at most `queue` more attempts waiting. Past that an
/// attempt is refused at once ([`Busy`]) instead of piling up memory and latency.
#[derive(Debug, Clone)]
pub struct Workers {
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

/// The password-checking queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("every password worker is busy and the queue is full")]
pub struct Busy;

/// A place in the queue; [`Admitted::run`] waits for a worker.
#[derive(Debug)]
pub struct Admitted {
    _place: OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

/// Attempts that may wait, per worker: a few argon2 runs' worth of waiting (tens of milliseconds
/// each), no more.
const QUEUE_PER_WORKER: usize = 8;

impl Workers {
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        Self {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
        }
    }

    /// One worker per available core.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores, cores * QUEUE_PER_WORKER)
    }

    /// A place in the queue, or [`Busy`] if there is none.
    pub fn admit(&self) -> Result<Admitted, Busy> {
        let place = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| Busy)?;
        Ok(Admitted {
            _place: place,
            running: self.running.clone(),
        })
    }
}

impl Default for Workers {
    fn default() -> Self {
        Self::for_this_machine()
    }
}

impl Admitted {
    /// Runs `work` (argon2) on a blocking thread once a worker is free.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, tokio::task::JoinError> {
        let _worker = self
            .running
            .acquire()
            .await
            .expect("the workers' semaphore is never closed");
        tokio::task::spawn_blocking(work).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_is_bounded() {
        let workers = Workers::new(1, 1);
        let first = workers.admit().unwrap();
        let _second = workers.admit().unwrap();
        assert_eq!(workers.admit().unwrap_err(), Busy);
        drop(first);
        assert!(
            workers.admit().is_ok(),
            "a place frees when an attempt ends"
        );
    }

    #[test]
    fn the_policy_wants_length_and_no_obvious_choice() {
        assert_eq!(
            check_policy("short", "sato"),
            Err(PasswordPolicyError::TooShort)
        );
        assert_eq!(
            check_policy("sato-is-my-name", "sato"),
            Err(PasswordPolicyError::ContainsLogin)
        );
        assert_eq!(
            check_policy("Password1234", "x"),
            Err(PasswordPolicyError::TooCommon)
        );
        assert_eq!(
            check_policy("aaaaaaaaaaaaaaaa", "x"),
            Err(PasswordPolicyError::TooCommon)
        );
        assert_eq!(
            check_policy(&"x".repeat(129), "y"),
            Err(PasswordPolicyError::TooLong)
        );
        assert_eq!(check_policy("宮城の情報を守る合言葉です", "sato"), Ok(()));
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery");
        let b = hash("correct horse battery");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("wrong horse battery", &a));
        assert!(!verify("anything", "not a hash"));
    }
}
