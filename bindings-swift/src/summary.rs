//! `Summary(config:query:)`: mergeable summaries grouped by dimensions.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use clf_core::summary::{Summaries, SummaryQueryInput};
use clf_core::{ClfError as CoreError, ErrorCode, IdMap, ResponseInput, SummaryQuery as CoreQuery};

use crate::config::Config;
use crate::errors::{ClfError, guard};
use crate::scoring::{CesScore, CsatScore, EmotionSummary, MeanScore, NpsScore};

/// What to group by and which responses to keep. (`filter` is the `where`
/// of the other languages; `where` is a Swift keyword.)
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SummaryQuery {
    /// Dimensions: `touchpoint`, `journey`, `channel`, `instrument`,
    /// `employee`, `team`, `locale`, `day`, `week`, `month`, `quarter`.
    #[uniffi(default)]
    pub group_by: Vec<String>,
    /// Keep only responses with these values: `["channel": "phone"]`.
    #[uniffi(default)]
    pub filter: HashMap<String, String>,
}

/// One dimension's value in a group key (`nil` where responses did not say).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct KeyPart {
    /// The dimension.
    pub dimension: String,
    /// Its value in this group.
    pub value: Option<String>,
}

/// Scores of one group; score maps are keyed by question id.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct GroupSummary {
    /// The group's value per dimension, in `groupBy` order.
    pub key: Vec<KeyPart>,
    /// Responses in the group.
    pub responses: u64,
    /// NPS per NPS question id.
    pub nps: HashMap<String, NpsScore>,
    /// CSAT per CSAT question id.
    pub csat: HashMap<String, CsatScore>,
    /// CES per CES question id.
    pub ces: HashMap<String, CesScore>,
    /// Mean per rating question id.
    pub ratings: HashMap<String, MeanScore>,
    /// Mood per emotion question id.
    pub emotion: HashMap<String, EmotionSummary>,
}

fn convert<A, B: From<A>>(m: std::collections::BTreeMap<String, A>) -> HashMap<String, B> {
    m.into_iter().map(|(k, v)| (k, v.into())).collect()
}

pub(crate) fn group_summary(g: clf_core::GroupSummary) -> GroupSummary {
    GroupSummary {
        key: g.key.into_iter().map(|(dimension, value)| KeyPart { dimension, value }).collect(),
        responses: g.responses,
        nps: convert(g.nps),
        csat: convert(g.csat),
        ces: convert(g.ces),
        ratings: convert(g.ratings),
        emotion: convert(g.emotion),
    }
}

/// Summaries of responses grouped by dimensions. Summaries of parts merge
/// into the summary of the whole.
#[derive(uniffi::Object)]
pub struct Summary {
    inner: Mutex<Summaries>,
}

impl Summary {
    fn with<T>(&self, f: impl FnOnce(&mut Summaries) -> clf_core::Result<T>) -> Result<T, ClfError> {
        guard(|| {
            let mut s = self.inner.lock().map_err(|_| CoreError::Internal { message: "summary lock poisoned".into() })?;
            f(&mut s)
        })
    }
}

fn parse(json: &str) -> clf_core::Result<ResponseInput> {
    clf_core::input::from_json(json, ErrorCode::Validation)
}

#[uniffi::export]
impl Summary {
    /// Empty summaries of responses of `config`.
    #[uniffi::constructor]
    pub fn new(config: Arc<Config>, query: SummaryQuery) -> Result<Arc<Self>, ClfError> {
        guard(|| {
            let input = SummaryQueryInput { group_by: query.group_by, where_: IdMap(query.filter.into_iter().collect()) };
            Ok(Arc::new(Summary { inner: Mutex::new(Summaries::new(&config.inner, CoreQuery::from_input(&input)?)?) }))
        })
    }

    /// Adds one response (JSON text); false when the filter excludes it.
    pub fn add(&self, json: String) -> Result<bool, ClfError> {
        self.with(|s| s.add_input(&parse(&json)?))
    }

    /// Adds many responses (JSON texts); returns how many were kept. A
    /// response that fails validation throws with its index in the path
    /// (`[3].answers.nps`); the ones before it stay added.
    pub fn add_many(&self, json: Vec<String>) -> Result<u64, ClfError> {
        self.with(|s| Ok(s.add_inputs(json.iter().map(|j| parse(j)))? as u64))
    }

    /// Adds the counts of another summary of the same query.
    pub fn merge(&self, other: Arc<Summary>) -> Result<(), ClfError> {
        // Copy first, so that merging a summary into itself cannot deadlock.
        let theirs = other.snapshot();
        self.with(|s| s.merge(&theirs))
    }

    /// Number of responses summarised.
    pub fn responses(&self) -> u64 {
        self.snapshot().responses()
    }

    /// The scores of every group, in key order.
    pub fn groups(&self) -> Vec<GroupSummary> {
        self.snapshot().groups().into_iter().map(group_summary).collect()
    }
}

impl Summary {
    /// A copy of the current state (merging a summary into itself doubles it,
    /// as merging a copy would).
    fn snapshot(&self) -> Summaries {
        match self.inner.lock() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}
