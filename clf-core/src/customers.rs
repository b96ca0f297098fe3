//! What the engine keeps per customer: their complaints in the repeat
//! window, their open case and their latest case. One record per customer,
//! found with one lookup of their id per response (instead of one per map).

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One customer's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CustomerRecord {
    /// The customer's id.
    pub(crate) id: String,
    /// Submission times of their complaints, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) complaints: Vec<DateTime<Utc>>,
    /// Their open case (by index): a new complaint attaches to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) open_case: Option<u32>,
    /// Their most recent case (by index): their next NPS tells how it went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_case: Option<u32>,
}

/// Every customer seen, in the order first seen, with an index by id.
/// Serialised as the list; the index is rebuilt on reading.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Customers {
    index: FxHashMap<String, u32>,
    list: Vec<CustomerRecord>,
}

impl Customers {
    /// The record of `id`, created if new.
    pub(crate) fn of(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i as usize;
        }
        let i = self.list.len();
        self.index.insert(id.to_string(), i as u32);
        self.list.push(CustomerRecord { id: id.to_string(), ..Default::default() });
        i
    }

    /// The record of `id` to change, if seen.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut CustomerRecord> {
        self.index.get(id).map(|&i| &mut self.list[i as usize])
    }

    /// Every record, in the order first seen.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &CustomerRecord> {
        self.list.iter()
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
        self.list.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Customers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Customers, D::Error> {
        let list = Vec::<CustomerRecord>::deserialize(d)?;
        let mut index = FxHashMap::default();
        for (i, c) in list.iter().enumerate() {
            if index.insert(c.id.clone(), i as u32).is_some() {
                return Err(D::Error::custom(format!("customer {:?} listed twice", c.id)));
            }
        }
        Ok(Customers { index, list })
    }
}
