//! `new Calendar(spec)`: business calendars, deadlines and elapsed working time.

use chrono::{DateTime, Utc};
use clf_core::{Duration, ErrorCode};
use napi::Either;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

use crate::errors::guard;
use crate::input::read;

/// An instant given as a `Date` or an RFC 3339 string with an offset.
pub fn instant(path: &str, value: Either<String, DateTime<Utc>>) -> clf_core::Result<DateTime<Utc>> {
    match value {
        Either::A(s) => clf_core::response::parse_timestamp(path, &s).map(|t| t.with_timezone(&Utc)),
        Either::B(t) => Ok(t),
    }
}

/// A business calendar: working periods per weekday, holidays and a time
/// zone (DST included), as in the configuration's `calendars` section.
#[napi]
pub struct Calendar {
    inner: clf_core::Calendar,
}

#[napi]
impl Calendar {
    /// Reads a calendar spec: `{time_zone, hours: "24/7" | {mon: [["09:00", "17:00"]]}, holidays, day_length}`.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "object | string")] spec: Value) -> napi::Result<Self> {
        guard(&env, || Ok(Calendar { inner: clf_core::Calendar::from_spec(&read(spec, ErrorCode::Config)?, "")? }))
    }

    /// The instant `duration` (`"4h"`, `"2d"`) of working time after `start`.
    #[napi]
    pub fn deadline(&self, env: Env, start: Either<String, DateTime<Utc>>, duration: String) -> napi::Result<DateTime<Utc>> {
        guard(&env, || Ok(self.inner.deadline(instant("start", start)?, &Duration::parse_at("duration", &duration)?)))
    }

    /// Working time between two instants, in milliseconds.
    #[napi]
    pub fn elapsed(&self, env: Env, start: Either<String, DateTime<Utc>>, end: Either<String, DateTime<Utc>>) -> napi::Result<f64> {
        guard(&env, || Ok(self.inner.elapsed(instant("start", start)?, instant("end", end)?).num_milliseconds() as f64))
    }

    /// Whether the instant falls in working time.
    #[napi]
    pub fn is_open(&self, env: Env, at: Either<String, DateTime<Utc>>) -> napi::Result<bool> {
        guard(&env, || Ok(self.inner.is_open(instant("at", at)?)))
    }

    /// The calendar's time zone (IANA name).
    #[napi(getter)]
    pub fn time_zone(&self) -> String {
        self.inner.time_zone.name().to_string()
    }
}
