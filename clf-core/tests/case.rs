//! The case lifecycle: the walk from a complaint to an effective close
//! through a negative verdict, invalid transitions, windows, and the law that
//! nothing leaves `closed` but `reopen`.

use chrono::{DateTime, TimeDelta, Utc};
use clf_core::engine::Assignee;
use clf_core::{CaseState, Command, Config, Engine, ErrorCode, ResponseInput};
use proptest::prelude::*;
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// An engine with one complaint case of customer c-1, opened Monday 2026-11-23 09:00.
fn engine_with_case() -> (Engine, String) {
    let mut e = Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap());
    let r = json!({"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                   "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "employee": "e-7",
                   "answers": {"nps": 2, "comment": "Very disappointed, my bill is wrong."}});
    let o = e.ingest(ResponseInput::from_json(&r.to_string()).unwrap()).unwrap();
    let id = o.cases[0].id.to_string();
    (e, id)
}

#[test]
fn a_complaint_walks_to_an_effective_close_through_a_negative_verdict() {
    let (mut e, id) = engine_with_case();
    let steps: Vec<(&str, &str, Command, CaseState)> = vec![
        ("e-7", "2026-11-23T09:30:00+01:00", Command::Acknowledge, CaseState::Acknowledged),
        ("e-7", "2026-11-23T09:40:00+01:00", Command::Start, CaseState::InProgress),
        ("e-7", "2026-11-23T10:00:00+01:00", Command::RecordContact { note: Some("called back".into()) }, CaseState::InProgress),
        ("e-7", "2026-11-23T10:05:00+01:00", Command::WaitForCustomer, CaseState::Waiting),
        ("e-7", "2026-11-24T09:00:00+01:00", Command::Start, CaseState::InProgress),
        ("e-7", "2026-11-24T11:00:00+01:00", Command::ProposeResolution { resolution: Some("credit note".into()) }, CaseState::Resolved),
        ("customer", "2026-11-25T08:00:00+01:00", Command::CustomerVerdict { effective: false, score: Some(2.0), comment: Some("still wrong".into()) }, CaseState::InProgress),
        ("e-7", "2026-11-25T10:00:00+01:00", Command::ProposeResolution { resolution: Some("corrected invoice".into()) }, CaseState::Resolved),
        ("customer", "2026-11-26T08:00:00+01:00", Command::CustomerVerdict { effective: true, score: Some(5.0), comment: None }, CaseState::Closed),
    ];
    for (by, when, command, expected) in steps {
        let name = command.name();
        let case = e.command(&id, by, at(when), command).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(case.state, expected, "after {name}");
    }
    let case = e.case(&id).unwrap();
    assert_eq!(case.resolution.as_deref(), Some("effective"));
    assert_eq!(case.reopened, 1);
    assert_eq!(case.first_contact_at, Some(at("2026-11-23T10:00:00+01:00")));
    assert_eq!(case.closed_at, Some(at("2026-11-26T08:00:00+01:00")));
    let whats: Vec<&str> = case.history.iter().map(|h| h.what.as_ref()).collect();
    assert_eq!(whats, ["opened", "acknowledge", "start", "record_contact", "wait_for_customer", "start", "propose_resolution", "verdict_not_effective", "propose_resolution", "verdict_effective"]);
    assert_eq!(case.history[7].by, "customer");
    assert_eq!(case.history[7].detail, "score 2: still wrong");
}

#[test]
fn an_invalid_command_names_state_and_command_and_changes_nothing() {
    let (mut e, id) = engine_with_case();
    e.command(&id, "e-7", at("2026-11-23T09:30:00+01:00"), Command::Start).unwrap();
    let before = e.case(&id).unwrap().clone();
    let err = e.command(&id, "e-7", at("2026-11-23T09:40:00+01:00"), Command::Acknowledge).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transition);
    assert_eq!(err.to_string(), format!("cannot acknowledge case {id}: it is in_progress"));
    let err = e.command(&id, "customer", at("2026-11-23T09:40:00+01:00"), Command::CustomerVerdict { effective: true, score: None, comment: None }).unwrap_err();
    assert!(err.to_string().contains("cannot customer_verdict"));
    assert_eq!(e.case(&id).unwrap(), before);
    // Time never goes backwards for a case.
    let err = e.command(&id, "e-7", at("2026-11-23T09:00:00+01:00"), Command::WaitForCustomer).unwrap_err();
    assert_eq!(err.path(), Some("at"));
    assert_eq!(e.command("case-404", "e-7", at("2026-11-23T10:00:00+01:00"), Command::Start).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(e.case(&id).unwrap(), before);
}

#[test]
fn closing_without_a_verdict_is_unconfirmed_and_reopening_has_a_window() {
    let (mut e, id) = engine_with_case();
    for (when, c) in [("2026-11-23T09:30:00+01:00", Command::Start), ("2026-11-23T10:00:00+01:00", Command::ProposeResolution { resolution: None }), ("2026-11-30T10:00:00+01:00", Command::Close)] {
        e.command(&id, "e-7", at(when), c).unwrap();
    }
    assert_eq!(e.case(&id).unwrap().resolution.as_deref(), Some("unconfirmed"));
    // Within 30 days: reopened.
    let case = e.command(&id, "e-7", at("2026-12-10T10:00:00+01:00"), Command::Reopen).unwrap();
    assert_eq!((case.state, case.reopened, case.resolution.clone()), (CaseState::InProgress, 1, None));
    for (when, c) in [("2026-12-10T11:00:00+01:00", Command::ProposeResolution { resolution: None }), ("2026-12-11T10:00:00+01:00", Command::Close)] {
        e.command(&id, "e-7", at(when), c).unwrap();
    }
    // After 30 days: no longer.
    let err = e.command(&id, "e-7", at("2027-01-20T10:00:00+01:00"), Command::Reopen).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
}

#[test]
fn escalation_climbs_the_ladder_and_stops_at_the_top() {
    let (mut e, id) = engine_with_case();
    let mut t = at("2026-11-23T10:00:00+01:00");
    for level in ["team_lead", "manager", "director"] {
        t += TimeDelta::minutes(1);
        assert_eq!(e.command(&id, "e-7", t, Command::Escalate { reason: None }).unwrap().level, level);
    }
    assert_eq!(e.command(&id, "e-7", t, Command::Escalate { reason: None }).unwrap_err().code(), ErrorCode::Conflict);
    let case = e.command(&id, "lead-1", t, Command::Reassign { to: Assignee { kind: "team".into(), id: "billing".into() } }).unwrap();
    assert_eq!((case.assignee.kind.as_str(), case.assignee.id.as_str()), ("team", "billing"));
    assert!(e.command(&id, "lead-1", t, Command::Reassign { to: Assignee { kind: "robot".into(), id: "x".into() } }).unwrap_err().path() == Some("to.kind"));
}

#[test]
fn a_new_complaint_after_the_close_opens_a_new_case() {
    let (mut e, id) = engine_with_case();
    for (when, c) in [("2026-11-23T09:30:00+01:00", Command::Start), ("2026-11-23T10:00:00+01:00", Command::ProposeResolution { resolution: None })] {
        e.command(&id, "e-7", at(when), c).unwrap();
    }
    e.command(&id, "customer", at("2026-11-24T10:00:00+01:00"), Command::CustomerVerdict { effective: true, score: None, comment: None }).unwrap();
    let r = json!({"id": "r-2", "instrument": "post-contact", "touchpoint": "billing", "channel": "email",
                   "submitted_at": "2026-11-28T09:00:00+01:00", "customer": "c-1", "answers": {"nps": 1}});
    let o = e.ingest(ResponseInput::from_json(&r.to_string()).unwrap()).unwrap();
    assert_ne!(o.cases[0].id, id);
    assert_eq!(o.cases[0].responses, ["r-2"]);
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        Just(Command::Acknowledge),
        Just(Command::Start),
        Just(Command::WaitForCustomer),
        Just(Command::RecordContact { note: None }),
        Just(Command::ProposeResolution { resolution: None }),
        any::<bool>().prop_map(|effective| Command::CustomerVerdict { effective, score: None, comment: None }),
        Just(Command::Close),
        Just(Command::Reopen),
        Just(Command::Escalate { reason: None }),
        Just(Command::AddNote { note: "n".into() }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the commands, a closed case changes state only by `reopen`,
    /// and a refused command changes nothing.
    #[test]
    fn nothing_leaves_closed_but_reopen(commands in proptest::collection::vec(command(), 1..40)) {
        let (mut e, id) = engine_with_case();
        let mut t = at("2026-11-23T10:00:00+01:00");
        for c in commands {
            t += TimeDelta::minutes(10);
            let before = e.case(&id).unwrap().clone();
            let is_reopen = c == Command::Reopen;
            match e.command(&id, "e-7", t, c) {
                Ok(after) => {
                    if before.state == CaseState::Closed && after.state != CaseState::Closed {
                        prop_assert!(is_reopen);
                    }
                }
                Err(_) => prop_assert_eq!(e.case(&id).unwrap(), before),
            }
        }
    }
}

#[test]
fn a_case_is_found_by_its_exact_id_only() {
    let (e, id) = engine_with_case();
    assert_eq!(id, "case-1");
    assert_eq!(e.case("case-1").unwrap().id, "case-1");
    for other in ["case-01", "case-+1", "case-0", "case-2", "case-", "case-18446744073709551616", "Case-1", "1", ""] {
        let err = e.case(other).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{other:?}");
    }
}
