//! Issue #4's walk: a complaint from ingest to an effective close, through a
//! breach and an escalation, a negative verdict and a reopen, across the
//! spring DST change. Every instant by hand on the office calendar
//! (Mon–Thu 08:30–12:30 and 13:00–17:30, Fri to 16:00, Sat 10:00–14:00).

use chrono::{DateTime, Utc};
use clf_core::{CaseState, Command, Config, Deadline, Engine, ResponseInput, TimerEventKind};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn complaint_to_effective_close_through_breach_escalation_and_reopen() {
    let mut e = Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap());
    let r = json!({"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                   "submitted_at": "2026-03-27T15:30:00+01:00", "customer": "c-1", "employee": "e-7", "locale": "en",
                   "answers": {"nps": 2, "comment": "Very disappointed, my bill is wrong again."}});
    let o = e.ingest(ResponseInput::from_json(&r.to_string()).unwrap()).unwrap();
    let id = o.cases[0].id.clone();
    let case = &o.cases[0];
    assert_eq!((case.level.as_str(), case.assignee.id.as_str()), ("frontline", "e-7"));
    // 4h from Friday 15:30: 0.5h on Friday, 3.5h on Saturday (still +01:00).
    assert_eq!(case.first_response_due, at("2026-03-28T13:30:00+01:00"));
    assert_eq!(case.first_response_warn_at, at("2026-03-28T12:42:00+01:00"));

    // Nobody calls: the warning, then the breach escalates to a team lead and
    // restarts the clock: Saturday 13:30–14:00, then Monday after the clocks
    // went forward, 08:30 + 3.5h = 12:00 (+02:00).
    let events = e.advance_to(at("2026-03-28T13:30:00+01:00")).unwrap();
    assert_eq!(events.iter().map(|ev| (ev.kind, ev.deadline)).collect::<Vec<_>>(), [(TimerEventKind::Warning, Some(Deadline::FirstResponse)), (TimerEventKind::Breach, Some(Deadline::FirstResponse))]);
    let case = e.case(&id).unwrap();
    assert_eq!((case.level.as_str(), case.first_response_due), ("team_lead", at("2026-03-30T12:00:00+02:00")));

    let steps = [
        ("e-7", "2026-03-30T09:00:00+02:00", Command::RecordContact { note: Some("called back".into()) }),
        ("e-7", "2026-03-30T09:05:00+02:00", Command::Start),
        ("e-7", "2026-03-30T11:00:00+02:00", Command::ProposeResolution { resolution: Some("corrected bill".into()) }),
        ("customer", "2026-03-31T09:00:00+02:00", Command::CustomerVerdict { effective: false, score: Some(2.0), comment: Some("still wrong".into()) }),
    ];
    for (by, when, c) in steps {
        e.advance_to(at(when)).unwrap();
        e.command(&id, by, at(when), c).unwrap();
    }
    // Reopened: the resolution clock restarts with 16 working hours from
    // Tuesday 09:00: Tuesday 8h, Wednesday 08:30–12:30 and 13:00–17:00.
    let case = e.case(&id).unwrap();
    assert_eq!((case.state, case.reopened), (CaseState::InProgress, 1));
    assert_eq!(case.resolution_due, at("2026-04-01T17:00:00+02:00"));

    e.advance_to(at("2026-04-01T10:00:00+02:00")).unwrap();
    e.command(&id, "e-7", at("2026-04-01T10:00:00+02:00"), Command::ProposeResolution { resolution: Some("refund".into()) }).unwrap();
    e.advance_to(at("2026-04-02T09:00:00+02:00")).unwrap();
    let case = e.command(&id, "customer", at("2026-04-02T09:00:00+02:00"), Command::CustomerVerdict { effective: true, score: Some(5.0), comment: None }).unwrap();
    assert_eq!((case.state, case.resolution.as_deref()), (CaseState::Closed, Some("effective")));
    let whats: Vec<&str> = case.history.iter().map(|h| h.what.as_ref()).collect();
    assert_eq!(whats, ["opened", "warning", "breach", "escalate", "record_contact", "start", "propose_resolution", "verdict_not_effective", "propose_resolution", "verdict_effective"]);
    // Nothing fires after the close: the verdict window of the last proposal stopped.
    assert!(e.advance_to(at("2026-04-20T09:00:00+02:00")).unwrap().is_empty());
}
