//! `clf.Calendar`: business calendars, deadlines and elapsed working time.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use clf_core::{ClfError, Duration, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyString, PyTzInfo};

use crate::errors::guard;
use crate::input::read;

/// An instant given as an aware `datetime` or an RFC 3339 string.
pub fn instant(path: &str, value: &Bound<'_, PyAny>) -> clf_core::Result<DateTime<Utc>> {
    if let Ok(s) = value.cast::<PyString>() {
        let s = s.to_str().map_err(|e| ClfError::validation(path, e.to_string()))?;
        return clf_core::response::parse_timestamp(path, s).map(|t| t.with_timezone(&Utc));
    }
    let bad = || ClfError::validation(path, "expected an aware datetime (with tzinfo) or an RFC 3339 string with an offset");
    let dt = value.cast::<PyDateTime>().map_err(|_| bad())?;
    if dt.getattr("tzinfo").map(|t| t.is_none()).unwrap_or(true) || dt.call_method0("utcoffset").map(|o| o.is_none()).unwrap_or(true) {
        return Err(bad());
    }
    // Any tzinfo (ZoneInfo, pytz, timezone) → UTC, exactly.
    let utc = PyTzInfo::utc(value.py()).map_err(|_| bad())?;
    dt.call_method1("astimezone", (utc,)).and_then(|u| u.extract::<DateTime<Utc>>()).map_err(|_| bad())
}

/// A business calendar: working periods per weekday, holidays, a time zone.
/// `clf.Calendar({"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}})`
#[pyclass(frozen, module = "clf", name = "Calendar")]
pub struct Calendar(clf_core::Calendar);

#[pymethods]
impl Calendar {
    #[new]
    fn new(spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard(|| clf_core::Calendar::from_spec(&read(spec, ErrorCode::Config)?, "")).map(Calendar)
    }

    /// The instant `duration` (`"4h"`, `"2d"`) of working time after
    /// `start`, in the calendar's time zone.
    fn deadline(&self, start: &Bound<'_, PyAny>, duration: &str) -> PyResult<DateTime<Tz>> {
        guard(|| {
            let start = instant("start", start)?;
            let d = Duration::parse_at("duration", duration)?;
            Ok(self.0.deadline(start, &d).with_timezone(&self.0.time_zone))
        })
    }

    /// Working time between two instants.
    fn elapsed(&self, start: &Bound<'_, PyAny>, end: &Bound<'_, PyAny>) -> PyResult<TimeDelta> {
        guard(|| Ok(self.0.elapsed(instant("start", start)?, instant("end", end)?)))
    }

    /// Whether the instant falls in working time.
    fn is_open(&self, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(|| Ok(self.0.is_open(instant("at", at)?)))
    }

    /// The calendar's time zone (IANA name).
    #[getter]
    fn time_zone(&self) -> &str {
        self.0.time_zone.name()
    }

    fn __repr__(&self) -> String {
        format!("Calendar(time_zone={:?})", self.0.time_zone.name())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Calendar>()
}
