//! SLA clocks: warnings, breaches that escalate and restart, pauses while
//! waiting, the verdict window, overdue alerts. Instants by hand on the office
//! calendar (Mon–Thu 08:30–12:30 and 13:00–17:30, Fri to 16:00, Sat 10–14).

use chrono::{DateTime, Utc};
use clf_core::{CaseState, Command, Config, Deadline, Engine, ResponseInput, TimerEventKind};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A detractor's frontline case on the phone channel, opened Monday 23 November 09:00.
fn engine_with_case(comment: &str) -> (Engine, String) {
    let mut e = Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap());
    let r = json!({"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                   "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "employee": "e-7",
                   "answers": {"nps": 5, "comment": comment}});
    let o = e.ingest(ResponseInput::from_json(&r.to_string()).unwrap()).unwrap();
    (e, o.cases[0].id.to_string())
}

#[test]
fn a_warning_then_a_breach_that_escalates_and_restarts_the_clock() {
    let (mut e, id) = engine_with_case("");
    let case = e.case(&id).unwrap();
    // 4h from 09:00: 3.5h to 12:30, then 13:00–13:30. Warning at 80% (3h12m): 12:12.
    assert_eq!((case.first_response_warn_at, case.first_response_due), (at("2026-11-23T12:12:00+01:00"), at("2026-11-23T13:30:00+01:00")));
    // 16h: Monday 8h, Tuesday 08:30–12:30 and 13:00–17:00. Warning at 12h48m: Tuesday 13:48.
    assert_eq!((case.resolution_warn_at, case.resolution_due), (at("2026-11-24T13:48:00+01:00"), at("2026-11-24T17:00:00+01:00")));

    assert!(e.advance_to(at("2026-11-23T12:11:59+01:00")).unwrap().is_empty());
    let events = e.advance_to(at("2026-11-23T12:12:00+01:00")).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].kind, events[0].deadline), (TimerEventKind::Warning, Some(Deadline::FirstResponse)));

    let events = e.advance_to(at("2026-11-23T13:30:00+01:00")).unwrap();
    assert_eq!((events[0].kind, events[0].level.as_deref()), (TimerEventKind::Breach, Some("team_lead")));
    let case = e.case(&id).unwrap();
    assert_eq!(case.level, "team_lead");
    // Restarted at 13:30 with 4h: 13:30–17:30; its warning at 16:42.
    assert_eq!((case.first_response_warn_at, case.first_response_due), (at("2026-11-23T16:42:00+01:00"), at("2026-11-23T17:30:00+01:00")));
    let whats: Vec<&str> = case.history.iter().map(|h| h.what.as_ref()).collect();
    assert_eq!(whats, ["opened", "warning", "breach", "escalate"]);
}

#[test]
fn contacting_the_customer_stops_the_first_response_clock() {
    let (mut e, id) = engine_with_case("");
    e.command(&id, "e-7", at("2026-11-23T11:00:00+01:00"), Command::RecordContact { note: None }).unwrap();
    let events = e.advance_to(at("2026-11-23T18:00:00+01:00")).unwrap();
    assert!(events.iter().all(|ev| ev.deadline != Some(Deadline::FirstResponse)), "{events:?}");
}

#[test]
fn the_clock_pauses_while_the_case_waits_for_the_customer() {
    let (mut e, id) = engine_with_case("");
    e.command(&id, "e-7", at("2026-11-23T09:30:00+01:00"), Command::Start).unwrap();
    e.command(&id, "e-7", at("2026-11-23T10:00:00+01:00"), Command::WaitForCustomer).unwrap();
    // Two days pass while waiting: nothing fires.
    assert!(e.advance_to(at("2026-11-25T09:00:00+01:00")).unwrap().is_empty());
    let case = e.command(&id, "e-7", at("2026-11-25T09:00:00+01:00"), Command::Start).unwrap();
    // 3h of first response were left (10:00–12:30, 13:00–13:30): Wednesday 12:00,
    // warning when 3h12m of the 4h are done: 2h12m after 09:00.
    assert_eq!((case.first_response_warn_at, case.first_response_due), (at("2026-11-25T11:12:00+01:00"), at("2026-11-25T12:00:00+01:00")));
    // 15h of resolution were left (Monday 7h, Tuesday 8h): Wednesday 8h, Thursday 7h.
    assert_eq!(case.resolution_due, at("2026-11-26T16:00:00+01:00"));
    let events = e.advance_to(at("2026-11-25T12:00:00+01:00")).unwrap();
    assert_eq!(events.iter().map(|ev| ev.kind).collect::<Vec<_>>(), [TimerEventKind::Warning, TimerEventKind::Breach]);
}

#[test]
fn without_a_verdict_the_case_closes_unconfirmed() {
    let (mut e, id) = engine_with_case("");
    e.command(&id, "e-7", at("2026-11-23T10:00:00+01:00"), Command::Start).unwrap();
    e.command(&id, "e-7", at("2026-11-23T11:00:00+01:00"), Command::ProposeResolution { resolution: None }).unwrap();
    assert!(e.advance_to(at("2026-11-30T10:59:00+01:00")).unwrap().is_empty());
    let events = e.advance_to(at("2026-11-30T11:00:00+01:00")).unwrap();
    assert_eq!(events[0].kind, TimerEventKind::VerdictWindowClosed);
    let case = e.case(&id).unwrap();
    assert_eq!((case.state, case.resolution.as_deref()), (CaseState::Closed, Some("unconfirmed")));
}

#[test]
fn an_unacknowledged_alert_goes_up_a_level_until_acknowledged() {
    let (mut e, _) = engine_with_case("If this is not solved I will contact my lawyer.");
    let alert = e.alerts()[0].clone();
    assert_eq!((alert.level.as_str(), alert.due), ("manager", at("2026-11-23T13:00:00+01:00")));
    let events = e.advance_to(at("2026-11-23T13:00:00+01:00")).unwrap();
    let overdue = events.iter().find(|ev| ev.kind == TimerEventKind::AlertOverdue).unwrap();
    assert_eq!(overdue.level.as_deref(), Some("director"));
    assert_eq!(e.alerts()[0].due, at("2026-11-23T17:00:00+01:00"));
    e.acknowledge_alert(&alert.id, "d-1", at("2026-11-23T14:00:00+01:00")).unwrap();
    let later = e.advance_to(at("2026-11-23T18:00:00+01:00")).unwrap();
    assert!(later.iter().all(|ev| ev.kind != TimerEventKind::AlertOverdue));
    assert!(e.acknowledge_alert(&alert.id, "d-1", at("2026-11-23T18:00:00+01:00")).is_err());
    // Alerts are found by number: ids of no alert raised are not found.
    for id in ["alert-2", "alert-0", "alert-01", "case-1", ""] {
        assert_eq!(e.acknowledge_alert(id, "d-1", at("2026-11-23T18:00:00+01:00")).unwrap_err().code(), clf_core::ErrorCode::NotFound, "{id:?}");
    }
    // A snapshot keeps the alert as it is; one numbered out of order is refused.
    let snapshot = e.snapshot();
    let restored = Engine::restore(e.config().clone(), &snapshot).unwrap();
    assert_eq!(restored.alerts(), e.alerts());
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["state"]["alerts"][0]["id"] = json!("alert-2");
    let err = Engine::restore(e.config().clone(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("state.alerts[0].id"));
}

#[test]
fn time_never_goes_backwards() {
    let (mut e, _) = engine_with_case("");
    e.advance_to(at("2026-11-23T12:00:00+01:00")).unwrap();
    assert_eq!(e.advance_to(at("2026-11-23T11:00:00+01:00")).unwrap_err().path(), Some("now"));
    assert_eq!(e.now(), Some(at("2026-11-23T12:00:00+01:00")));
}
