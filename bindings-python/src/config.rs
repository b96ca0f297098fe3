//! `clf.Config`: loading a configuration from a dict, JSON or TOML text, and
//! validating responses against it (`clf.Response`).

use chrono::{DateTime, FixedOffset};
use clf_core::{ErrorCode, ResponseInput};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};

use crate::errors::guard;
use crate::input::{read, to_python};

/// A validated configuration. Build it from a dict or a JSON string:
/// `clf.Config(json.load(f))`, or `clf.Config.from_toml(text)`.
#[pyclass(frozen, module = "clf", name = "Config")]
pub struct Config(pub clf_core::Config);

#[pymethods]
impl Config {
    #[new]
    fn new(source: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::from_source(source)
    }

    /// Loads a configuration from JSON text.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        guard(|| clf_core::Config::from_json(text)).map(Config)
    }

    /// Loads a configuration from TOML text of the same shape.
    #[classmethod]
    fn from_toml(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        guard(|| clf_core::Config::from_toml(text)).map(Config)
    }

    /// The organisation's name.
    #[getter]
    fn organisation(&self) -> &str {
        &self.0.organisation
    }

    /// The organisation's time zone (IANA name).
    #[getter]
    fn time_zone(&self) -> &str {
        self.0.time_zone.name()
    }

    /// Confidence level of every interval.
    #[getter]
    fn confidence(&self) -> f64 {
        self.0.confidence.level()
    }

    /// Channel ids, in configuration order.
    #[getter]
    fn channels(&self) -> Vec<String> {
        self.0.channels.iter().map(|c| c.id.clone()).collect()
    }

    /// Touchpoint ids of all journeys, in configuration order.
    #[getter]
    fn touchpoints(&self) -> Vec<String> {
        self.0.touchpoints.iter().map(|t| t.id.clone()).collect()
    }

    /// Journey ids.
    #[getter]
    fn journeys(&self) -> Vec<String> {
        self.0.journeys.iter().map(|j| j.id.clone()).collect()
    }

    /// Instrument ids.
    #[getter]
    fn instruments(&self) -> Vec<String> {
        self.0.instruments.iter().map(|i| i.id.clone()).collect()
    }

    /// Validates a response (dict or JSON text) against this configuration;
    /// raises `clf.ValidationError` naming the field at fault.
    fn validate_response(&self, response: &Bound<'_, PyAny>) -> PyResult<Response> {
        guard(|| {
            let input: ResponseInput = read(response, ErrorCode::Validation)?;
            let r = self.0.validate_response(input)?;
            Ok(Response { config: self.0.clone(), inner: r })
        })
    }

    fn __repr__(&self) -> String {
        format!("Config(organisation={:?}, instruments={}, channels={}, touchpoints={})", self.0.organisation, self.0.instruments.len(), self.0.channels.len(), self.0.touchpoints.len())
    }
}

impl Config {
    /// A configuration from JSON text or plain Python values.
    pub fn from_source(source: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(text) = source.cast::<PyString>() {
            let text = text.to_str()?;
            return guard(|| clf_core::Config::from_json(text)).map(Config);
        }
        guard(|| {
            let mut de = pythonize::Depythonizer::from_object(source);
            clf_core::Config::from_deserializer(&mut de)
        })
        .map(Config)
    }

    /// The core configuration of a `Config`, or of JSON text or plain values.
    pub fn from_any(source: &Bound<'_, PyAny>) -> PyResult<clf_core::Config> {
        match source.cast::<Config>() {
            Ok(c) => Ok(c.get().0.clone()),
            Err(_) => Config::from_source(source).map(|c| c.0),
        }
    }
}

/// A response validated against its configuration.
#[pyclass(frozen, module = "clf", name = "Response")]
pub struct Response {
    pub config: clf_core::Config,
    pub inner: clf_core::Response,
}

#[pymethods]
impl Response {
    #[getter]
    fn id(&self) -> &str { &self.inner.id }
    #[getter]
    fn instrument(&self) -> &str { &self.config.instruments[self.inner.instrument.index()].id }
    #[getter]
    fn touchpoint(&self) -> &str { &self.config.touchpoints[self.inner.touchpoint.index()].id }
    #[getter]
    fn journey(&self) -> &str { &self.config.journeys[self.inner.journey.index()].id }
    #[getter]
    fn channel(&self) -> &str { &self.config.channels[self.inner.channel.index()].id }
    /// When it was submitted: an aware `datetime` with the offset it was sent with.
    #[getter]
    fn submitted_at(&self) -> DateTime<FixedOffset> { self.inner.submitted_at }
    #[getter]
    fn customer(&self) -> Option<&str> { self.inner.customer.as_deref() }
    #[getter]
    fn employee(&self) -> Option<&str> { self.inner.employee.as_deref() }
    #[getter]
    fn team(&self) -> Option<&str> { self.inner.team.as_deref() }
    #[getter]
    fn locale(&self) -> Option<&str> { self.inner.locale.as_deref() }
    #[getter]
    fn labels(&self) -> Vec<String> { self.inner.labels.clone() }
    #[getter]
    fn case_id(&self) -> Option<&str> { self.inner.case_id.as_deref() }
    /// Answers given, by question id (skipped questions are absent).
    #[getter]
    fn answers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.config.response_input(&self.inner).answers)
    }
    /// The response in its JSON input form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.config.response_input(&self.inner))
    }
    fn __repr__(&self) -> String {
        format!("Response(id={:?}, touchpoint={:?}, channel={:?})", self.inner.id, self.touchpoint(), self.channel())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Config>()?;
    m.add_class::<Response>()?;
    Ok(())
}
