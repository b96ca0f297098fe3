//! `BusinessCalendar(json:)`: business calendars, deadlines and elapsed
//! working time. (Not `Calendar`, which would clash with `Foundation.Calendar`
//! in every file that imports both.)

use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use clf_core::{Duration, ErrorCode};

use crate::errors::{ClfError, guard};

/// A business calendar: working periods per weekday, holidays and a time
/// zone (DST included), as in the configuration's `calendars` section.
#[derive(uniffi::Object)]
pub struct BusinessCalendar {
    inner: clf_core::Calendar,
}

fn utc(t: SystemTime) -> DateTime<Utc> {
    t.into()
}

#[uniffi::export]
impl BusinessCalendar {
    /// Reads a calendar spec (JSON text):
    /// `{"time_zone": …, "hours": "24/7" | {"mon": [["09:00", "17:00"]]}, "holidays": […]}`.
    #[uniffi::constructor]
    pub fn new(json: String) -> Result<Arc<Self>, ClfError> {
        guard(|| {
            let spec = clf_core::input::from_json(&json, ErrorCode::Config)?;
            Ok(Arc::new(BusinessCalendar { inner: clf_core::Calendar::from_spec(&spec, "")? }))
        })
    }

    /// The instant `duration` (`"4h"`, `"2d"`) of working time after `start`.
    pub fn deadline(&self, start: SystemTime, duration: String) -> Result<SystemTime, ClfError> {
        guard(|| Ok(self.inner.deadline(utc(start), &Duration::parse_at("duration", &duration)?).into()))
    }

    /// Working time between two instants (zero when `end` is not after `start`).
    pub fn elapsed(&self, start: SystemTime, end: SystemTime) -> std::time::Duration {
        self.inner.elapsed(utc(start), utc(end)).to_std().unwrap_or_default()
    }

    /// Whether the instant falls in working time.
    pub fn is_open(&self, at: SystemTime) -> bool {
        self.inner.is_open(utc(at))
    }

    /// The calendar's time zone (IANA name).
    pub fn time_zone(&self) -> String {
        self.inner.time_zone.name().to_string()
    }
}
