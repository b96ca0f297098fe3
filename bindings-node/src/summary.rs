//! `new Summary(config, {groupBy, where})`: mergeable summaries grouped by dimensions.

use std::collections::BTreeMap;

use clf_core::summary::{Summaries, SummaryQueryInput};
use clf_core::{ErrorCode, IdMap, SummaryQuery};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

use crate::config::Config;
use crate::errors::guard;
use crate::input::read;
use crate::scoring::{CesScore, CsatScore, EmotionSummary, MeanScore, NpsScore};

/// What to group by and which responses to keep.
#[napi(object)]
pub struct SummaryQueryOptions {
    /// Dimensions: `touchpoint`, `journey`, `channel`, `instrument`,
    /// `employee`, `team`, `locale`, `day`, `week`, `month`, `quarter`.
    pub group_by: Option<Vec<String>>,
    /// Keep only responses with these values: `{channel: "phone"}`.
    #[napi(js_name = "where")]
    pub where_: Option<BTreeMap<String, String>>,
}

/// Scores of one group of a `Summary`; score maps are keyed by question id.
#[napi(object)]
pub struct GroupSummary {
    /// The group's value per dimension (`null` where responses did not say).
    pub key: BTreeMap<String, Option<String>>,
    /// Responses in the group.
    pub responses: f64,
    /// NPS per NPS question id.
    pub nps: BTreeMap<String, NpsScore>,
    /// CSAT per CSAT question id.
    pub csat: BTreeMap<String, CsatScore>,
    /// CES per CES question id.
    pub ces: BTreeMap<String, CesScore>,
    /// Mean per rating question id.
    pub ratings: BTreeMap<String, MeanScore>,
    /// Mood per emotion question id.
    pub emotion: BTreeMap<String, EmotionSummary>,
}

fn convert<A, B: From<A>>(m: BTreeMap<String, A>) -> BTreeMap<String, B> {
    m.into_iter().map(|(k, v)| (k, v.into())).collect()
}

pub(crate) fn group_summary(g: clf_core::GroupSummary) -> GroupSummary {
    GroupSummary {
        key: g.key.into_iter().collect(),
        responses: g.responses as f64,
        nps: convert(g.nps),
        csat: convert(g.csat),
        ces: convert(g.ces),
        ratings: convert(g.ratings),
        emotion: convert(g.emotion),
    }
}

/// Summaries of responses grouped by dimensions. Summaries of parts merge
/// into the summary of the whole.
#[napi]
pub struct Summary {
    inner: Summaries,
}

#[napi]
impl Summary {
    /// Empty summaries of responses of `config`.
    #[napi(constructor)]
    pub fn new(env: Env, config: &Config, query: Option<SummaryQueryOptions>) -> napi::Result<Self> {
        guard(&env, || {
            let (group_by, where_) = query.map(|q| (q.group_by.unwrap_or_default(), q.where_.unwrap_or_default())).unwrap_or_default();
            let input = SummaryQueryInput { group_by, where_: IdMap(where_.into_iter().collect()) };
            Ok(Summary { inner: Summaries::new(&config.inner, SummaryQuery::from_input(&input)?)? })
        })
    }

    /// Adds one response (object or JSON text); false when `where` excludes it.
    #[napi]
    pub fn add(&mut self, env: Env, #[napi(ts_arg_type = "object | string")] response: Value) -> napi::Result<bool> {
        guard(&env, || self.inner.add_input(&read(response, ErrorCode::Validation)?))
    }

    /// Adds many responses; returns how many were kept. A response that fails
    /// validation throws with its index in `path` (`[3].answers.nps`); the
    /// ones before it stay added.
    #[napi]
    pub fn add_many(&mut self, env: Env, #[napi(ts_arg_type = "Array<object | string>")] responses: Vec<Value>) -> napi::Result<u32> {
        guard(&env, || Ok(self.inner.add_inputs(responses.into_iter().map(|r| read(r, ErrorCode::Validation)))? as u32))
    }

    /// Adds the counts of another summary of the same query.
    #[napi]
    pub fn merge(&mut self, env: Env, other: &Summary) -> napi::Result<()> {
        guard(&env, || self.inner.merge(&other.inner))
    }

    /// Number of responses summarised.
    #[napi(getter)]
    pub fn responses(&self) -> f64 {
        self.inner.responses() as f64
    }

    /// The scores of every group, in key order.
    #[napi]
    pub fn groups(&self) -> Vec<GroupSummary> {
        self.inner.groups().into_iter().map(group_summary).collect()
    }
}
