//! An index from ids to positions in a list that keeps no copy of the ids:
//! a hash of the id leads to a position, and the caller confirms the id
//! from what it keeps there. Ids whose hash an earlier id already has (rare)
//! are indexed by themselves.
//!
//! Used for the responses ingested and the customers seen, where a copy of
//! every id in the index would be a second allocation and a second cache
//! miss per lookup.

use rustc_hash::FxHashMap;

/// Positions by a hash of their id; see the module.
#[derive(Debug, Clone, Default)]
pub(crate) struct HashIndex {
    by_hash: FxHashMap<u64, u32>,
    clashes: FxHashMap<String, u32>,
}

#[cfg(not(test))]
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// In this crate's unit tests every id of one length has one hash, so that
/// clashes, rare in use, are exercised.
#[cfg(test)]
fn id_hash(id: &str) -> u64 {
    id.len() as u64
}

impl HashIndex {
    /// The position of `id`; `id_at(i)` is the id kept at position `i`.
    pub(crate) fn get<'a>(&self, id: &str, id_at: impl Fn(u32) -> Option<&'a [u8]>) -> Option<u32> {
        let &i = self.by_hash.get(&id_hash(id))?;
        if id_at(i) == Some(id.as_bytes()) {
            return Some(i);
        }
        self.clashes.get(id).copied()
    }

    /// Indexes `id`, not indexed before, at position `i`.
    pub(crate) fn insert(&mut self, id: &str, i: u32) {
        match self.by_hash.entry(id_hash(id)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.clashes.insert(id.to_string(), i);
            }
        }
    }
}
