//! Business calendars: working periods per weekday, holidays and a time zone.
//! SLA durations of a channel are measured in its calendar's working time.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::duration::Duration;
use crate::error::{ClfError, Result, index, join};
use crate::idmap::IdMap;

/// A calendar as the configuration writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// IANA time zone, e.g. `Europe/Amsterdam`.
    pub time_zone: String,
    /// Working time that makes a business day (default `8h`; not on 24/7).
    #[serde(default)]
    pub day_length: Option<Duration>,
    /// `"24/7"` or working periods per weekday: `{"mon": [["09:00", "17:00"]]}`.
    pub hours: HoursSpec,
    /// Dates (`YYYY-MM-DD`) without working time.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// Working hours as written: always open, or periods per weekday.
#[derive(Debug, Clone, PartialEq)]
pub enum HoursSpec {
    /// `"24/7"`.
    AlwaysOpen,
    /// Weekday (`mon`…`sun`) → list of `[from, to]` (`"HH:MM"`).
    Weekly(IdMap<Vec<[String; 2]>>),
}

impl<'de> Deserialize<'de> for HoursSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HoursSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"24/7\" or an object of weekdays (mon…sun) to lists of [\"HH:MM\", \"HH:MM\"]")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<HoursSpec, E> {
                if v == "24/7" { Ok(HoursSpec::AlwaysOpen) } else { Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)) }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<HoursSpec, A::Error> {
                IdMap::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(HoursSpec::Weekly)
            }
        }
        d.deserialize_any(V)
    }
}

/// A working period within one day, in minutes from midnight; `end` may be
/// 1440 (midnight at the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Opening, minutes from midnight.
    pub start: u16,
    /// Closing, minutes from midnight, after `start`.
    pub end: u16,
}

/// When a calendar has working time.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkingHours {
    /// Always open: a day is 24 hours.
    AlwaysOpen,
    /// Periods per weekday, Monday first, sorted and not overlapping.
    Weekly([Vec<Period>; 7]),
}

/// A validated business calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Its time zone.
    pub time_zone: Tz,
    /// Minutes of working time in a business day.
    pub day_length_minutes: u32,
    /// Working periods.
    pub hours: WorkingHours,
    /// Days without working time, in the calendar's time zone.
    pub holidays: BTreeSet<NaiveDate>,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// Parses an IANA time zone name, naming `path` in the error.
pub(crate) fn parse_time_zone(path: &str, name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| ClfError::config(path, format!("unknown time zone {name:?}: expected an IANA name such as \"Europe/Amsterdam\" or \"UTC\"")))
}

/// Parses `"HH:MM"` (00:00 to 24:00) into minutes from midnight.
pub(crate) fn parse_clock(path: &str, s: &str) -> Result<u16> {
    let err = || ClfError::config(path, format!("invalid time {s:?}: expected \"HH:MM\" from 00:00 to 24:00"));
    let (h, m) = s.split_once(':').ok_or_else(err)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(err());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(err());
    }
    Ok(h * 60 + m)
}

impl Calendar {
    /// Validates a calendar spec; errors name fields under `path`.
    pub fn from_spec(spec: &CalendarSpec, path: &str) -> Result<Calendar> {
        let time_zone = parse_time_zone(&join(path, "time_zone"), &spec.time_zone)?;
        let hours = match &spec.hours {
            HoursSpec::AlwaysOpen => {
                if spec.day_length.is_some() {
                    return Err(ClfError::config(join(path, "day_length"), "a 24/7 calendar has 24-hour days: leave day_length out"));
                }
                WorkingHours::AlwaysOpen
            }
            HoursSpec::Weekly(days) => {
                let mut week: [Vec<Period>; 7] = Default::default();
                let hours_path = join(path, "hours");
                for (day, periods) in days.iter() {
                    let day_path = join(&hours_path, day);
                    let Some(pos) = WEEKDAYS.iter().position(|(name, _)| *name == day) else {
                        return Err(ClfError::config(day_path, format!("unknown weekday {day:?}: expected one of mon, tue, wed, thu, fri, sat, sun")));
                    };
                    if periods.len() > MAX_PERIODS {
                        return Err(ClfError::config(day_path, format!("expected at most {MAX_PERIODS} working periods a day, got {}", periods.len())));
                    }
                    let mut parsed = Vec::with_capacity(periods.len());
                    for (i, [from, to]) in periods.iter().enumerate() {
                        let p = index(&day_path, i);
                        let (start, end) = (parse_clock(&index(&p, 0), from)?, parse_clock(&index(&p, 1), to)?);
                        if end <= start {
                            return Err(ClfError::config(p, format!("period {from}–{to} ends before it starts")));
                        }
                        if let Some(prev) = parsed.last().copied() {
                            let prev: Period = prev;
                            if start < prev.end {
                                return Err(ClfError::config(p, format!("period {from}–{to} starts before the previous one ends: list periods in order, without overlap")));
                            }
                        }
                        parsed.push(Period { start, end });
                    }
                    week[pos] = parsed;
                }
                if week.iter().all(Vec::is_empty) {
                    return Err(ClfError::config(hours_path, "expected at least one working period in the week"));
                }
                WorkingHours::Weekly(week)
            }
        };
        let day_length_minutes = match (&hours, spec.day_length) {
            (WorkingHours::AlwaysOpen, _) => 24 * 60,
            (_, None) => 8 * 60,
            (_, Some(d)) => {
                let m = d.elapsed_minutes();
                if d.weeks > 0 || d.days > 0 || m > 24 * 60 {
                    return Err(ClfError::config(join(path, "day_length"), format!("day_length {d} is longer than a day: expected hours and minutes, e.g. \"8h\"")));
                }
                m as u32
            }
        };
        let mut holidays = BTreeSet::new();
        for (i, h) in spec.holidays.iter().enumerate() {
            let date = NaiveDate::parse_from_str(h, "%Y-%m-%d")
                .map_err(|_| ClfError::config(index(&join(path, "holidays"), i), format!("invalid date {h:?}: expected YYYY-MM-DD")))?;
            holidays.insert(date);
        }
        Ok(Calendar { time_zone, day_length_minutes, hours, holidays })
    }
}

/// The instant of a local wall-clock time: the earlier one when the clock is
/// set back (ambiguous), the first valid one after a gap when it is set forward.
fn local_to_utc(tz: &Tz, local: chrono::NaiveDateTime) -> DateTime<Utc> {
    use chrono::offset::LocalResult;
    let mut t = local;
    // Gaps are at most a few hours; step over them a quarter-hour at a time.
    for _ in 0..16 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(dt) => return dt.with_timezone(&Utc),
            LocalResult::Ambiguous(early, _) => return early.with_timezone(&Utc),
            LocalResult::None => t += TimeDelta::minutes(15),
        }
    }
    // Unreachable with real zone data; fall back to reading the time as UTC.
    Utc.from_utc_datetime(&local)
}

const NANOS: i128 = 1_000_000_000;

fn nanos(t: DateTime<Utc>) -> i128 {
    i128::from(t.timestamp()) * NANOS + i128::from(t.timestamp_subsec_nanos())
}

fn instant(ns: i128) -> DateTime<Utc> {
    match i64::try_from(ns) {
        // Years 1678 to 2262: divided as a 64-bit number, which is cheaper.
        Ok(ns) => DateTime::from_timestamp_nanos(ns),
        Err(_) => DateTime::from_timestamp(ns.div_euclid(NANOS) as i64, ns.rem_euclid(NANOS) as u32).expect("within chrono's range"),
    }
}

/// Most working periods a day can have.
pub const MAX_PERIODS: usize = 8;

/// The working periods of one day as UTC epoch seconds `(open, close)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayPeriods {
    n: u8,
    p: [(i64, i64); MAX_PERIODS],
}

impl DayPeriods {
    /// The periods, in order.
    pub fn as_slice(&self) -> &[(i64, i64)] {
        &self.p[..self.n as usize]
    }
}

/// Working periods of a calendar by local date, remembered by the caller
/// (an engine keeps one per calendar) so that deadlines need no time-zone
/// arithmetic once a day has been seen. It holds the days last seen of
/// any 512 consecutive ones (a day's place is its number modulo 512), so a
/// walk from one day to the next reads it at a fixed place, without hashing.
#[derive(Debug, Clone, Default)]
pub struct PeriodCache {
    /// By day number modulo [`CACHED_DAYS`]: the day held, and its periods
    /// (empty until first used).
    days: Vec<(i32, DayPeriods)>,
}

/// Days a [`PeriodCache`] holds.
const CACHED_DAYS: usize = 512;

/// No day: a place of the cache not filled yet.
const NO_DAY: i32 = i32::MIN;

/// Where a walk through a calendar reads the working periods of a day.
trait DaySource {
    /// The working periods of `calendar` on the local date numbered `day`
    /// (days from the Common Era, as chrono numbers them).
    fn periods(&mut self, calendar: &Calendar, day: i32) -> &DayPeriods;
}

/// The periods of the local date numbered `day`; none for a day beyond
/// the dates chrono can represent.
fn periods_of(calendar: &Calendar, day: i32) -> DayPeriods {
    NaiveDate::from_num_days_from_ce_opt(day).map(|d| calendar.periods_on(d)).unwrap_or_default()
}

/// Periods computed afresh for each day (into the one buffer).
struct Fresh(DayPeriods);

impl DaySource for Fresh {
    fn periods(&mut self, calendar: &Calendar, day: i32) -> &DayPeriods {
        self.0 = periods_of(calendar, day);
        &self.0
    }
}

/// Periods read from the cache, computed once per day.
impl DaySource for PeriodCache {
    fn periods(&mut self, calendar: &Calendar, day: i32) -> &DayPeriods {
        if self.days.is_empty() {
            self.days = vec![(NO_DAY, DayPeriods::default()); CACHED_DAYS];
        }
        let place = &mut self.days[day.rem_euclid(CACHED_DAYS as i32) as usize];
        if place.0 != day {
            *place = (day, periods_of(calendar, day));
        }
        &place.1
    }
}

/// Bound of the day-by-day walks: ten years without working time means the
/// calendar has none (every day a holiday), and the walk stops there.
const MAX_DAYS: u32 = 3660;

impl Calendar {
    /// Minutes of working time in `d`: a day is `day_length` of working time
    /// and a week five such days; on a 24/7 calendar a day is 24 hours and a
    /// week seven days.
    pub fn working_minutes(&self, d: &Duration) -> u64 {
        match self.hours {
            WorkingHours::AlwaysOpen => d.elapsed_minutes(),
            WorkingHours::Weekly(_) => d.business_minutes(self.day_length_minutes),
        }
    }

    fn plain_elapsed(&self) -> bool {
        matches!(self.hours, WorkingHours::AlwaysOpen) && self.holidays.is_empty()
    }

    /// Working periods of the local date `day`, as UTC instants.
    pub fn periods_on(&self, day: NaiveDate) -> DayPeriods {
        let mut out = DayPeriods::default();
        if self.holidays.contains(&day) {
            return out;
        }
        let at = |minutes: u16| {
            let local = if minutes >= 24 * 60 {
                (day + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight exists")
            } else {
                day.and_hms_opt((minutes / 60) as u32, (minutes % 60) as u32, 0).expect("valid clock time")
            };
            local_to_utc(&self.time_zone, local).timestamp()
        };
        let mut push = |open: i64, close: i64| {
            if close > open && (out.n as usize) < MAX_PERIODS {
                out.p[out.n as usize] = (open, close);
                out.n += 1;
            }
        };
        match &self.hours {
            WorkingHours::AlwaysOpen => push(at(0), at(24 * 60)),
            WorkingHours::Weekly(week) => {
                for p in &week[day.weekday().num_days_from_monday() as usize] {
                    push(at(p.start), at(p.end));
                }
            }
        }
        out
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.time_zone).date_naive()
    }

    /// The instant `duration` of working time after `start`. Starting outside
    /// working hours counts from the next opening; a deadline that falls
    /// exactly at a closing time is that closing time.
    pub fn deadline(&self, start: DateTime<Utc>, duration: &Duration) -> DateTime<Utc> {
        self.deadline_after(start, TimeDelta::minutes(self.working_minutes(duration) as i64))
    }

    /// The instant `work` of working time after `start`.
    pub fn deadline_after(&self, start: DateTime<Utc>, work: TimeDelta) -> DateTime<Utc> {
        let [due] = self.deadlines_with(start, [work], &mut Fresh(DayPeriods::default()));
        due
    }

    /// Like [`Calendar::deadline_after`], reading working periods through
    /// `cache` (kept by the caller: the calendar itself holds no state).
    pub fn deadline_cached(&self, cache: &mut PeriodCache, start: DateTime<Utc>, work: TimeDelta) -> DateTime<Utc> {
        let [due] = self.deadlines_cached(cache, start, [work]);
        due
    }

    /// The instants each of `works` of working time after `start`, found in
    /// one walk through the working periods (as [`Calendar::deadline_after`]
    /// finds each), reading them through `cache`.
    pub(crate) fn deadlines_cached<const N: usize>(&self, cache: &mut PeriodCache, start: DateTime<Utc>, works: [TimeDelta; N]) -> [DateTime<Utc>; N] {
        self.deadlines_with(start, works, cache)
    }

    fn deadlines_with<const N: usize>(&self, start: DateTime<Utc>, works: [TimeDelta; N], days: &mut impl DaySource) -> [DateTime<Utc>; N] {
        let mut out = [start; N];
        // Nanoseconds of work, exactly; reached in order of size.
        let target = works.map(|w| w.num_nanoseconds().map(i128::from).unwrap_or(i128::from(w.num_seconds()) * NANOS));
        let mut order: [usize; N] = std::array::from_fn(|i| i);
        order.sort_by_key(|&i| works[i]);
        let mut k = order.iter().take_while(|&&i| works[i] <= TimeDelta::zero()).count();
        if k == N {
            return out;
        }
        if self.plain_elapsed() {
            for &i in &order[k..] {
                out[i] = start + works[i];
            }
            return out;
        }
        // Working time spent so far, and where.
        let mut done: i128 = 0;
        let mut cursor = nanos(start);
        // The previous local day too: its periods cannot reach past midnight,
        // but a DST change can shift what "today" means by an hour.
        let mut day = self.local_date(start).num_days_from_ce() - 1;
        for _ in 0..MAX_DAYS {
            let periods = days.periods(self, day);
            for &(open, close) in periods.as_slice() {
                let (open, close) = (i128::from(open) * NANOS, i128::from(close) * NANOS);
                if close <= cursor {
                    continue;
                }
                let from = open.max(cursor);
                let available = close - from;
                while k < N && target[order[k]] - done <= available {
                    out[order[k]] = instant(from + (target[order[k]] - done));
                    k += 1;
                }
                if k == N {
                    return out;
                }
                done += available;
                cursor = close;
            }
            day += 1;
        }
        for &i in &order[k..] {
            out[i] = instant(cursor + (target[i] - done));
        }
        out
    }

    /// Working time between `from` and `to` (zero when `to` is not after `from`).
    pub fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        if to <= from {
            return TimeDelta::zero();
        }
        if self.plain_elapsed() {
            return to - from;
        }
        let mut total: i128 = 0;
        let mut day = self.local_date(from) - chrono::Days::new(1);
        let last = self.local_date(to);
        let (f, t) = (nanos(from), nanos(to));
        while day <= last {
            for &(open, close) in self.periods_on(day).as_slice() {
                let (s, e) = ((i128::from(open) * NANOS).max(f), (i128::from(close) * NANOS).min(t));
                if e > s {
                    total += e - s;
                }
            }
            day = day + chrono::Days::new(1);
        }
        TimeDelta::nanoseconds(total as i64)
    }

    /// Whether `at` falls in working time.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let t = at.timestamp();
        self.plain_elapsed() || [self.local_date(at), self.local_date(at) - chrono::Days::new(1)].iter().any(|d| self.periods_on(*d).as_slice().iter().any(|&(o, c)| o <= t && t < c))
    }

    /// Reads a calendar from its JSON spec (as in the configuration's
    /// `calendars` section); errors are `config` errors with the field's path.
    pub fn from_json(text: &str) -> Result<Calendar> {
        let spec: CalendarSpec = crate::input::from_json(text, crate::error::ErrorCode::Config)?;
        Calendar::from_spec(&spec, "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference office calendar: split days, Saturday mornings,
    /// holidays, Amsterdam time with its DST changes.
    fn office() -> Calendar {
        let config = crate::config::Config::from_json(include_str!("../../examples/acme.json")).expect("acme.json loads");
        config.calendars.iter().find(|(id, _)| id == "office").map(|(_, c)| c.clone()).expect("acme.json has an office calendar")
    }

    proptest! {
        /// Several deadlines found in one walk (as a new case's four are)
        /// are each the deadline found alone, whatever their order, with
        /// zero and equal durations among them.
        #[test]
        fn deadlines_found_together_are_each_the_deadline_found_alone(start in 0i64..(2 * 365 * 86_400), seconds in proptest::array::uniform4(0i64..2_000_000)) {
            let c = office();
            let start = DateTime::from_timestamp(1_767_225_600 + start, 0).unwrap_or_default();
            let works = seconds.map(|s| TimeDelta::seconds(if s < 100_000 { 0 } else { s }));
            let mut cache = PeriodCache::default();
            let together = c.deadlines_cached(&mut cache, start, works);
            for (work, due) in works.iter().zip(together) {
                prop_assert_eq!(due, c.deadline_after(start, *work), "{:?}", work);
            }
            let [d0, d1] = c.deadlines_cached(&mut cache, start, [works[0], works[0]]);
            prop_assert_eq!(d0, d1);
        }
    }
}
