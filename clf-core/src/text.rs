//! Building the short strings ingest writes (ids, evidence, history
//! details) with one allocation each, without the formatting machinery.

use crate::shared::SharedStr;

/// `parts` joined, in one allocation.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// A whole number written in decimal, on the stack.
pub(crate) struct Decimal {
    buf: [u8; 20],
    start: usize,
}

impl Decimal {
    /// `n` in decimal.
    pub(crate) fn new(mut n: u64) -> Decimal {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        loop {
            start -= 1;
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Decimal { buf, start }
    }

    /// The digits.
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

/// `prefix` then `n` in decimal (`case-12`) as a [`SharedStr`], joined on
/// the stack so that the one allocation is the shared text's.
pub(crate) fn numbered(prefix: &str, n: u64) -> SharedStr {
    let decimal = Decimal::new(n);
    let digits = decimal.as_str();
    let len = prefix.len() + digits.len();
    let mut buf = [0u8; 64];
    if len > buf.len() {
        return SharedStr::from(concat(&[prefix, digits]));
    }
    buf[..prefix.len()].copy_from_slice(prefix.as_bytes());
    buf[prefix.len()..len].copy_from_slice(digits.as_bytes());
    // Whole strings joined: always UTF-8.
    SharedStr::from(std::str::from_utf8(&buf[..len]).unwrap_or_default())
}

/// `prefix` then `s` as Rust's `{:?}` writes a string (in quotes, escaped):
/// plain ids take the short way.
pub(crate) fn quoted(prefix: &str, s: &str) -> String {
    if s.bytes().all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\') {
        concat(&[prefix, "\"", s, "\""])
    } else {
        format!("{prefix}{s:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_quotes_read_as_the_formatter_writes_them() {
        for n in [0u64, 7, 10, 99, 100, 12345, u64::MAX] {
            assert_eq!(Decimal::new(n).as_str(), n.to_string());
        }
        for s in ["detractor", "legal threat", "say \"hi\"", "back\\slash", "tab\there", "é", ""] {
            assert_eq!(quoted("rule ", s), format!("rule {s:?}"));
        }
        assert_eq!(concat(&["case-", "12"]), "case-12");
        assert_eq!(numbered("case-", 12), "case-12");
        assert_eq!(numbered("case-", u64::MAX), format!("case-{}", u64::MAX));
        let long = "x".repeat(60);
        assert_eq!(numbered(&long, 123), format!("{long}123"));
    }
}
