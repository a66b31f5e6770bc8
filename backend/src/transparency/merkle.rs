//! The Merkle tree over the log (RFC 9162 §2.1), as plain functions: which subtrees a root or a
//! proof is made of, how they combine, and how a proof is checked. No I/O: the hashes of complete
//! subtrees come from whoever holds them (see `tree.rs`).

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// The root of the empty tree: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// `SHA-256(0x00 ‖ entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(entry);
    hasher.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// A complete subtree: the `2^height` leaves from `index * 2^height` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subtree {
    pub height: u32,
    pub index: u64,
}

impl Subtree {
    pub fn start(self) -> u64 {
        self.index << self.height
    }

    pub fn leaves(self) -> u64 {
        1 << self.height
    }
}

/// The leaves `start..end` whose Merkle Tree Hash a proof or a root needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: u64,
    pub end: u64,
}

/// The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree.
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

impl Range {
    /// The complete subtrees that make up the range, largest first, as RFC 9162's recursion
    /// splits it. A range of a tree always starts at a multiple of the subtrees it splits into.
    pub fn subtrees(self) -> Vec<Subtree> {
        let mut parts = Vec::new();
        let (mut start, end) = (self.start, self.end);
        while start < end {
            let n = end - start;
            let size = if n.is_power_of_two() { n } else { split(n) };
            let height = size.trailing_zeros();
            debug_assert_eq!(start % size, 0, "a range of the tree is aligned");
            parts.push(Subtree {
                height,
                index: start >> height,
            });
            start += size;
        }
        parts
    }
}

/// The Merkle Tree Hash of a range from the hashes of its [`Range::subtrees`], in their order.
pub fn combine(hashes: &[Hash]) -> Hash {
    let mut iter = hashes.iter().rev();
    let Some(last) = iter.next() else {
        return empty_root();
    };
    iter.fold(*last, |right, left| node_hash(left, &right))
}

/// The root of a tree held in memory, from its leaf hashes (an auditor's export, a test).
pub fn root_of(leaves: &[Hash]) -> Hash {
    let parts: Vec<Hash> = Range {
        start: 0,
        end: leaves.len() as u64,
    }
    .subtrees()
    .iter()
    .map(|subtree| {
        let start = subtree.start() as usize;
        complete_root(&leaves[start..start + subtree.leaves() as usize])
    })
    .collect();
    combine(&parts)
}

/// The root of a complete subtree from its `2^k` children, in order.
pub fn complete_root(children: &[Hash]) -> Hash {
    let mut layer = children.to_vec();
    while layer.len() > 1 {
        layer = layer
            .chunks(2)
            .map(|pair| node_hash(&pair[0], &pair[1]))
            .collect();
    }
    layer[0]
}

/// The ranges whose hashes prove leaf `index` is in the tree of `size` leaves: the inclusion
/// proof of RFC 9162 §2.1.3.1, from the leaf's sibling up to the root's child.
pub fn inclusion_ranges(index: u64, size: u64) -> Vec<Range> {
    assert!(index < size, "the leaf is in the tree");
    let mut path = Vec::new();
    let (mut m, mut start, mut end) = (index, 0, size);
    while end - start > 1 {
        let k = split(end - start);
        if m < k {
            path.push(Range {
                start: start + k,
                end,
            });
            end = start + k;
        } else {
            path.push(Range {
                start,
                end: start + k,
            });
            m -= k;
            start += k;
        }
    }
    path.reverse();
    path
}

/// The ranges whose hashes prove the tree of `old` leaves is a prefix of the tree of `new`: the
/// consistency proof of RFC 9162 §2.1.4.1. Empty when `old` is 0 or equals `new`.
pub fn consistency_ranges(old: u64, new: u64) -> Vec<Range> {
    assert!(old <= new, "a tree grows");
    if old == 0 || old == new {
        return Vec::new();
    }
    let mut proof = Vec::new();
    let (mut m, mut start, mut end, mut whole) = (old, 0, new, true);
    loop {
        let n = end - start;
        if m == n {
            if !whole {
                proof.push(Range { start, end });
            }
            break;
        }
        let k = split(n);
        if m <= k {
            proof.push(Range {
                start: start + k,
                end,
            });
            end = start + k;
        } else {
            proof.push(Range {
                start,
                end: start + k,
            });
            m -= k;
            start += k;
            whole = false;
        }
    }
    proof.reverse();
    proof
}

/// Why a proof does not prove what it is said to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the index {index} is not in a tree of {size} entries")]
    OutOfRange { index: u64, size: u64 },
    #[error("the proof has the wrong number of hashes")]
    WrongLength,
    #[error("the proof leads to another root")]
    RootMismatch,
    #[error("the older tree is larger than the newer")]
    Shrinks,
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::OutOfRange { index, size });
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s_n == 0 {
            return Err(ProofError::WrongLength);
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            if f_n & 1 == 0 {
                while f_n & 1 == 0 && f_n != 0 {
                    f_n >>= 1;
                    s_n >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::WrongLength);
    }
    if &r != root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks a consistency proof between the tree of `old` leaves with `old_root` and the tree of
/// `new` leaves with `new_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    old: u64,
    new: u64,
    proof: &[Hash],
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), ProofError> {
    if old > new {
        return Err(ProofError::Shrinks);
    }
    if old == new {
        return if proof.is_empty() {
            (old_root == new_root)
                .then_some(())
                .ok_or(ProofError::RootMismatch)
        } else {
            Err(ProofError::WrongLength)
        };
    }
    if old == 0 {
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(ProofError::WrongLength)
        };
    }
    let mut path: Vec<Hash> = proof.to_vec();
    if old.is_power_of_two() {
        path.insert(0, *old_root);
    }
    let (mut f_n, mut s_n) = (old - 1, new - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let Some((first, rest)) = path.split_first() else {
        return Err(ProofError::WrongLength);
    };
    let (mut f_r, mut s_r) = (*first, *first);
    for c in rest {
        if s_n == 0 {
            return Err(ProofError::WrongLength);
        }
        if f_n & 1 == 1 || f_n == s_n {
            f_r = node_hash(c, &f_r);
            s_r = node_hash(c, &s_r);
            if f_n & 1 == 0 {
                while f_n & 1 == 0 && f_n != 0 {
                    f_n >>= 1;
                    s_n >>= 1;
                }
            }
        } else {
            s_r = node_hash(&s_r, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::WrongLength);
    }
    if &f_r != old_root || &s_r != new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree held in memory, computing every subtree from its leaves: the reference the
    /// decompositions are checked against.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    fn range_hash(leaves: &[Hash], range: Range) -> Hash {
        let parts: Vec<Hash> = range
            .subtrees()
            .iter()
            .map(|s| mth(&leaves[s.start() as usize..(s.start() + s.leaves()) as usize]))
            .collect();
        combine(&parts)
    }

    #[test]
    fn the_empty_tree_is_the_hash_of_nothing() {
        assert_eq!(
            hex::encode(empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_root_is_the_combination_of_its_subtrees() {
        for n in 1..300 {
            let all = leaves(n);
            assert_eq!(
                range_hash(&all, Range { start: 0, end: n }),
                mth(&all),
                "{n}"
            );
        }
    }

    #[test]
    fn every_inclusion_proof_verifies_and_a_wrong_one_does_not() {
        for n in 1..70 {
            let all = leaves(n);
            let root = mth(&all);
            for m in 0..n {
                let proof: Vec<Hash> = inclusion_ranges(m, n)
                    .into_iter()
                    .map(|r| range_hash(&all, r))
                    .collect();
                verify_inclusion(m, n, &all[m as usize], &proof, &root).unwrap();
                let other = leaf_hash(b"not in the log");
                assert!(verify_inclusion(m, n, &other, &proof, &root).is_err());
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_a_forged_history_does_not() {
        for n in 1..70 {
            let all = leaves(n);
            for m in 1..=n {
                let proof: Vec<Hash> = consistency_ranges(m, n)
                    .into_iter()
                    .map(|r| range_hash(&all, r))
                    .collect();
                let old_root = mth(&all[..m as usize]);
                verify_consistency(m, n, &proof, &old_root, &mth(&all)).unwrap();
                let forged = leaf_hash(b"rewritten");
                assert!(verify_consistency(m, n, &proof, &forged, &mth(&all)).is_err());
            }
        }
    }

    /// Checked against an independent RFC 6962 implementation (`ct-merkle`, tests only), over
    /// sizes drawn at random: roots, inclusion proofs and consistency proofs byte for byte.
    #[test]
    fn roots_and_proofs_agree_with_an_independent_implementation() {
        use ct_merkle::mem_backed_tree::MemoryBackedTree;
        let mut seed: u64 = 0x2026_1201;
        let mut next = |bound: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % bound
        };
        let mut reference = MemoryBackedTree::<sha2_ct::Sha256, [u8; 32]>::new();
        let mut ours: Vec<Hash> = Vec::new();
        for round in 0..40 {
            for _ in 0..=next(if round < 20 { 20 } else { 700 }) {
                let entry: [u8; 32] = Sha256::digest(ours.len().to_be_bytes()).into();
                reference.push(entry);
                ours.push(leaf_hash(&entry));
            }
            let n = ours.len() as u64;
            let hash_of = |r: Range| range_hash(&ours, r);
            assert_eq!(
                reference.root().as_bytes().as_slice(),
                mth(&ours),
                "root of {n}"
            );
            let m = next(n);
            let proof: Vec<u8> = inclusion_ranges(m, n)
                .into_iter()
                .flat_map(hash_of)
                .collect();
            assert_eq!(
                reference.prove_inclusion(m as usize).as_bytes(),
                proof.as_slice(),
                "inclusion of {m} in {n}"
            );
            let additions = next(n);
            let old = n - additions;
            if old > 0 {
                let proof: Vec<u8> = consistency_ranges(old, n)
                    .into_iter()
                    .flat_map(hash_of)
                    .collect();
                assert_eq!(
                    reference.prove_consistency(additions as usize).as_bytes(),
                    proof.as_slice(),
                    "consistency of {old} with {n}"
                );
            }
        }
    }
}
