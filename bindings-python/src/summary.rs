//! `clf.Summary`: mergeable summaries grouped by dimensions.

use clf_core::summary::{SummaryQueryInput, Summaries};
use clf_core::{ErrorCode, IdMap, SummaryQuery};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::config::{Config, Response};
use crate::errors::guard;
use crate::input::read;
use crate::scoring::{CesScore, CsatScore, EmotionSummary, MeanScore, NpsScore, data_class};

/// Summaries of responses grouped by dimensions (`touchpoint`, `journey`,
/// `channel`, `instrument`, `employee`, `team`, `locale`, `day`, `week`,
/// `month`, `quarter`). Summaries of parts merge into the summary of the whole.
#[pyclass(module = "clf", name = "Summary")]
pub struct Summary(Summaries);

impl Summary {
    fn add_one(&mut self, r: &Bound<'_, PyAny>) -> clf_core::Result<bool> {
        match r.cast::<Response>() {
            Ok(resp) => Ok(self.0.add(&resp.get().inner)),
            Err(_) => self.0.add_input(&read(r, ErrorCode::Validation)?),
        }
    }
}

#[pymethods]
impl Summary {
    #[new]
    #[pyo3(signature = (config, group_by = Vec::new(), r#where = None))]
    fn new(config: &Config, group_by: Vec<String>, r#where: Option<std::collections::BTreeMap<String, String>>) -> PyResult<Self> {
        guard(|| {
            let input = SummaryQueryInput { group_by, where_: IdMap(r#where.unwrap_or_default().into_iter().collect()) };
            Summaries::new(&config.0, SummaryQuery::from_input(&input)?).map(Summary)
        })
    }

    /// Adds one response (a `clf.Response`, a dict or JSON text). Returns
    /// False when the summary's `where` excludes it.
    fn add(&mut self, response: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(|| self.add_one(response))
    }

    /// Adds many responses; returns how many were kept. A response that fails
    /// validation raises, naming its index (`[3].answers.nps`); the ones
    /// before it stay added.
    fn add_many(&mut self, responses: &Bound<'_, PyAny>) -> PyResult<usize> {
        guard(|| {
            let mut kept = 0;
            for (i, r) in responses.try_iter().map_err(|e| clf_core::ClfError::validation("(root)", e.to_string()))?.enumerate() {
                let r = r.map_err(|e| clf_core::ClfError::validation("(root)", e.to_string()).at_index(i))?;
                kept += self.add_one(&r).map_err(|e| e.at_index(i))? as usize;
            }
            Ok(kept)
        })
    }

    /// Adds the counts of another summary of the same query.
    fn merge(&mut self, other: PyRef<'_, Summary>) -> PyResult<()> {
        guard(|| self.0.merge(&other.0))
    }

    /// Number of responses summarised.
    #[getter]
    fn responses(&self) -> u64 {
        self.0.responses()
    }

    /// The scores of every group, in key order.
    fn groups(&self) -> Vec<GroupSummary> {
        self.0.groups().into_iter().map(GroupSummary).collect()
    }
}

/// Scores of one group of a `clf.Summary`.
#[pyclass(frozen, module = "clf", name = "GroupSummary")]
pub struct GroupSummary(pub clf_core::GroupSummary);

fn score_dict<'py, T: Clone, P: IntoPyObject<'py>>(py: Python<'py>, m: &std::collections::BTreeMap<String, T>, wrap: fn(T) -> P) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in m {
        d.set_item(k, wrap(v.clone()))?;
    }
    Ok(d)
}

data_class!(GroupSummary, "GroupSummary", {
    /// The group's value per dimension, in `group_by` order (None where
    /// responses did not say).
    #[getter]
    fn key<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (dim, v) in &self.0.key {
            d.set_item(dim, v.as_deref())?;
        }
        Ok(d)
    }
    #[getter]
    fn responses(&self) -> u64 { self.0.responses }
    #[getter]
    fn nps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> { score_dict(py, &self.0.nps, NpsScore) }
    #[getter]
    fn csat<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> { score_dict(py, &self.0.csat, CsatScore) }
    #[getter]
    fn ces<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> { score_dict(py, &self.0.ces, CesScore) }
    #[getter]
    fn ratings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> { score_dict(py, &self.0.ratings, MeanScore) }
    #[getter]
    fn emotion<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> { score_dict(py, &self.0.emotion, EmotionSummary) }
});

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Summary>()?;
    m.add_class::<GroupSummary>()?;
    Ok(())
}
