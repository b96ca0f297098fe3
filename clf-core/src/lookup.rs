//! Equality of short ids (question ids, option labels, customer, employee
//! and response ids) that reads a string of up to 16 bytes in two loads
//! instead of calling `memcmp`: ingest confirms about ten such ids a
//! response.

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

#[cfg(test)]
mod tests {
    use super::same;
    use proptest::prelude::*;

    /// Strings over few letters and lengths around the word sizes, so that
    /// equal lengths, shared prefixes and shared suffixes are common.
    fn id() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(vec!['a', 'b', 'é']), 0..20).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
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
