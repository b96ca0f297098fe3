//! [`SharedStr`]: an immutable string that many values hold at the cost of
//! one allocation.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string shared by the values that carry it: a response's id
/// (its event, its outcome, its case and its alerts), a level or a rule's
/// name (every case and alert at that level or from that rule), a phrase of
/// the lexicon (every piece of evidence citing it).
///
/// Cloning it copies a pointer, not the text. It reads as a `&str`
/// (`Deref`), compares with `str`, `&str` and `String`, prints as its text
/// and serialises as a JSON string.
///
/// ```
/// use clf_core::SharedStr;
/// let level = SharedStr::from("team_lead");
/// let again = level.clone(); // the same text, not a copy
/// assert_eq!(again, "team_lead");
/// assert!(level.starts_with("team"));
/// assert_eq!(level.to_string(), "team_lead");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> SharedStr {
        SharedStr(Arc::from(s.as_str()))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedStr, D::Error> {
        Arc::<str>::deserialize(d).map(SharedStr)
    }
}

#[cfg(test)]
mod tests {
    use super::SharedStr;

    #[test]
    fn a_clone_shares_the_text_and_compares_as_text() {
        let a = SharedStr::from(String::from("case-7"));
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, "case-7");
        assert_eq!("case-7", a);
        assert_eq!(a, String::from("case-7"));
        assert_ne!(a, "case-8");
        assert_eq!(format!("{a} {a:?}"), "case-7 \"case-7\"");
    }

    #[test]
    fn it_serialises_as_a_string() {
        let a = SharedStr::from("nps=3");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"nps=3\"");
        assert_eq!(serde_json::from_str::<SharedStr>("\"nps=3\"").unwrap(), a);
        assert!(serde_json::from_str::<SharedStr>("3").is_err());
    }
}
