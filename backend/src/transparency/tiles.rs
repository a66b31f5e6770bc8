//! The C2SP tlog-tiles layout and the tlog-proof text format, as plain functions: parsing a tile
//! path (`<L>/x001/234[.p/<W>]`, `entries/<N>[.p/<W>]`), the span of entries a tile covers, entry
//! bundles, and a proof bundle for one entry.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::merkle::Hash;
use super::tree::{TILE_HEIGHT, TILE_WIDTH};

/// A tile as its path names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TilePath {
    /// An entry bundle rather than a tile of hashes.
    pub entries: bool,
    pub level: u32,
    pub index: u64,
    /// `Some(w)` for a partial tile of `w` hashes.
    pub width: Option<u64>,
}

impl TilePath {
    /// `0/x001/234`, `1/000.p/17`, `entries/005`. Anything else (leading zeroes, widths out of
    /// 1..=255, an `x` on the last element or none on the others) is no tile.
    pub fn parse(path: &str) -> Option<Self> {
        let (path, width) = match path.split_once(".p/") {
            Some((path, width)) => {
                let w: u64 = number(width)?;
                ((1..TILE_WIDTH).contains(&w)).then_some(())?;
                (path, Some(w))
            }
            None => (path, None),
        };
        let (head, index) = path.split_once('/')?;
        let (entries, level) = if head == "entries" {
            (true, 0)
        } else {
            let level: u32 = number(head)?;
            (level <= 63).then_some(())?;
            (false, level)
        };
        let elements: Vec<&str> = index.split('/').collect();
        let (last, rest) = elements.split_last()?;
        let mut n: u64 = 0;
        for element in rest {
            let digits = element.strip_prefix('x')?;
            n = n.checked_mul(1000)?.checked_add(three_digits(digits)?)?;
        }
        n = n.checked_mul(1000)?.checked_add(three_digits(last)?)?;
        Some(Self {
            entries,
            level,
            index: n,
            width,
        })
    }

    /// The tree height of the hashes the tile holds.
    pub fn height(self) -> u32 {
        self.level * TILE_HEIGHT
    }

    /// Which hashes (or entries) of its level the tile holds, `start..end`, in a tree of `size`
    /// entries; `None` if the tree does not have it (beyond the size, or a partial tile of
    /// another width than the tree's).
    pub fn span(self, size: u64) -> Option<(u64, u64)> {
        let available = size.checked_shr(self.height())?;
        let start = self.index.checked_mul(TILE_WIDTH)?;
        let end = match self.width {
            None => start + TILE_WIDTH,
            Some(w) => start + w,
        };
        let full = end <= available && self.width.is_none();
        let partial = self.width.is_some() && available == end && available % TILE_WIDTH != 0;
        (full || partial).then_some((start, end))
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    let canonical = text == "0" || (!text.is_empty() && !text.starts_with('0'));
    (canonical && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn three_digits(text: &str) -> Option<u64> {
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The path of tile `index` at `level` (`x001/234`), for clients and tests.
pub fn index_path(index: u64) -> String {
    let mut groups = vec![format!("{:03}", index % 1000)];
    let mut n = index / 1000;
    while n > 0 {
        groups.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join("/")
}

/// An entry bundle: each entry with its two-byte big-endian length.
pub fn bundle(entries: &[Hash]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(entries.len() * 34);
    for entry in entries {
        bytes.extend_from_slice(&(entry.len() as u16).to_be_bytes());
        bytes.extend_from_slice(entry);
    }
    bytes
}

/// A C2SP tlog-proof: entry `index` is in the tree of the checkpoint `note`.
pub fn tlog_proof(index: u64, proof: &[Hash], note: &str) -> String {
    let mut text = format!("c2sp.org/tlog-proof@v1\nindex {index}\n");
    for hash in proof {
        text.push_str(&BASE64.encode(hash));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(note);
    text
}

/// A tlog-proof, read back: the index, the proof's hashes and the checkpoint note.
pub fn parse_tlog_proof(text: &str) -> Option<(u64, Vec<Hash>, &str)> {
    let rest = text.strip_prefix("c2sp.org/tlog-proof@v1\n")?;
    let rest = match rest.strip_prefix("extra ") {
        Some(extra) => extra.split_once('\n')?.1,
        None => rest,
    };
    let (index_line, mut rest) = rest.split_once('\n')?;
    let index = number(index_line.strip_prefix("index ")?)?;
    let mut proof = Vec::new();
    loop {
        let (line, after) = rest.split_once('\n')?;
        rest = after;
        if line.is_empty() {
            break;
        }
        proof.push(BASE64.decode(line).ok()?.try_into().ok()?);
    }
    Some((index, proof, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_paths_parse_as_the_layout_says() {
        let tile = TilePath::parse("0/x001/x234/067").unwrap();
        assert_eq!((tile.level, tile.index, tile.width), (0, 1_234_067, None));
        assert_eq!(index_path(1_234_067), "x001/x234/067");
        assert_eq!(index_path(5), "005");
        let partial = TilePath::parse("1/000.p/17").unwrap();
        assert_eq!((partial.level, partial.width), (1, Some(17)));
        assert!(TilePath::parse("entries/005").unwrap().entries);
        for bad in [
            "0/1234",
            "0/x001",
            "00/000",
            "0/000.p/0",
            "0/000.p/256",
            "64/000",
            "0/001/002",
            "a/000",
        ] {
            assert_eq!(TilePath::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_tree_of_70000_has_the_tiles_the_layout_lists() {
        // 273 full level-0 tiles, a partial one of 112, a full level-1 tile, a partial one of 17,
        // a partial level-2 tile of 1.
        let size = 70_000;
        let at = |path: &str| TilePath::parse(path).unwrap().span(size);
        assert!(at("0/272").is_some());
        assert!(at("0/273").is_none());
        assert!(at("0/273.p/112").is_some());
        assert!(at("0/273.p/111").is_none());
        assert!(at("1/000").is_some());
        assert!(at("1/001.p/17").is_some());
        assert!(at("2/000.p/1").is_some());
        assert!(at("2/000").is_none());
        assert!(at("3/000.p/1").is_none());
    }

    #[test]
    fn a_tlog_proof_reads_back() {
        let proof = [[1; 32], [2; 32]];
        let text = tlog_proof(7, &proof, "log\n9\nAAAA\n\n— log sig\n");
        let (index, hashes, note) = parse_tlog_proof(&text).unwrap();
        assert_eq!(
            (index, hashes.as_slice(), note),
            (7, &proof[..], "log\n9\nAAAA\n\n— log sig\n")
        );
    }
}
