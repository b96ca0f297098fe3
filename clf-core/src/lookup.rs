//! Equality of short ids (question ids, option labels, customer, employee
//! and response ids) that reads a string of up to 16 bytes in two loads
//! instead of calling `memcmp`: ingest confirms about ten such ids a
//! response. And [`NameIndex`], the positions of a configuration's names
//! (channels, touchpoints, instruments) found from those two loads.

/// The bytes `at..at + 4` of `b` (all of them present) as a number.
#[inline(always)]
fn word4(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 4).and_then(|w| <[u8; 4]>::try_from(w).ok()).map_or(0, |w| u32::from_le_bytes(w) as u64)
}

/// The bytes `at..at + 8` of `b` (all of them present) as a number.
#[inline(always)]
fn word8(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map_or(0, u64::from_le_bytes)
}

/// Two words that, with the length, tell apart any two strings of at most
/// 16 bytes: the first and the last bytes of the string, read so that
/// together they cover all of it (overlapping when shorter than their sum).
#[inline(always)]
fn key(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let byte = |i: usize| b.get(i).copied().unwrap_or(0) as u64;
    match n {
        0 => (0, 0),
        // Bytes 0, n/2 and n-1 are every byte of a string of 1 to 3.
        1..=3 => (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0),
        4..=7 => (word4(b, 0), word4(b, n - 4)),
        _ => (word8(b, 0), word8(b, n - 8)),
    }
}

/// Whether `a` and `b` are equal. Strings of up to 16 bytes are compared
/// in at most two loads each, without a call.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && if a.len() <= 16 { key(a) == key(b) } else { a == b }
}

/// The positions of a list of distinct names, fixed once built: the names
/// of a configuration's channels, touchpoints or instruments, which every
/// response names. A name is found from its length and the two words
/// [`key`] reads, hashed into a table at most half full: no hashing of the
/// bytes one by one and no `memcmp` for names of up to 16 bytes (longer
/// names, rare, are confirmed against the name kept).
#[derive(Debug, Clone)]
pub(crate) struct NameIndex {
    /// A power of two of slots, at least two, at most half of them taken.
    slots: Box<[NameSlot]>,
    /// log2 of the number of slots, kept so that a lookup does not count them.
    bits: u32,
    /// The names, by position, to confirm those longer than 16 bytes.
    names: Box<[Box<str>]>,
}

/// No names.
impl Default for NameIndex {
    fn default() -> Self {
        NameIndex::new([])
    }
}

#[derive(Debug, Clone, Copy)]
struct NameSlot {
    key: (u64, u64),
    len: u32,
    /// The name's position; [`NameSlot::EMPTY`] for none.
    at: u32,
}

impl NameSlot {
    const EMPTY: u32 = u32::MAX;
}

/// Where the probe for a name of `len` bytes and `key` starts: the top
/// `bits` bits of a multiplicative hash, the best mixed.
#[inline(always)]
fn start(key: (u64, u64), len: usize, bits: u32) -> usize {
    let h = (key.0 ^ key.1.rotate_left(31) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - bits)) as usize
}

impl NameIndex {
    /// The index of `names` (distinct), each at its position in the list.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let names: Box<[Box<str>]> = names.into_iter().map(Box::from).collect();
        // At most half full, and never empty, so that a probe always ends.
        let size = (2 * names.len()).next_power_of_two().max(2);
        let bits = size.trailing_zeros();
        let mut slots = vec![NameSlot { key: (0, 0), len: 0, at: NameSlot::EMPTY }; size].into_boxed_slice();
        for (i, name) in names.iter().enumerate() {
            let (b, k) = (name.as_bytes(), key(name.as_bytes()));
            let mut at = start(k, b.len(), bits);
            while slots[at].at != NameSlot::EMPTY {
                at = (at + 1) & (size - 1);
            }
            slots[at] = NameSlot { key: k, len: b.len() as u32, at: i as u32 };
        }
        NameIndex { slots, bits, names }
    }

    /// The position of `name`, if it is one of the names.
    #[inline(always)]
    pub(crate) fn get(&self, name: &str) -> Option<u32> {
        let b = name.as_bytes();
        let (k, mask) = (key(b), self.slots.len() - 1);
        let mut at = start(k, b.len(), self.bits);
        loop {
            let slot = self.slots[at & mask];
            if slot.at == NameSlot::EMPTY {
                return None;
            }
            // A length past `u32::MAX` matches no slot's.
            if slot.key == k && slot.len as usize == b.len() && (b.len() <= 16 || *self.names[slot.at as usize] == *name) {
                return Some(slot.at);
            }
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{NameIndex, same};
    use proptest::prelude::*;

    /// Strings over few letters and lengths around the word sizes, so that
    /// equal lengths, shared prefixes and shared suffixes are common.
    fn id() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(vec!['a', 'b', 'é']), 0..20).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// The index finds each name at its position and nothing else, for
        /// names that share their first and last eight bytes (past 16 bytes
        /// they are told apart only by the name kept).
        #[test]
        fn a_name_index_finds_what_a_list_search_finds(names in prop::collection::btree_set(prop_oneof![id(), id().prop_map(|m| format!("abcdefgh{m}12345678"))], 0..40), probes in prop::collection::vec(prop_oneof![id(), id().prop_map(|m| format!("abcdefgh{m}12345678"))], 0..40)) {
            let names: Vec<String> = names.into_iter().collect();
            let index = NameIndex::new(names.iter().map(String::as_str));
            for (i, n) in names.iter().enumerate() {
                prop_assert_eq!(index.get(n), Some(i as u32));
            }
            for p in &probes {
                prop_assert_eq!(index.get(p), names.iter().position(|n| n == p).map(|i| i as u32));
            }
        }

        #[test]
        fn same_is_equality(a in id(), b in id()) {
            prop_assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b);
            prop_assert!(same(a.as_bytes(), a.clone().as_bytes()));
        }
    }

    #[test]
    fn strings_of_every_length_up_to_and_past_sixteen_bytes() {
        for n in 0..=20 {
            let a = "x".repeat(n);
            assert!(same(a.as_bytes(), a.clone().as_bytes()), "{n}");
            // One byte apart, at each place.
            for at in 0..n {
                let mut b = a.clone().into_bytes();
                b[at] = b'y';
                assert!(!same(a.as_bytes(), &b), "{n} {at}");
            }
            assert!(!same(a.as_bytes(), format!("{a}x").as_bytes()));
        }
    }
}
