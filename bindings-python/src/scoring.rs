//! `clf.nps`, `clf.csat`, `clf.ces`, the comparisons, and the score classes.

use clf_core::scoring as core;
use clf_core::{Confidence, Interval};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::guard;

fn confidence(level: f64) -> PyResult<Confidence> {
    guard(|| Confidence::new(level))
}

fn pair(i: Interval) -> (f64, f64) {
    (i.low, i.high)
}

/// Adds `to_dict()`, `__repr__` and `__eq__` to a class wrapping a
/// serialisable core value in field `0`.
macro_rules! data_class {
    ($py_type:ident, $name:literal, { $($methods:tt)* }) => {
        #[pymethods]
        impl $py_type {
            $($methods)*

            /// The JSON-ready form (snake_case keys, intervals as `[low, high]`).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                $crate::input::to_python(py, &self.0)
            }
            fn __repr__(&self) -> String {
                $crate::input::repr($name, &self.0)
            }
            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$py_type>().map(|o| o.get().0 == self.0).unwrap_or(false)
            }
        }
    };
}
pub(crate) use data_class;

/// Net Promoter Score with its margin of error.
#[pyclass(frozen, module = "clf", name = "NpsScore", from_py_object)]
#[derive(Clone)]
pub struct NpsScore(pub core::NpsScore);

data_class!(NpsScore, "NpsScore", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn promoters(&self) -> u64 { self.0.promoters }
    #[getter]
    fn passives(&self) -> u64 { self.0.passives }
    #[getter]
    fn detractors(&self) -> u64 { self.0.detractors }
    #[getter]
    fn score(&self) -> f64 { self.0.score }
    #[getter]
    fn margin_of_error(&self) -> f64 { self.0.margin_of_error }
    #[getter]
    fn ci(&self) -> (f64, f64) { pair(self.0.ci) }
    #[getter]
    fn confidence(&self) -> f64 { self.0.confidence }
});

/// CSAT: the share of top-2-box answers, with a Wilson interval.
#[pyclass(frozen, module = "clf", name = "CsatScore", from_py_object)]
#[derive(Clone)]
pub struct CsatScore(pub core::CsatScore);

data_class!(CsatScore, "CsatScore", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn scale(&self) -> u8 { self.0.scale }
    #[getter]
    fn satisfied(&self) -> u64 { self.0.satisfied }
    #[getter]
    fn score(&self) -> f64 { self.0.score }
    #[getter]
    fn ci(&self) -> (f64, f64) { pair(self.0.ci) }
    #[getter]
    fn confidence(&self) -> f64 { self.0.confidence }
});

/// CES: mean effort with a t interval and the share of easy answers.
#[pyclass(frozen, module = "clf", name = "CesScore", from_py_object)]
#[derive(Clone)]
pub struct CesScore(pub core::CesScore);

data_class!(CesScore, "CesScore", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn scale(&self) -> u8 { self.0.scale }
    #[getter]
    fn mean(&self) -> f64 { self.0.mean }
    #[getter]
    fn sd(&self) -> f64 { self.0.sd }
    #[getter]
    fn ci(&self) -> (f64, f64) { pair(self.0.ci) }
    #[getter]
    fn share_easy(&self) -> f64 { self.0.share_easy }
    #[getter]
    fn confidence(&self) -> f64 { self.0.confidence }
});

/// Mean of a rating question or of emotion valences.
#[pyclass(frozen, module = "clf", name = "MeanScore", from_py_object)]
#[derive(Clone)]
pub struct MeanScore(pub core::MeanScore);

data_class!(MeanScore, "MeanScore", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn mean(&self) -> f64 { self.0.mean }
    #[getter]
    fn sd(&self) -> f64 { self.0.sd }
    #[getter]
    fn ci(&self) -> (f64, f64) { pair(self.0.ci) }
    #[getter]
    fn confidence(&self) -> f64 { self.0.confidence }
});

/// The mood of the customers who answered an emotion question.
#[pyclass(frozen, module = "clf", name = "EmotionSummary", from_py_object)]
#[derive(Clone)]
pub struct EmotionSummary(pub core::EmotionSummary);

data_class!(EmotionSummary, "EmotionSummary", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (label, c) in &self.0.counts {
            d.set_item(label, c)?;
        }
        Ok(d)
    }
    #[getter]
    fn valence(&self) -> MeanScore { MeanScore(self.0.valence.clone()) }
    #[getter]
    fn share_negative(&self) -> f64 { self.0.share_negative }
    #[getter]
    fn share_positive(&self) -> f64 { self.0.share_positive }
});

/// The difference `a − b` between two scores, with a two-sample test.
#[pyclass(frozen, module = "clf", name = "Difference", from_py_object)]
#[derive(Clone)]
pub struct Difference(pub core::Difference);

data_class!(Difference, "Difference", {
    #[getter]
    fn difference(&self) -> f64 { self.0.difference }
    #[getter]
    fn standard_error(&self) -> f64 { self.0.standard_error }
    #[getter]
    fn z(&self) -> f64 { self.0.z }
    #[getter]
    fn p_value(&self) -> f64 { self.0.p_value }
    #[getter]
    fn ci(&self) -> (f64, f64) { pair(self.0.ci) }
    #[getter]
    fn confidence(&self) -> f64 { self.0.confidence }
    #[getter]
    fn significant(&self) -> bool { self.0.significant }
});

/// NPS of 0–10 answers.
#[pyfunction]
#[pyo3(signature = (scores, *, confidence = 0.95))]
pub fn nps(scores: Vec<f64>, confidence: f64) -> PyResult<NpsScore> {
    let c = self::confidence(confidence)?;
    guard(|| core::nps_at(&scores, c)).map(NpsScore)
}

/// CSAT of 1–scale answers.
#[pyfunction]
#[pyo3(signature = (ratings, scale = 5.0, *, confidence = 0.95))]
pub fn csat(ratings: Vec<f64>, scale: f64, confidence: f64) -> PyResult<CsatScore> {
    let c = self::confidence(confidence)?;
    guard(|| core::csat_at(&ratings, scale, c)).map(CsatScore)
}

/// CES of 1–scale answers.
#[pyfunction]
#[pyo3(signature = (ratings, scale = 7.0, *, confidence = 0.95))]
pub fn ces(ratings: Vec<f64>, scale: f64, confidence: f64) -> PyResult<CesScore> {
    let c = self::confidence(confidence)?;
    guard(|| core::ces_at(&ratings, scale, c)).map(CesScore)
}

/// Two-sample z test of the NPS difference `a − b`.
#[pyfunction]
#[pyo3(signature = (a, b, *, confidence = 0.95))]
pub fn compare_nps(a: NpsScore, b: NpsScore, confidence: f64) -> PyResult<Difference> {
    let c = self::confidence(confidence)?;
    guard(|| core::compare_nps(&a.0, &b.0, c)).map(Difference)
}

/// Two-proportion z test of the CSAT difference `a − b`.
#[pyfunction]
#[pyo3(signature = (a, b, *, confidence = 0.95))]
pub fn compare_csat(a: CsatScore, b: CsatScore, confidence: f64) -> PyResult<Difference> {
    let c = self::confidence(confidence)?;
    guard(|| core::compare_csat(&a.0, &b.0, c)).map(Difference)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NpsScore>()?;
    m.add_class::<CsatScore>()?;
    m.add_class::<CesScore>()?;
    m.add_class::<MeanScore>()?;
    m.add_class::<EmotionSummary>()?;
    m.add_class::<Difference>()?;
    m.add_function(wrap_pyfunction!(nps, m)?)?;
    m.add_function(wrap_pyfunction!(csat, m)?)?;
    m.add_function(wrap_pyfunction!(ces, m)?)?;
    m.add_function(wrap_pyfunction!(compare_nps, m)?)?;
    m.add_function(wrap_pyfunction!(compare_csat, m)?)?;
    Ok(())
}
