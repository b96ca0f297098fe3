//! An index from ids to positions in a list that keeps no copy of the ids:
//! a hash of the id leads to a position, and the caller confirms the id
//! from what it keeps there.
//!
//! Used for the responses ingested, the customers seen and the names the
//! summary rows intern (employees, teams, locales), where a copy of
//! every id in the index would be a second allocation and a second cache
//! miss per lookup. The index is one array of 8-byte slots probed in order
//! (open addressing, linear probing): a lookup reads one or two cache lines
//! of it, where a general hash map reads its control bytes and its entries
//! apart.

/// Positions by a hash of their id; see the module.
///
/// A slot holds the upper 32 bits of an id's hash (its tag) and the id's
/// position plus one; 0 is an empty slot. An id's probe starts at its tag's
/// low bits, so the table grows from the slots alone. Ids whose tags are
/// equal (rare) sit in one run of slots and are told apart by the caller's
/// confirmation.
#[derive(Debug, Clone, Default)]
pub(crate) struct HashIndex {
    slots: Vec<u64>,
    len: usize,
}

/// Slots of the first table.
const FIRST: usize = 64;

#[cfg(not(test))]
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// In this crate's unit tests every id of one length has one hash, so that
/// ids with equal tags, rare in use, are exercised.
#[cfg(test)]
fn id_hash(id: &str) -> u64 {
    (id.len() as u64) << 32
}

/// The tag of `hash`: its upper half.
fn tag(hash: u64) -> u32 {
    (hash >> 32) as u32
}

impl HashIndex {
    /// The position of `id`; `id_at(i)` is the id kept at position `i`.
    pub(crate) fn get<'a>(&self, id: &str, id_at: impl Fn(u32) -> Option<&'a [u8]>) -> Option<u32> {
        self.probe(id, |i| id_at(i).is_some_and(|kept| crate::lookup::same(kept, id.as_bytes())))
    }

    /// The first position in `id`'s probe whose slot has `id`'s tag and
    /// that `is_id` confirms; `None` once the probe meets an empty slot.
    #[inline(always)]
    fn probe(&self, id: &str, is_id: impl Fn(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let t = tag(id_hash(id));
        let mask = self.slots.len() - 1;
        let mut at = t as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == t && is_id(slot as u32 - 1) {
                return Some(slot as u32 - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// Asks for the slot where a probe for `id` starts ([`crate::prefetch`]),
    /// for a lookup soon after.
    pub(crate) fn prefetch(&self, id: &str) {
        if !self.slots.is_empty() {
            let at = tag(id_hash(id)) as usize & (self.slots.len() - 1);
            crate::prefetch::line(&self.slots[at]);
        }
    }

    /// The position of the first slot of `id`'s probe whose tag is `id`'s,
    /// unconfirmed: where `id` most likely is, to ask for its record
    /// ahead of a lookup. `None` if the probe meets no such slot.
    pub(crate) fn likely(&self, id: &str) -> Option<u32> {
        self.probe(id, |_| true)
    }

    /// Indexes `id`, not indexed before, at position `i` (below `u32::MAX`).
    pub(crate) fn insert(&mut self, id: &str, i: u32) {
        debug_assert!(i < u32::MAX, "positions are below u32::MAX");
        // At most three slots in four are taken, so that a probe for an id
        // that is not there (every new id) ends soon.
        if 4 * (self.len + 1) > 3 * self.slots.len() {
            self.grow();
        }
        place(&mut self.slots, u64::from(tag(id_hash(id))) << 32 | u64::from(i + 1));
        self.len += 1;
    }

    /// Makes room for `additional` more ids without growing on the way.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let mut size = self.slots.len().max(FIRST);
        while 4 * (self.len + additional) > 3 * size {
            size *= 2;
        }
        if size > self.slots.len() {
            self.resize(size);
        }
    }

    /// Doubles the table, placing every slot anew.
    fn grow(&mut self) {
        self.resize((2 * self.slots.len()).max(FIRST));
    }

    /// A table of `size` slots (a power of two, with room for every id).
    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        for slot in old.into_iter().filter(|&s| s != 0) {
            place(&mut self.slots, slot);
        }
    }
}

/// Puts `slot` in the first empty slot of its probe, in a table with room.
fn place(slots: &mut [u64], slot: u64) {
    let mask = slots.len() - 1;
    let mut at = (slot >> 32) as usize & mask;
    while slots[at] != 0 {
        at = (at + 1) & mask;
    }
    slots[at] = slot;
}

#[cfg(test)]
mod tests {
    use super::HashIndex;
    use proptest::prelude::*;

    proptest! {
        /// The index finds each id indexed at its position and no other id,
        /// with many ids of equal hashes (ids of one length), across the
        /// table's growth, with room made for more ids at some point (as a
        /// batch makes room for its responses).
        #[test]
        fn the_index_finds_what_a_list_search_finds(ids in prop::collection::vec("[a-c]{0,4}", 0..300), probes in prop::collection::vec("[a-d]{0,5}", 0..50), room in (0usize..300, 0usize..400)) {
            let mut list: Vec<String> = Vec::new();
            let mut index = HashIndex::default();
            for (k, id) in ids.into_iter().enumerate() {
                if k == room.0 {
                    let slots = index.slots.len();
                    index.reserve(room.1);
                    // Room for the ids asked for, in a table that did not shrink.
                    prop_assert!(4 * (index.len + room.1) <= 3 * index.slots.len() && index.slots.len() >= slots);
                    prop_assert!(index.slots.len().is_power_of_two());
                }
                let at = |i: u32| list.get(i as usize).map(|s| s.as_bytes());
                let found = index.get(&id, at);
                prop_assert_eq!(found, list.iter().position(|s| *s == id).map(|i| i as u32));
                if found.is_none() {
                    index.insert(&id, list.len() as u32);
                    list.push(id);
                }
            }
            for id in probes.iter().chain(&list) {
                let at = |i: u32| list.get(i as usize).map(|s| s.as_bytes());
                prop_assert_eq!(index.get(id, at), list.iter().position(|s| s == id).map(|i| i as u32));
                // The likely position, unconfirmed, is that of an id of the
                // same tag (here: of the same length), and there is one
                // whenever such an id is indexed.
                match index.likely(id) {
                    Some(i) => prop_assert_eq!(list[i as usize].len(), id.len()),
                    None => prop_assert!(list.iter().all(|s| s.len() != id.len())),
                }
            }
            prop_assert_eq!(index.len, list.len());
            prop_assert!(4 * index.len <= 3 * index.slots.len().max(1));
        }
    }
}
