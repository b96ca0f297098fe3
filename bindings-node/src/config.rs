//! `new Config(source)`: loading a configuration from an object or JSON text,
//! and validating responses against it.

use chrono::{DateTime, Utc};
use clf_core::{ErrorCode, ResponseInput};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

use crate::errors::guard;
use crate::input::read;

/// A validated configuration: `new Config(object | jsonText)`. Throws an
/// Error with `code === "CLF_CONFIG"` and `path` naming the field at fault.
#[napi]
pub struct Config {
    pub(crate) inner: clf_core::Config,
}

/// A response validated against its configuration.
#[napi(object)]
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
    /// When it was submitted (a `Date`; the original offset is not kept by JS dates).
    pub submitted_at: DateTime<Utc>,
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
    #[napi(ts_type = "Record<string, number | string | boolean | string[]>")]
    pub answers: Value,
}

pub(crate) fn response_object(config: &clf_core::Config, r: &clf_core::Response) -> Response {
    let input = config.response_input(r);
    Response {
        id: input.id,
        instrument: input.instrument,
        touchpoint: input.touchpoint,
        journey: config.journeys[r.journey.index()].id.clone(),
        channel: input.channel,
        submitted_at: r.submitted_at.with_timezone(&Utc),
        customer: input.customer,
        employee: input.employee,
        team: input.team,
        locale: input.locale,
        labels: input.labels,
        case_id: input.case_id,
        answers: serde_json::to_value(&input.answers).unwrap_or(Value::Null),
    }
}

fn load(source: Value) -> clf_core::Result<clf_core::Config> {
    match source {
        Value::String(text) => clf_core::Config::from_json(&text),
        other => clf_core::Config::from_deserializer(other),
    }
}

#[napi]
impl Config {
    /// Loads a configuration from a plain object or JSON text.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "object | string")] source: Value) -> napi::Result<Self> {
        guard(&env, || load(source)).map(|inner| Config { inner })
    }

    /// Loads a configuration from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, text: String) -> napi::Result<Self> {
        guard(&env, || clf_core::Config::from_json(&text)).map(|inner| Config { inner })
    }

    /// Loads a configuration from TOML text of the same shape.
    #[napi(factory)]
    pub fn from_toml(env: Env, text: String) -> napi::Result<Self> {
        guard(&env, || clf_core::Config::from_toml(&text)).map(|inner| Config { inner })
    }

    /// The organisation's name.
    #[napi(getter)]
    pub fn organisation(&self) -> String {
        self.inner.organisation.clone()
    }

    /// The organisation's time zone (IANA name).
    #[napi(getter)]
    pub fn time_zone(&self) -> String {
        self.inner.time_zone.name().to_string()
    }

    /// Confidence level of every interval.
    #[napi(getter)]
    pub fn confidence(&self) -> f64 {
        self.inner.confidence.level()
    }

    /// Channel ids, in configuration order.
    #[napi(getter)]
    pub fn channels(&self) -> Vec<String> {
        self.inner.channels.iter().map(|c| c.id.clone()).collect()
    }

    /// Touchpoint ids of all journeys, in configuration order.
    #[napi(getter)]
    pub fn touchpoints(&self) -> Vec<String> {
        self.inner.touchpoints.iter().map(|t| t.id.clone()).collect()
    }

    /// Journey ids.
    #[napi(getter)]
    pub fn journeys(&self) -> Vec<String> {
        self.inner.journeys.iter().map(|j| j.id.clone()).collect()
    }

    /// Instrument ids.
    #[napi(getter)]
    pub fn instruments(&self) -> Vec<String> {
        self.inner.instruments.iter().map(|i| i.id.clone()).collect()
    }

    /// Validates a response (object or JSON text); throws `CLF_VALIDATION`
    /// with `path` naming the field (`answers.nps`).
    #[napi]
    pub fn validate_response(&self, env: Env, #[napi(ts_arg_type = "object | string")] response: Value) -> napi::Result<Response> {
        guard(&env, || {
            let input: ResponseInput = read(response, ErrorCode::Validation)?;
            let r = self.inner.validate_response(input)?;
            Ok(response_object(&self.inner, &r))
        })
    }
}
