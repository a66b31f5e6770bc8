//! Checkpoints as C2SP signed notes: the checkpoint body (origin, tree size, root hash) and an
//! Ed25519 signature line, the log's key, and the verifier key (`name+hex(id)+base64(0x01‖key)`)
//! that an auditor keeps to check them without the server. Plain functions; no I/O.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;

/// The signature type byte of Ed25519 (C2SP signed-note).
const ED25519: u8 = 0x01;
const DASH: &str = "\u{2014}";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("not a key of this format: {0}")]
    BadKey(&'static str),
    #[error("not a signed note: {0}")]
    Malformed(&'static str),
    #[error("no signature by {0} verifies")]
    NotSigned(String),
    #[error("not a checkpoint: {0}")]
    NotCheckpoint(&'static str),
}

/// What a checkpoint says: the log, its size and its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note body (C2SP tlog-checkpoint): origin, size, base64 root, each ending in a newline.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            BASE64.encode(self.root)
        )
    }

    pub fn parse(body: &str) -> Result<Self, NoteError> {
        let mut lines = body.split('\n');
        let origin = lines
            .next()
            .filter(|l| !l.is_empty())
            .ok_or(NoteError::NotCheckpoint("no origin"))?;
        let size = lines
            .next()
            .and_then(|l| (l == "0" || !l.starts_with('0')).then(|| l.parse().ok())?)
            .ok_or(NoteError::NotCheckpoint("no tree size"))?;
        let root = lines
            .next()
            .and_then(|l| BASE64.decode(l).ok())
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(NoteError::NotCheckpoint("no root hash"))?;
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
        })
    }
}

/// The log's signing key and the name it signs under (the log's origin).
pub struct LogKey {
    pub name: String,
    key: SigningKey,
}

/// Never shows the secret: its name and verifier key only.
impl std::fmt::Debug for LogKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LogKey({})", self.verifier())
    }
}

impl LogKey {
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Self {
        Self {
            name: name.to_owned(),
            key: SigningKey::from_bytes(&seed),
        }
    }

    pub fn generate(name: &str) -> Self {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("the operating system gives random bytes");
        Self::from_seed(name, seed)
    }

    /// `PRIVATE+KEY+<name>+<hex id>+<base64(0x01‖seed)>`, as the file keeps it.
    pub fn to_private_text(&self) -> String {
        let mut bytes = vec![ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            key_id(&self.name, &self.key.verifying_key()),
            BASE64.encode(bytes)
        )
    }

    pub fn from_private_text(text: &str) -> Result<Self, NoteError> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::BadKey("no PRIVATE+KEY+ prefix"))?;
        let (name, id, key) = split_key(rest)?;
        let bytes = BASE64
            .decode(key)
            .map_err(|_| NoteError::BadKey("the key is not base64"))?;
        let seed: [u8; 32] = match bytes.split_first() {
            Some((&ED25519, seed)) => seed
                .try_into()
                .map_err(|_| NoteError::BadKey("an Ed25519 seed is 32 bytes"))?,
            _ => return Err(NoteError::BadKey("not an Ed25519 key")),
        };
        let key = Self::from_seed(name, seed);
        if format!("{:08x}", key_id(name, &key.key.verifying_key())) != id {
            return Err(NoteError::BadKey("the key id does not match the key"));
        }
        Ok(key)
    }

    /// The verifier key auditors keep: `<name>+<hex id>+<base64(0x01‖public key)>`.
    pub fn verifier(&self) -> String {
        VerifierKey::of(&self.name, self.key.verifying_key()).to_string()
    }

    /// The signed note of `body`: the body, a blank line, one signature line.
    pub fn sign(&self, body: &str) -> String {
        let signature = self.key.sign(body.as_bytes());
        let mut bytes = key_id(&self.name, &self.key.verifying_key())
            .to_be_bytes()
            .to_vec();
        bytes.extend_from_slice(&signature.to_bytes());
        format!("{body}\n{DASH} {} {}\n", self.name, BASE64.encode(bytes))
    }
}

/// A verifier key, parsed.
pub struct VerifierKey {
    pub name: String,
    key: VerifyingKey,
}

impl VerifierKey {
    fn of(name: &str, key: VerifyingKey) -> Self {
        Self {
            name: name.to_owned(),
            key,
        }
    }

    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let (name, key) = parse_vkey(text, ED25519)?;
        Ok(Self::of(name, key))
    }

    /// The body of `note` if a signature line by this key verifies over it.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, NoteError> {
        let split = note
            .rfind("\n\n")
            .ok_or(NoteError::Malformed("no blank line before the signatures"))?;
        let (body, signatures) = (&note[..split + 1], &note[split + 2..]);
        let id = key_id(&self.name, &self.key).to_be_bytes();
        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix(DASH).and_then(|l| l.strip_prefix(' ')) else {
                return Err(NoteError::Malformed("a signature line must start with —"));
            };
            let Some((name, signature)) = rest.split_once(' ') else {
                return Err(NoteError::Malformed("a signature line names its key"));
            };
            let Ok(bytes) = BASE64.decode(signature) else {
                continue;
            };
            if name != self.name || bytes.len() != 68 || bytes[..4] != id {
                continue;
            }
            let Ok(signature) = ed25519_dalek::Signature::from_slice(&bytes[4..]) else {
                continue;
            };
            if self.key.verify(body.as_bytes(), &signature).is_ok() {
                return Ok(body);
            }
        }
        Err(NoteError::NotSigned(self.name.clone()))
    }
}

impl std::fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut bytes = vec![ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{:08x}+{}",
            self.name,
            key_id(&self.name, &self.key),
            BASE64.encode(bytes)
        )
    }
}

/// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`, big-endian.
fn key_id(name: &str, key: &VerifyingKey) -> u32 {
    typed_key_id(name, ED25519, key)
}

fn typed_key_id(name: &str, kind: u8, key: &VerifyingKey) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([0x0A, kind]);
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The signature type byte of Ed25519 cosignatures (C2SP tlog-cosignature).
const COSIGNATURE: u8 = 0x04;

/// The message a witness signs: two header lines, then the checkpoint's body.
fn cosigned_message(timestamp: u64, body: &str) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{body}")
}

impl std::fmt::Debug for WitnessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WitnessKey({})", self.name)
    }
}

/// A witness's key as the log knows it (a vkey of type 0x04): a witness checks each checkpoint
/// against the last one it saw and adds its cosignature line.
pub struct WitnessKey {
    pub name: String,
    key: VerifyingKey,
}

impl WitnessKey {
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let (name, key) = parse_vkey(text, COSIGNATURE)?;
        Ok(Self {
            name: name.to_owned(),
            key,
        })
    }

    /// The signature lines of `note` that are this witness's valid cosignatures of `body`.
    pub fn cosignatures<'a>(&self, note: &'a str, body: &str) -> Vec<&'a str> {
        let id = typed_key_id(&self.name, COSIGNATURE, &self.key).to_be_bytes();
        note.lines()
            .filter(|line| {
                let Some(rest) = line.strip_prefix(DASH).and_then(|l| l.strip_prefix(' ')) else {
                    return false;
                };
                let Some((name, signature)) = rest.split_once(' ') else {
                    return false;
                };
                let Ok(bytes) = BASE64.decode(signature) else {
                    return false;
                };
                if name != self.name || bytes.len() != 76 || bytes[..4] != id {
                    return false;
                }
                let timestamp = u64::from_be_bytes(bytes[4..12].try_into().unwrap_or_default());
                let Ok(signature) = ed25519_dalek::Signature::from_slice(&bytes[12..]) else {
                    return false;
                };
                self.key
                    .verify(cosigned_message(timestamp, body).as_bytes(), &signature)
                    .is_ok()
            })
            .collect()
    }
}

/// A witness's signing side, for tests and for a witness run by the organisation itself.
pub struct WitnessSigner {
    pub name: String,
    key: SigningKey,
}

impl WitnessSigner {
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Self {
        Self {
            name: name.to_owned(),
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// `<name>+<hex id>+<base64(0x04‖key)>`.
    pub fn verifier(&self) -> String {
        let key = self.key.verifying_key();
        let mut bytes = vec![COSIGNATURE];
        bytes.extend_from_slice(key.as_bytes());
        format!(
            "{}+{:08x}+{}",
            self.name,
            typed_key_id(&self.name, COSIGNATURE, &key),
            BASE64.encode(bytes)
        )
    }

    /// The cosignature line of the checkpoint `body` at `timestamp` (seconds).
    pub fn cosign(&self, body: &str, timestamp: u64) -> String {
        let signature = self.key.sign(cosigned_message(timestamp, body).as_bytes());
        let mut bytes = typed_key_id(&self.name, COSIGNATURE, &self.key.verifying_key())
            .to_be_bytes()
            .to_vec();
        bytes.extend_from_slice(&timestamp.to_be_bytes());
        bytes.extend_from_slice(&signature.to_bytes());
        format!("{DASH} {} {}", self.name, BASE64.encode(bytes))
    }
}

/// A vkey (`<name>+<hex id>+<base64(type‖key)>`) of signature type `kind`, its id checked.
fn parse_vkey(text: &str, kind: u8) -> Result<(&str, VerifyingKey), NoteError> {
    let (name, id, key) = split_key(text.trim())?;
    let bytes = BASE64
        .decode(key)
        .map_err(|_| NoteError::BadKey("the key is not base64"))?;
    let key = match bytes.split_first() {
        Some((&found, key)) if found == kind => {
            let key: [u8; 32] = key
                .try_into()
                .map_err(|_| NoteError::BadKey("an Ed25519 key is 32 bytes"))?;
            VerifyingKey::from_bytes(&key)
                .map_err(|_| NoteError::BadKey("not an Ed25519 public key"))?
        }
        _ if kind == COSIGNATURE => {
            return Err(NoteError::BadKey(
                "not an Ed25519 cosignature key (type 0x04)",
            ))
        }
        _ => return Err(NoteError::BadKey("not an Ed25519 key")),
    };
    if format!("{:08x}", typed_key_id(name, kind, &key)) != id {
        return Err(NoteError::BadKey("the key id does not match the key"));
    }
    Ok((name, key))
}

/// `<name>+<hex id>+<key>`; the name may not contain `+`.
fn split_key(text: &str) -> Result<(&str, &str, &str), NoteError> {
    let mut parts = text.splitn(3, '+');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(name), Some(id), Some(key)) if !name.is_empty() && id.len() == 8 => {
            Ok((name, id, key))
        }
        _ => Err(NoteError::BadKey("expected <name>+<hex id>+<key>")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_checkpoint_opens_with_its_verifier_key_only() {
        let key = LogKey::from_seed("example.lg.jp/log", [7; 32]);
        let checkpoint = Checkpoint {
            origin: "example.lg.jp/log".into(),
            size: 42,
            root: [1; 32],
        };
        let note = key.sign(&checkpoint.body());
        assert!(note.starts_with("example.lg.jp/log\n42\nAQEB"));
        let verifier = VerifierKey::parse(&key.verifier()).unwrap();
        let body = verifier.open(&note).unwrap();
        assert_eq!(Checkpoint::parse(body).unwrap(), checkpoint);

        let other = LogKey::from_seed("example.lg.jp/log", [8; 32]);
        let stranger = VerifierKey::parse(&other.verifier()).unwrap();
        assert!(matches!(stranger.open(&note), Err(NoteError::NotSigned(_))));
        let edited = note.replace("\n42\n", "\n41\n");
        assert!(verifier.open(&edited).is_err());
    }

    #[test]
    fn a_witness_cosignature_verifies_with_its_key_only() {
        let log = LogKey::from_seed("log", [1; 32]);
        let body = Checkpoint {
            origin: "log".into(),
            size: 3,
            root: [2; 32],
        }
        .body();
        let note = log.sign(&body);
        let witness = WitnessSigner::from_seed("pref.example/witness", [3; 32]);
        let cosigned = format!("{note}{}\n", witness.cosign(&body, 1_764_547_200));
        let key = WitnessKey::parse(&witness.verifier()).unwrap();
        assert_eq!(key.cosignatures(&cosigned, &body).len(), 1);
        let other = Checkpoint {
            origin: "log".into(),
            size: 4,
            root: [2; 32],
        }
        .body();
        assert!(key.cosignatures(&cosigned, &other).is_empty());
        let stranger = WitnessSigner::from_seed("pref.example/witness", [4; 32]);
        let stranger_key = WitnessKey::parse(&stranger.verifier()).unwrap();
        assert!(stranger_key.cosignatures(&cosigned, &body).is_empty());
        // The log's own verifier key is not a witness key.
        assert!(WitnessKey::parse(&log.verifier()).is_err());
    }

    #[test]
    fn the_private_key_round_trips_and_a_wrong_id_is_refused() {
        let key = LogKey::from_seed("log", [9; 32]);
        let text = key.to_private_text();
        let back = LogKey::from_private_text(&text).unwrap();
        assert_eq!(back.verifier(), key.verifier());
        let tampered = text.replace(&key.verifier()[4..12], "00000000");
        assert!(LogKey::from_private_text(&tampered).is_err());
    }
}
