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

/// One customer's record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CustomerRecord {
    /// The customer's id.
    id: Id,
    /// Submission times of their complaints, sorted.
    pub(crate) complaints: Vec<DateTime<Utc>>,
    /// Their open case (by index): a new complaint attaches to it.
    pub(crate) open_case: Option<u32>,
    /// Their most recent case (by index): their next NPS tells how it went.
    pub(crate) last_case: Option<u32>,
}

impl CustomerRecord {
    /// The customer's id.
    pub(crate) fn id(&self) -> &str {
        self.id.as_str()
    }
}

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
        self.list.push(CustomerRecord { id: Id::new(id), complaints: Vec::new(), open_case: None, last_case: None });
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
        s.collect_seq(self.list.iter().map(|r| Image { id: r.id.as_str().into(), complaints: r.complaints.as_slice().into(), open_case: r.open_case, last_case: r.last_case }))
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
            let i = customers.of(&r.id);
            let record = &mut customers.list[i];
            record.complaints = r.complaints.into_owned();
            record.open_case = r.open_case;
            record.last_case = r.last_case;
        }
        Ok(customers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        c.list[1].open_case = Some(4);
        c.get_mut("0f8fad5b-d9cb-469f-a165-70867728950f").unwrap().complaints.push(DateTime::from_timestamp(1_790_000_000, 0).unwrap());
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
        assert!(serde_json::from_str::<Customers>(twice).unwrap_err().to_string().contains("listed twice"));
    }
}
