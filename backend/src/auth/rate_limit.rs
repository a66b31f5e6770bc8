//! Sign-in throttling (ASVS 5.0 V6.3): attempts are counted per account and per client address over
//! a sliding window; past the limit, attempts are refused without checking the password.
//!
//! An attempt is *reserved* before its password is checked, so that guesses sent in parallel are all
//! counted; a failure keeps the reservation, a success releases it (and forgets the account's
//! failures). The table is bounded whatever is typed: an entry expires with the window, and past
//! [`Limits::max_keys`] the least recently used entry is evicted.
//!
//! Why evict rather than refuse when full: refusing would let anyone who fills the table lock every
//! account out of sign-in. Evicting lets such an attacker forget an old entry's count, but filling
//! the table takes `max_keys` *reserved* attempts — each one an argon2 verification behind the
//! bounded queue of [`super::password::Workers`], and at most `per_address` of them per address and
//! window (refused attempts create no entry). On our 2 cores that is more than a window's worth of
//! argon2, so entries expire before they can be pushed out.
//!
//! Memory: an entry is a 16-byte digest of its key (whatever was typed) and at most `per_address`
//! timestamps of 4 bytes. At the default cap of 100,000 keys the table took 30.6 MB with every
//! account at its limit (`docs/benchmarks.md`, "Sign-in under attack"); an address entry holds up to
//! 20 timestamps instead of 5 (about 100 bytes more), so no filling takes more than about 40 MB.
//!
//! Refusals are recorded in the security log individually only the first time per key and summary
//! period; the rest are counted, and the count is taken by [`SignInThrottle::take_summary`].

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub window: Duration,
    pub per_account: usize,
    pub per_address: usize,
    /// The most accounts and addresses remembered at once.
    pub max_keys: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 20,
            max_keys: 100_000,
        }
    }
}

#[derive(Debug)]
pub struct SignInThrottle {
    limits: Limits,
    /// Instants are kept as whole seconds since this one (4 bytes each, not 16).
    epoch: Instant,
    table: Mutex<Table>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

#[derive(Debug, Default)]
struct Table {
    entries: HashMap<Key, Entry>,
    /// Keys by last reservation, oldest first: what expires first, and what the cap evicts.
    by_use: BTreeMap<u64, Key>,
    next_use: u64,
    /// The summary period in progress; a key's first refusal in it is recorded individually.
    period: u64,
    /// When it began (microseconds since the Unix epoch).
    period_started: i64,
    unrecorded: Unrecorded,
}

#[derive(Debug)]
struct Entry {
    /// Attempts still counted (reserved or failed), oldest first, in seconds since `epoch`.
    attempts: VecDeque<u32>,
    last_use: u64,
    /// The period in which this key's refusal was last recorded individually.
    refusal_recorded_in: Option<u64>,
}

/// An account or an address, by a digest: 16 bytes whatever was typed, and two kinds that cannot
/// collide. SHA-256, so that nobody can choose logins that share an entry with someone else's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key([u8; 16]);

impl Key {
    fn of(kind: &str, name: &str) -> Self {
        let digest = Sha256::new()
            .chain_update(kind)
            .chain_update([0])
            .chain_update(name)
            .finalize();
        let mut key = [0; 16];
        key.copy_from_slice(&digest[..16]);
        Self(key)
    }
}

/// Refused sign-ins not recorded individually, since the last summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Unrecorded {
    /// Refused by the throttle after the first refusal of their account or address.
    pub rate_limited: u64,
    /// Refused because the password-checking queue was full.
    pub busy: u64,
}

/// What a summary period refused without recording it individually.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// When the period began and ended (microseconds since the Unix epoch).
    pub from: i64,
    pub until: i64,
    pub unrecorded: Unrecorded,
}

/// An attempt counted before its password is checked.
#[derive(Debug)]
#[must_use = "a successful sign-in releases its reservation"]
pub struct Reservation {
    account: Key,
    address: Key,
    at: u32,
}

/// An attempt refused by the throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Whether this is the first refusal of its account or address in the current summary period,
    /// to be recorded individually; otherwise it has been counted for the summary.
    pub record: bool,
}

impl SignInThrottle {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            epoch: Instant::now(),
            table: Mutex::new(Table {
                period_started: crate::clock::now_micros(),
                ..Table::default()
            }),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Counts an attempt for `login` from `address` now, or refuses it if either is at its limit.
    pub fn reserve(
        &self,
        login: &str,
        address: &str,
        now: Instant,
    ) -> Result<Reservation, Refused> {
        let at = self.seconds(now);
        let window = u32::try_from(self.limits.window.as_secs()).unwrap_or(u32::MAX);
        let mut table = self.lock();
        table.expire(at, window);
        let account = account_key(login);
        let address = address_key(address);
        let over = |table: &mut Table, key: &Key, limit: usize| {
            table.entries.get_mut(key).is_some_and(|entry| {
                while entry
                    .attempts
                    .front()
                    .is_some_and(|t| at.saturating_sub(*t) >= window)
                {
                    entry.attempts.pop_front();
                }
                entry.attempts.len() >= limit
            })
        };
        let limiting = if over(&mut table, &account, self.limits.per_account) {
            Some(account)
        } else if over(&mut table, &address, self.limits.per_address) {
            Some(address)
        } else {
            None
        };
        if let Some(key) = limiting {
            return Err(table.refuse(&key));
        }
        table.count(&account, at, self.limits.max_keys);
        table.count(&address, at, self.limits.max_keys);
        Ok(Reservation {
            account,
            address,
            at,
        })
    }

    /// A successful sign-in forgets its account's failures and releases its address's reservation.
    pub fn succeeded(&self, reservation: Reservation) {
        let mut table = self.lock();
        table.remove(&reservation.account);
        if let Some(entry) = table.entries.get_mut(&reservation.address) {
            if let Some(i) = entry.attempts.iter().rposition(|t| *t == reservation.at) {
                entry.attempts.remove(i);
            }
        }
    }

    /// Counts a sign-in refused because the password-checking queue was full.
    pub fn count_busy(&self) {
        self.lock().unrecorded.busy += 1;
    }

    /// Ends the summary period at `now` (microseconds): what it did not record individually, if
    /// anything. In the next period, each key's first refusal is recorded individually again.
    pub fn take_summary(&self, now: i64) -> Option<Summary> {
        let mut table = self.lock();
        table.period += 1;
        let from = std::mem::replace(&mut table.period_started, now);
        let unrecorded = std::mem::take(&mut table.unrecorded);
        (unrecorded != Unrecorded::default()).then_some(Summary {
            from,
            until: now,
            unrecorded,
        })
    }

    /// How many accounts and addresses are remembered.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn seconds(&self, now: Instant) -> u32 {
        u32::try_from(now.saturating_duration_since(self.epoch).as_secs()).unwrap_or(u32::MAX)
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Table {
    /// Forgets the entries whose last attempt left the window (the oldest are first in `by_use`).
    fn expire(&mut self, at: u32, window: u32) {
        while let Some((_, key)) = self.by_use.first_key_value() {
            let newest = self
                .entries
                .get(key)
                .and_then(|entry| entry.attempts.back().copied());
            if newest.is_some_and(|t| at.saturating_sub(t) < window) {
                break;
            }
            let key = *key;
            self.remove(&key);
        }
    }

    fn count(&mut self, key: &Key, at: u32, max_keys: usize) {
        if !self.entries.contains_key(key) && self.entries.len() >= max_keys {
            if let Some((_, oldest)) = self.by_use.pop_first() {
                self.entries.remove(&oldest);
            }
        }
        let last_use = self.next_use;
        self.next_use += 1;
        let entry = self.entries.entry(*key).or_insert_with(|| Entry {
            attempts: VecDeque::new(),
            last_use,
            refusal_recorded_in: None,
        });
        self.by_use.remove(&entry.last_use);
        entry.last_use = last_use;
        entry.attempts.push_back(at);
        self.by_use.insert(last_use, *key);
    }

    fn refuse(&mut self, key: &Key) -> Refused {
        let period = self.period;
        let record = self.entries.get_mut(key).is_some_and(|entry| {
            let first = entry.refusal_recorded_in != Some(period);
            entry.refusal_recorded_in = Some(period);
            first
        });
        if !record {
            self.unrecorded.rate_limited += 1;
        }
        Refused { record }
    }

    fn remove(&mut self, key: &Key) {
        if let Some(entry) = self.entries.remove(key) {
            self.by_use.remove(&entry.last_use);
        }
    }
}

fn account_key(login: &str) -> Key {
    Key::of("account", &login.trim().to_lowercase())
}

/// An IPv6 client is counted by its /64: one host usually holds the whole prefix, and could
/// otherwise take a fresh address for every attempt.
fn address_key(address: &str) -> Key {
    let text = match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(ip)) if ip.to_ipv4_mapped().is_none() => {
            let bits = u128::from(ip) & !(u128::from(u64::MAX));
            format!("{}/64", std::net::Ipv6Addr::from(bits))
        }
        Ok(IpAddr::V6(ip)) => ip.to_canonical().to_string(),
        Ok(IpAddr::V4(ip)) => ip.to_string(),
        Err(_) => address.to_owned(),
    };
    Key::of("address", &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_account: usize, per_address: usize) -> Limits {
        Limits {
            window: Duration::from_secs(60),
            per_account,
            per_address,
            max_keys: 1_000,
        }
    }

    #[test]
    fn an_account_is_throttled_after_its_failures_then_released() {
        let throttle = SignInThrottle::new(limits(3, 100));
        let start = Instant::now();
        for _ in 0..3 {
            assert!(throttle.reserve("sato", "10.0.0.1", start).is_ok());
        }
        assert!(
            throttle.reserve("SATO", "10.0.0.2", start).is_err(),
            "per account, whatever the case"
        );
        assert!(throttle.reserve("suzuki", "10.0.0.1", start).is_ok());
        assert!(throttle
            .reserve("sato", "10.0.0.1", start + Duration::from_secs(61))
            .is_ok());
    }

    #[test]
    fn an_address_is_throttled_across_accounts() {
        let throttle = SignInThrottle::new(limits(100, 2));
        let now = Instant::now();
        let _ = throttle.reserve("a", "10.0.0.9", now);
        let _ = throttle.reserve("b", "10.0.0.9", now);
        assert!(throttle.reserve("c", "10.0.0.9", now).is_err());
        assert!(throttle.reserve("c", "10.0.0.8", now).is_ok());
    }

    #[test]
    fn parallel_attempts_are_counted_before_any_is_checked() {
        let throttle = SignInThrottle::new(limits(5, 100));
        let now = Instant::now();
        // Ten guesses arrive before the first password check finishes.
        let admitted = (0..10)
            .filter(|_| throttle.reserve("sato", "10.0.0.1", now).is_ok())
            .count();
        assert_eq!(admitted, 5);
    }

    #[test]
    fn a_success_releases_the_account_and_its_reservation_on_the_address() {
        let throttle = SignInThrottle::new(limits(2, 2));
        let now = Instant::now();
        let _failed = throttle.reserve("sato", "10.0.0.1", now).unwrap();
        let ok = throttle.reserve("sato", "10.0.0.1", now).unwrap();
        throttle.succeeded(ok);
        assert!(throttle.reserve("sato", "10.0.0.1", now).is_ok());
        assert!(
            throttle.reserve("suzuki", "10.0.0.1", now).is_err(),
            "the failure still counts for the address"
        );
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_prefix() {
        let throttle = SignInThrottle::new(limits(100, 2));
        let now = Instant::now();
        let _ = throttle.reserve("a", "2001:db8::1", now);
        let _ = throttle.reserve("b", "2001:db8::2:3", now);
        assert!(throttle.reserve("c", "2001:db8::ffff", now).is_err());
        assert!(throttle.reserve("c", "2001:db8:0:1::1", now).is_ok());
    }

    #[test]
    fn entries_expire_with_the_window_and_the_table_has_a_cap() {
        let throttle = SignInThrottle::new(Limits {
            max_keys: 10,
            ..limits(5, 1_000)
        });
        let start = Instant::now();
        for i in 0..100 {
            let _ = throttle.reserve(&format!("login{i}"), "10.0.0.1", start);
            assert!(throttle.len() <= 10);
        }
        // The newest entries survived: the address (used by every attempt) among them.
        assert!(throttle.reserve("login99", "10.0.0.1", start).is_ok());
        let later = start + Duration::from_secs(61);
        let _ = throttle.reserve("someone", "10.0.0.2", later);
        assert_eq!(
            throttle.len(),
            2,
            "everything older than the window is gone"
        );
    }

    #[test]
    fn the_first_refusal_per_key_and_period_is_recorded_and_the_rest_counted() {
        let throttle = SignInThrottle::new(limits(1, 100));
        let now = Instant::now();
        let _ = throttle.reserve("sato", "10.0.0.1", now);
        let refusals: Vec<_> = (0..4)
            .map(|_| throttle.reserve("sato", "10.0.0.1", now).unwrap_err())
            .collect();
        assert_eq!(
            refusals.iter().map(|r| r.record).collect::<Vec<_>>(),
            [true, false, false, false]
        );
        throttle.count_busy();
        let summary = throttle.take_summary(1_000).unwrap();
        assert_eq!(
            summary.unrecorded,
            Unrecorded {
                rate_limited: 3,
                busy: 1
            }
        );
        assert_eq!(summary.until, 1_000);
        assert_eq!(throttle.take_summary(2_000), None, "nothing since");
        assert_eq!(
            throttle.reserve("sato", "10.0.0.1", now).unwrap_err(),
            Refused { record: true },
            "a new period records the first refusal again"
        );
    }
}
