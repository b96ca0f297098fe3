//! What the engine keeps per customer: their complaints in the repeat
//! window, their open case and their latest case. One record per customer,
//! found with one lookup of their id per response (instead of one per map).

use chrono::{DateTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::hashindex::HashIndex;

/// A customer's id: up to 22 bytes in place (so that finding a customer
/// reads no other memory than their record), longer ones on the heap.
#[derive(Debug, Clone, PartialEq)]
enum Id {
    Short { len: u8, bytes: [u8; 22] },
    Long(Box<str>),
}

impl Id {
    fn new(id: &str) -> Id {
        let mut bytes = [0u8; 22];
        match bytes.get_mut(..id.len()) {
            Some(head) => {
                head.copy_from_slice(id.as_bytes());
                Id::Short { len: id.len() as u8, bytes }
            }
            None => Id::Long(id.into()),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Id::Short { len, bytes } => &bytes[..*len as usize],
            Id::Long(s) => s.as_bytes(),
        }
    }

    fn as_str(&self) -> &str {
        // The bytes of a `&str`, whole: always UTF-8.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Submission times of a customer's complaints, sorted: up to two in
/// place, more on the heap. Most customers complain at most twice, so
/// counting their repeats reads no memory beyond their record.
#[derive(Debug, Clone)]
pub(crate) enum Times {
    /// `len` (at most 2) times, in the first places of `at`.
    Inline { len: u8, at: [DateTime<Utc>; 2] },
    /// Three times or more.
    Heap(Vec<DateTime<Utc>>),
}

impl Default for Times {
    fn default() -> Times {
        Times::Inline { len: 0, at: [DateTime::UNIX_EPOCH; 2] }
    }
}

impl Times {
    /// The times, in order.
    pub(crate) fn as_slice(&self) -> &[DateTime<Utc>] {
        match self {
            Times::Inline { len, at } => &at[..*len as usize],
            Times::Heap(v) => v,
        }
    }

    /// Inserts `t` at `index` (as [`Vec::insert`]: `index` at most the length).
    pub(crate) fn insert(&mut self, index: usize, t: DateTime<Utc>) {
        match self {
            Times::Inline { len, at } if (*len as usize) < at.len() => {
                let n = *len as usize;
                at.copy_within(index..n, index + 1);
                at[index] = t;
                *len += 1;
            }
            Times::Inline { at, .. } => {
                let mut v = Vec::with_capacity(2 * at.len());
                v.extend_from_slice(at);
                v.insert(index, t);
                *self = Times::Heap(v);
            }
            Times::Heap(v) => v.insert(index, t),
        }
    }

    /// `times`, in place if they fit.
    fn of(times: &[DateTime<Utc>]) -> Times {
        let mut at = [DateTime::UNIX_EPOCH; 2];
        match at.get_mut(..times.len()) {
            Some(head) => {
                head.copy_from_slice(times);
                Times::Inline { len: times.len() as u8, at }
            }
            None => Times::Heap(times.to_vec()),
        }
    }
}

/// Equal when they hold the same times, wherever they are kept.
impl PartialEq for Times {
    fn eq(&self, other: &Times) -> bool {
        self.as_slice() == other.as_slice()
    }
}

/// A case index in four bytes, `NO_CASE` for none.
const NO_CASE: u32 = u32::MAX;

/// One customer's record, a cache line of 64 bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CustomerRecord {
    /// The customer's id.
    id: Id,
    /// Submission times of their complaints, sorted.
    pub(crate) complaints: Times,
    /// Their open case (by index), or `NO_CASE`: a new complaint attaches to it.
    open_case: u32,
    /// Their most recent case (by index), or `NO_CASE`: their next NPS tells how it went.
    last_case: u32,
}

impl CustomerRecord {
    /// The customer's id.
    pub(crate) fn id(&self) -> &str {
        self.id.as_str()
    }

    /// Their open case (by index): a new complaint attaches to it.
    pub(crate) fn open_case(&self) -> Option<u32> {
        (self.open_case != NO_CASE).then_some(self.open_case)
    }

    /// Their most recent case (by index): their next NPS tells how it went.
    pub(crate) fn last_case(&self) -> Option<u32> {
        (self.last_case != NO_CASE).then_some(self.last_case)
    }

    /// Sets their open case. Case indexes are below `u32::MAX`: an engine
    /// holds fewer cases than that.
    pub(crate) fn set_open_case(&mut self, case: Option<u32>) {
        self.open_case = case.unwrap_or(NO_CASE);
    }

    /// Sets their most recent case.
    pub(crate) fn set_last_case(&mut self, case: Option<u32>) {
        self.last_case = case.unwrap_or(NO_CASE);
    }
}

// A record is one cache line on 64-bit targets: finding a customer reads one.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<CustomerRecord>() == 64);

/// A record as snapshots write it.
#[derive(Serialize, Deserialize)]
struct Image<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    complaints: std::borrow::Cow<'a, [DateTime<Utc>]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    open_case: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_case: Option<u32>,
}

/// Every customer seen, in the order first seen, with an index by id that
/// keeps no copy of the ids ([`HashIndex`]). Serialised as the list; the
/// index is rebuilt on reading.
#[derive(Debug, Clone, Default)]
pub(crate) struct Customers {
    index: HashIndex,
    list: Vec<CustomerRecord>,
}

impl Customers {
    /// Asks for the index slot of customer `id` ([`crate::prefetch`]).
    pub(crate) fn prefetch_slot(&self, id: &str) {
        self.index.prefetch(id);
    }

    /// Asks for the record of customer `id`, if the index (its slot asked
    /// for before) has one for it.
    pub(crate) fn prefetch_record(&self, id: &str) {
        if let Some(r) = self.index.likely(id).and_then(|i| self.list.get(i as usize)) {
            crate::prefetch::line(r);
        }
    }

    /// The record of `id`, if seen.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id, |i| self.list.get(i as usize).map(|r| r.id.as_bytes())).map(|i| i as usize)
    }

    /// The record of `id`, created if new.
    pub(crate) fn of(&mut self, id: &str) -> usize {
        if let Some(i) = self.find(id) {
            return i;
        }
        let i = self.list.len();
        self.index.insert(id, i as u32);
        self.list.push(CustomerRecord { id: Id::new(id), complaints: Times::default(), open_case: NO_CASE, last_case: NO_CASE });
        i
    }

    /// The record of `id` to change, if seen.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut CustomerRecord> {
        self.find(id).map(|i| &mut self.list[i])
    }

    /// Every record, in the order first seen.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &CustomerRecord> {
        self.list.iter()
    }
}

/// Equal when the records are (the index follows from them).
impl PartialEq for Customers {
    fn eq(&self, other: &Customers) -> bool {
        self.list == other.list
    }
}

impl std::ops::Index<usize> for Customers {
    type Output = CustomerRecord;
    fn index(&self, i: usize) -> &CustomerRecord {
        &self.list[i]
    }
}

impl std::ops::IndexMut<usize> for Customers {
    fn index_mut(&mut self, i: usize) -> &mut CustomerRecord {
        &mut self.list[i]
    }
}

impl Serialize for Customers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.list.iter().map(|r| Image { id: r.id.as_str().into(), complaints: r.complaints.as_slice().into(), open_case: r.open_case(), last_case: r.last_case() }))
    }
}

impl<'de> Deserialize<'de> for Customers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Customers, D::Error> {
        let list = Vec::<Image>::deserialize(d)?;
        let mut customers = Customers::default();
        for r in list {
            if customers.find(&r.id).is_some() {
                return Err(D::Error::custom(format!("customer {:?} listed twice", r.id)));
            }
            if r.open_case.into_iter().chain(r.last_case).any(|k| k == NO_CASE) {
                return Err(D::Error::custom(format!("customer {:?} has a case index of {NO_CASE}: expected one below it", r.id)));
            }
            let i = customers.of(&r.id);
            let record = &mut customers.list[i];
            record.complaints = Times::of(&r.complaints);
            record.set_open_case(r.open_case);
            record.set_last_case(r.last_case);
        }
        Ok(customers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complaint_times_stay_sorted_in_place_and_on_the_heap() {
        let t = |h: i64| DateTime::from_timestamp(1_790_000_000 + 3600 * h, 0).unwrap();
        let mut times = Times::default();
        assert!(times.as_slice().is_empty());
        times.insert(0, t(5));
        times.insert(0, t(1));
        assert!(matches!(times, Times::Inline { len: 2, .. }));
        assert_eq!(times.as_slice(), [t(1), t(5)]);
        // The third goes to the heap, wherever it falls.
        times.insert(1, t(3));
        assert!(matches!(times, Times::Heap(_)));
        assert_eq!(times.as_slice(), [t(1), t(3), t(5)]);
        times.insert(3, t(9));
        assert_eq!(times.as_slice(), [t(1), t(3), t(5), t(9)]);
        // Equal by content: two times on the heap equal two in place.
        assert_eq!(Times::Heap(vec![t(1), t(2)]), Times::of(&[t(1), t(2)]));
        assert!(matches!(Times::of(&[t(1), t(2)]), Times::Inline { len: 2, .. }));
        assert_eq!(Times::of(&[t(1), t(2), t(3)]).as_slice(), [t(1), t(2), t(3)]);
    }

    #[test]
    fn customers_are_found_by_id_whatever_its_length_and_survive_a_round_trip() {
        // In unit tests ids of one length share a hash: all but the first
        // of each length are clashes.
        let ids = ["c-1", "c-2", "c-3", "klant-ë", "a-customer-id-of-22-by", "a-customer-id-of-23-byt", "0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950f", ""];
        let mut c = Customers::default();
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(c.of(id), n, "{id:?} is new");
        }
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(c.of(id), n, "{id:?} is found again");
        }
        c.list[1].set_open_case(Some(4));
        c.get_mut("0f8fad5b-d9cb-469f-a165-70867728950f").unwrap().complaints.insert(0, DateTime::from_timestamp(1_790_000_000, 0).unwrap());
        assert!(c.get_mut("c-4").is_none());
        assert!(c.get_mut("0f8fad5b-d9cb-469f-a165-70867728950a").is_none());
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.starts_with(r#"[{"id":"c-1"},{"id":"c-2","open_case":4},"#), "{json}");
        let back: Customers = serde_json::from_str(&json).unwrap();
        assert!(back == c);
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(back.find(id), Some(n), "{id:?} after a round trip");
        }
        let twice = r#"[{"id":"c-1"},{"id":"c-1"}]"#;
        assert!(serde_json::from_str::<Customers>(r#"[{"id":"c-1","last_case":4294967295}]"#).unwrap_err().to_string().contains("expected one below it"));
        assert!(serde_json::from_str::<Customers>(twice).unwrap_err().to_string().contains("listed twice"));
    }
}
