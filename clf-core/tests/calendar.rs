//! Business calendars: deadlines and elapsed working time, computed by hand,
//! across DST changes, and the laws (monotonic; elapsed inverts deadline).

use chrono::{DateTime, TimeDelta, Utc};
use clf_core::{Calendar, Config, Duration};
use proptest::prelude::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn d(s: &str) -> Duration {
    s.parse().unwrap()
}

/// Monday to Friday, 09:00–17:00, Amsterdam.
fn nine_to_five() -> Calendar {
    Calendar::from_json(r#"{"time_zone": "Europe/Amsterdam", "hours": {
        "mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]],
        "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}}"#)
    .unwrap()
}

fn office() -> Calendar {
    let c = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
    c.calendars.iter().find(|(id, _)| id == "office").unwrap().1.clone()
}

#[test]
fn the_four_deadlines_of_the_issue() {
    let c = nine_to_five();
    // 2026-11-20 is a Friday, 2026-11-18 a Wednesday.
    assert_eq!(c.deadline(at("2026-11-20T16:30:00+01:00"), &d("1h")), at("2026-11-23T09:30:00+01:00"));
    assert_eq!(c.deadline(at("2026-11-18T10:00:00+01:00"), &d("2h")), at("2026-11-18T12:00:00+01:00"));
    assert_eq!(c.deadline(at("2026-11-18T07:00:00+01:00"), &d("2h")), at("2026-11-18T11:00:00+01:00"));
    assert_eq!(c.deadline(at("2026-11-18T16:00:00+01:00"), &d("2h")), at("2026-11-19T10:00:00+01:00"));
}

#[test]
fn a_deadline_at_closing_time_is_closing_time() {
    assert_eq!(nine_to_five().deadline(at("2026-11-18T16:00:00+01:00"), &d("1h")), at("2026-11-18T17:00:00+01:00"));
}

#[test]
fn days_and_weeks_are_working_days() {
    let c = nine_to_five();
    // 1d = 8 working hours (day_length default): Wednesday 10:00 → Thursday 10:00.
    assert_eq!(c.deadline(at("2026-11-18T10:00:00+01:00"), &d("1d")), at("2026-11-19T10:00:00+01:00"));
    // 1w = five working days: Wednesday 10:00 → next Wednesday 10:00.
    assert_eq!(c.deadline(at("2026-11-18T10:00:00+01:00"), &d("1w")), at("2026-11-25T10:00:00+01:00"));
}

#[test]
fn deadlines_across_a_dst_weekend() {
    let c = nine_to_five();
    // Clocks go forward on Sunday 29 March 2026: Friday is +01:00, Monday +02:00.
    assert_eq!(c.deadline(at("2026-03-27T16:30:00+01:00"), &d("1h")), at("2026-03-30T09:30:00+02:00"));
    // Clocks go back on Sunday 25 October 2026: Friday is +02:00, Monday +01:00.
    assert_eq!(c.deadline(at("2026-10-23T16:30:00+02:00"), &d("1h")), at("2026-10-26T09:30:00+01:00"));
    assert_eq!(c.elapsed(at("2026-03-27T16:30:00+01:00"), at("2026-03-30T09:30:00+02:00")), TimeDelta::hours(1));
}

#[test]
fn split_days_saturdays_and_holidays_of_the_reference_office() {
    let c = office(); // Mon–Thu 08:30–12:30 and 13:00–17:30, Fri until 16:00, Sat 10:00–14:00
    // The lunch break does not count: Monday 12:00 + 1h → 13:30.
    assert_eq!(c.deadline(at("2026-11-23T12:00:00+01:00"), &d("1h")), at("2026-11-23T13:30:00+01:00"));
    // Phone's 4h from Friday 15:00: one hour on Friday, three on Saturday.
    assert_eq!(c.deadline(at("2026-11-20T15:00:00+01:00"), &d("4h")), at("2026-11-21T13:00:00+01:00"));
    // Christmas: Thursday 24 December 17:00 + 1h; 25 and 26 are holidays, the
    // 27th a Sunday: Monday 28 December 09:00 (30 minutes on the 24th).
    assert_eq!(c.deadline(at("2026-12-24T17:00:00+01:00"), &d("1h")), at("2026-12-28T09:00:00+01:00"));
    assert!(!c.is_open(at("2026-12-25T10:00:00+01:00")));
    assert!(c.is_open(at("2026-12-24T17:15:00+01:00")));
}

#[test]
fn always_open_calendars_count_elapsed_time() {
    let c = Calendar::from_json(r#"{"time_zone": "UTC", "hours": "24/7"}"#).unwrap();
    assert_eq!(c.deadline(at("2026-11-20T16:30:00Z"), &d("2h")), at("2026-11-20T18:30:00Z"));
    assert_eq!(c.deadline(at("2026-11-20T16:30:00Z"), &d("2d")), at("2026-11-22T16:30:00Z"));
    assert_eq!(c.deadline(at("2026-11-20T16:30:00Z"), &d("1w")), at("2026-11-27T16:30:00Z"));
    // With a holiday, that day is skipped.
    let c = Calendar::from_json(r#"{"time_zone": "UTC", "hours": "24/7", "holidays": ["2026-11-21"]}"#).unwrap();
    assert_eq!(c.deadline(at("2026-11-20T23:00:00Z"), &d("2h")), at("2026-11-22T01:00:00Z"));
}

#[test]
fn bad_specs_name_their_field() {
    let err = Calendar::from_json(r#"{"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "08:00"]]}}"#).unwrap_err();
    assert_eq!(err.path(), Some("hours.mon[0]"));
    let err = Calendar::from_json(r#"{"time_zone": "Europe/Amsterdam", "hours": {}}"#).unwrap_err();
    assert_eq!(err.path(), Some("hours"));
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // Any second of 2026 and 2027 (both DST changes, Christmas, weekends).
    (0i64..(2 * 365 * 86_400)).prop_map(|s| at("2026-01-01T00:00:00Z") + TimeDelta::seconds(s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn elapsed_inverts_deadline(start in instant(), minutes in 1u64..20_000, which in 0..2) {
        let c = if which == 0 { office() } else { nine_to_five() };
        let due = c.deadline(start, &Duration::from_minutes(minutes));
        prop_assert!(due > start);
        prop_assert_eq!(c.elapsed(start, due), TimeDelta::minutes(minutes as i64));
    }

    /// Any instant to the nanosecond, from 1900 to 2400 (before 1970 and
    /// after 2262 too, where nanoseconds no longer fit 64 bits): the deadline
    /// is the first instant by which the work is done.
    #[test]
    fn a_deadline_is_the_first_instant_with_the_work_done(days in 0i64..(500 * 365), second in 0i64..86_400, nano in 0u32..1_000_000_000, seconds in 1i64..2_000_000) {
        let c = office();
        let start = at("1900-01-01T00:00:00Z") + TimeDelta::days(days) + TimeDelta::seconds(second) + TimeDelta::nanoseconds(nano as i64);
        let work = TimeDelta::seconds(seconds);
        let due = c.deadline_after(start, work);
        prop_assert_eq!(c.elapsed(start, due), work);
        prop_assert!(c.elapsed(start, due - TimeDelta::nanoseconds(1)) < work);
    }

    #[test]
    fn deadlines_are_monotonic(a in instant(), b in instant(), m1 in 1u64..10_000, m2 in 1u64..10_000) {
        let c = office();
        let (s1, s2) = (a.min(b), a.max(b));
        let (d1, d2) = (m1.min(m2), m1.max(m2));
        prop_assert!(c.deadline(s1, &Duration::from_minutes(d1)) <= c.deadline(s2, &Duration::from_minutes(d1)));
        prop_assert!(c.deadline(s1, &Duration::from_minutes(d1)) <= c.deadline(s1, &Duration::from_minutes(d2)));
    }
}
