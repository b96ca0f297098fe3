//! `Config(json:)`: loading a configuration from JSON or TOML text, and
//! validating responses against it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use clf_core::{AnswerInput, ErrorCode, ResponseInput};

use crate::errors::{ClfError, guard};

/// A validated configuration. Throws `ClfError.config` with the path of the
/// field at fault.
#[derive(uniffi::Object)]
pub struct Config {
    pub(crate) inner: clf_core::Config,
}

/// An answer as given: a whole number, a number, text, yes/no or options.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum AnswerValue {
    /// A score or rating.
    Number { value: i64 },
    /// Text, or the label of a chosen option.
    Text { value: String },
    /// Yes or no.
    YesNo { value: bool },
    /// The labels of the chosen options.
    Options { values: Vec<String> },
}

/// A response validated against its configuration.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Response {
    /// Unique id.
    pub id: String,
    /// The instrument answered.
    pub instrument: String,
    /// The touchpoint.
    pub touchpoint: String,
    /// The touchpoint's journey.
    pub journey: String,
    /// The channel.
    pub channel: String,
    /// When it was submitted.
    pub submitted_at: SystemTime,
    /// The customer, if known.
    pub customer: Option<String>,
    /// The employee of the contact, if known.
    pub employee: Option<String>,
    /// The team of the contact, if known.
    pub team: Option<String>,
    /// The customer's locale.
    pub locale: Option<String>,
    /// The host's own labels.
    pub labels: Vec<String>,
    /// The case whose handling this response is about.
    pub case_id: Option<String>,
    /// Answers by question id (skipped questions are absent).
    pub answers: HashMap<String, AnswerValue>,
}

fn answer_value(a: AnswerInput) -> Option<AnswerValue> {
    Some(match a {
        AnswerInput::Int(value) => AnswerValue::Number { value },
        AnswerInput::Text(value) => AnswerValue::Text { value },
        AnswerInput::Bool(value) => AnswerValue::YesNo { value },
        AnswerInput::List(values) => AnswerValue::Options { values },
        // Validated answers are whole numbers, text, booleans or lists.
        AnswerInput::Float(_) | AnswerInput::Null => return None,
    })
}

pub(crate) fn response_record(config: &clf_core::Config, r: &clf_core::Response) -> Response {
    let input = config.response_input(r);
    Response {
        id: input.id,
        instrument: input.instrument,
        touchpoint: input.touchpoint,
        journey: config.journeys[r.journey.index()].id.clone(),
        channel: input.channel,
        submitted_at: r.submitted_at.into(),
        customer: input.customer,
        employee: input.employee,
        team: input.team,
        locale: input.locale,
        labels: input.labels,
        case_id: input.case_id,
        answers: input.answers.0.into_iter().filter_map(|(k, v)| answer_value(v).map(|v| (k, v))).collect(),
    }
}

#[uniffi::export]
impl Config {
    /// Loads a configuration from JSON text.
    #[uniffi::constructor]
    pub fn new(json: String) -> Result<Arc<Self>, ClfError> {
        guard(|| clf_core::Config::from_json(&json)).map(|inner| Arc::new(Config { inner }))
    }

    /// Loads a configuration from TOML text of the same shape.
    #[uniffi::constructor]
    pub fn from_toml(toml: String) -> Result<Arc<Self>, ClfError> {
        guard(|| clf_core::Config::from_toml(&toml)).map(|inner| Arc::new(Config { inner }))
    }

    /// The organisation's name.
    pub fn organisation(&self) -> String {
        self.inner.organisation.clone()
    }

    /// The organisation's time zone (IANA name).
    pub fn time_zone(&self) -> String {
        self.inner.time_zone.name().to_string()
    }

    /// Confidence level of every interval.
    pub fn confidence(&self) -> f64 {
        self.inner.confidence.level()
    }

    /// Channel ids, in configuration order.
    pub fn channels(&self) -> Vec<String> {
        self.inner.channels.iter().map(|c| c.id.clone()).collect()
    }

    /// Touchpoint ids of all journeys, in configuration order.
    pub fn touchpoints(&self) -> Vec<String> {
        self.inner.touchpoints.iter().map(|t| t.id.clone()).collect()
    }

    /// Journey ids.
    pub fn journeys(&self) -> Vec<String> {
        self.inner.journeys.iter().map(|j| j.id.clone()).collect()
    }

    /// Instrument ids.
    pub fn instruments(&self) -> Vec<String> {
        self.inner.instruments.iter().map(|i| i.id.clone()).collect()
    }

    /// Validates a response (JSON text); throws `ClfError.validation` with the
    /// path of the field (`answers.nps`).
    pub fn validate_response(&self, json: String) -> Result<Response, ClfError> {
        guard(|| {
            let input: ResponseInput = clf_core::input::from_json(&json, ErrorCode::Validation)?;
            let r = self.inner.validate_response(input)?;
            Ok(response_record(&self.inner, &r))
        })
    }
}
