//! Sign-in throttling (ASVS 5.0 V6.3): failures are counted per account and per client address over a
//! sliding window; past the limit, attempts are refused without checking the password.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub window: Duration,
    pub per_account: usize,
    pub per_address: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 20,
        }
    }
}

#[derive(Debug, Default)]
pub struct SignInThrottle {
    limits: Limits,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl SignInThrottle {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            failures: Mutex::default(),
        }
    }

    /// Whether an attempt for `login` from `address` may be checked now.
    pub fn allows(&self, login: &str, address: &str, now: Instant) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut recent = |key: String| {
            let times = failures.entry(key).or_default();
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) > self.limits.window)
            {
                times.pop_front();
            }
            times.len()
        };
        recent(account_key(login)) < self.limits.per_account
            && recent(address_key(address)) < self.limits.per_address
    }

    pub fn record_failure(&self, login: &str, address: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures
            .entry(account_key(login))
            .or_default()
            .push_back(now);
        failures
            .entry(address_key(address))
            .or_default()
            .push_back(now);
    }

    /// A successful sign-in clears the account's failures (not the address's).
    pub fn record_success(&self, login: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&account_key(login));
    }
}

fn account_key(login: &str) -> String {
    format!("account:{}", login.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_failures_then_released() {
        let throttle = SignInThrottle::new(Limits {
            window: Duration::from_secs(60),
            per_account: 3,
            per_address: 100,
        });
        let start = Instant::now();
        for _ in 0..3 {
            assert!(throttle.allows("sato", "10.0.0.1", start));
            throttle.record_failure("sato", "10.0.0.1", start);
        }
        assert!(
            !throttle.allows("SATO", "10.0.0.2", start),
            "per account, whatever the case"
        );
        assert!(throttle.allows("suzuki", "10.0.0.1", start));
        assert!(throttle.allows("sato", "10.0.0.1", start + Duration::from_secs(61)));
    }

    #[test]
    fn an_address_is_throttled_across_accounts() {
        let throttle = SignInThrottle::new(Limits {
            window: Duration::from_secs(60),
            per_account: 100,
            per_address: 2,
        });
        let now = Instant::now();
        throttle.record_failure("a", "10.0.0.9", now);
        throttle.record_failure("b", "10.0.0.9", now);
        assert!(!throttle.allows("c", "10.0.0.9", now));
        assert!(throttle.allows("c", "10.0.0.8", now));
    }
}
