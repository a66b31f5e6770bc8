//! Passwords: the policy (ASVS 5.0 V6.2) and argon2id hashing (OWASP's parameters: 19 MiB, 2
//! passes, 1 lane — the `argon2` crate's defaults). No composition rules, as ASVS advises; length and
//! a check against the most common choices instead.

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;
use std::sync::{mpsc, Arc, Mutex};
use thiserror::Error;
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

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
    let salt_text = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    let argon2 = Argon2::default();
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        compute(&argon2, password.as_bytes(), &salt, out).map_err(|_| password_hash::Error::Crypto)
    })
    .expect("argon2 with default parameters cannot fail");
    PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(argon2.params()).expect("default parameters are valid"),
        salt: Some(salt_text.as_salt()),
        hash: Some(output),
    }
    .to_string()
}

/// Whether `password` is the one hashed in `phc` (the `argon2` crate's `verify_password`, with the
/// working memory of [`compute`]).
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let algorithm = Algorithm::try_from(parsed.algorithm);
    let version = parsed
        .version
        .map_or(Ok(Version::default()), Version::try_from);
    let (Ok(algorithm), Ok(version), Ok(params)) = (algorithm, version, Params::try_from(&parsed))
    else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params);
    let mut computed = vec![0u8; expected.len()];
    compute(&argon2, password.as_bytes(), salt, &mut computed).is_ok()
        && Output::new(&computed).is_ok_and(|computed| computed == expected)
}

thread_local! {
    /// argon2's working memory (19 MiB), allocated once per thread that checks passwords (the
    /// [`Workers`]) and reused. Allocated per check, as the crate does, the blocks were kept by the
    /// allocator: the process grew by 19 MiB per sign-in (`docs/benchmarks.md`).
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

fn compute(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    MEMORY.with_borrow_mut(|memory| {
        memory.resize(argon2.params().block_count(), Block::default());
        argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..])
    })
}

/// Spends the time a real verification would, so an unknown login answers as slowly as a wrong
/// password (no account enumeration by timing).
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("mamori-dummy-password"));
    let _ = verify(password, dummy);
}

/// Where argon2 runs: on `workers` threads of its own (one per core — more would only share the
/// cores), with at most `queue` more attempts waiting. Past that an attempt is refused at once
/// ([`Busy`]) instead of piling up memory and latency. Threads of its own, not the blocking pool:
/// each keeps argon2's 19 MiB of working memory for the next check (`MEMORY`), so the memory held
/// is one block per worker, whatever the load.
#[derive(Debug, Clone)]
pub struct Workers {
    admitted: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// The password-checking queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("every password worker is busy and the queue is full")]
pub struct Busy;

/// The work did not complete (it panicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a password worker failed")]
pub struct WorkerFailed;

/// A place in the queue; [`Admitted::run`] hands the work to a worker.
#[derive(Debug)]
pub struct Admitted {
    _place: OwnedSemaphorePermit,
    jobs: mpsc::Sender<Job>,
}

/// Attempts that may wait, per worker: a few argon2 runs' worth of waiting (tens of milliseconds
/// each), no more.
const QUEUE_PER_WORKER: usize = 8;

impl Workers {
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        let (jobs, queued) = mpsc::channel::<Job>();
        let queued = Arc::new(Mutex::new(queued));
        for i in 0..workers {
            let queued = queued.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    // The lock is held only while waiting for the next job, not while running it.
                    let job = queued.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        // Every `Workers` is gone.
                        Err(_) => break,
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password worker");
            }
        }
        Self {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            jobs,
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
            jobs: self.jobs.clone(),
        })
    }
}

impl Default for Workers {
    fn default() -> Self {
        Self::for_this_machine()
    }
}

impl Admitted {
    /// Runs `work` (argon2) on a worker, in turn; the place in the queue is held until it is done.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, WorkerFailed> {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            let _ = done.send(outcome.map_err(|_| WorkerFailed));
        });
        self.jobs.send(job).map_err(|_| WorkerFailed)?;
        result.await.map_err(|_| WorkerFailed)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_a_worker_and_a_panic_is_an_error() {
        let workers = Workers::new(1, 0);
        let answer = workers.admit().unwrap().run(|| 6 * 7).await;
        assert_eq!(answer, Ok(42));
        let failed = workers.admit().unwrap().run(|| panic!("boom")).await;
        assert_eq!(failed, Err::<(), _>(WorkerFailed));
        let again = workers.admit().unwrap().run(|| "still there").await;
        assert_eq!(again, Ok("still there"));
    }

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

    #[test]
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("correct horse battery");
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(verify("correct horse battery", &theirs));
        assert!(!verify("correct horse batterx", &theirs));
    }
}
