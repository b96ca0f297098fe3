//! Events, replay, snapshots and forgetting a customer (SPEC §4.10).

use chrono::{DateTime, Duration, Utc};
use clf_core::{Change, Command, Config, Engine, ErrorCode, Event, ResponseInput, SummaryQuery, Dimension, ImprovementState};
use proptest::prelude::*;
use serde_json::json;

fn acme() -> Config {
    Config::from_json(include_str!("../../examples/acme.json")).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn response(id: &str, customer: &str, when: &str, nps: u8, comment: Option<&str>) -> ResponseInput {
    let mut answers = json!({"nps": nps});
    if let Some(c) = comment {
        answers["comment"] = json!(c);
    }
    let r = json!({"id": id, "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                   "submitted_at": when, "customer": customer, "employee": "e-7", "locale": "en", "answers": answers});
    ResponseInput::from_json(&r.to_string()).unwrap()
}

/// A short history: a complaint, a case worked and closed, time passing.
fn history() -> Engine {
    let mut e = Engine::new(acme());
    let o = e.ingest(response("r-1", "c-1", "2026-03-25T10:00:00+01:00", 2, Some("Very disappointed, my bill is wrong again."))).unwrap();
    let case = o.cases[0].id.clone();
    e.ingest(response("r-2", "c-2", "2026-03-25T11:00:00+01:00", 10, Some("Friendly and quick, thank you!"))).unwrap();
    e.advance_to(at("2026-03-25T12:00:00+01:00")).unwrap();
    e.command(&case, "e-7", at("2026-03-25T12:00:00+01:00"), Command::RecordContact { note: Some("called back".into()) }).unwrap();
    e.command(&case, "e-7", at("2026-03-25T12:05:00+01:00"), Command::Start).unwrap();
    e.command(&case, "e-7", at("2026-03-25T15:00:00+01:00"), Command::ProposeResolution { resolution: Some("corrected bill".into()) }).unwrap();
    e.command(&case, "c-1", at("2026-03-26T09:00:00+01:00"), Command::CustomerVerdict { effective: true, score: Some(5.0), comment: Some("thanks".into()) }).unwrap();
    e.advance_to(at("2026-04-30T09:00:00+02:00")).unwrap();
    e
}

#[test]
fn every_change_is_a_numbered_event_and_failures_record_nothing() {
    let mut e = history();
    let types: Vec<&str> = e.events(0).iter().map(|ev| ev.change.type_name()).collect();
    assert_eq!(types, ["response_ingested", "response_ingested", "time_advanced", "case_command", "case_command", "case_command", "case_command", "time_advanced"]);
    assert_eq!(e.events(0).iter().map(|ev| ev.seq).collect::<Vec<_>>(), (1..=8).collect::<Vec<u64>>());
    assert_eq!(e.events(6).iter().map(|ev| ev.seq).collect::<Vec<_>>(), [7, 8]);
    assert!(e.events(8).is_empty() && e.events(1000).is_empty());
    // A duplicate, a refused command and an earlier time change nothing.
    e.ingest(response("r-1", "c-1", "2026-03-25T10:00:00+01:00", 2, None)).unwrap();
    assert!(e.command("case-1", "e-7", at("2026-05-01T09:00:00+02:00"), Command::Start).is_err());
    assert!(e.advance_to(at("2026-04-01T09:00:00+02:00")).is_err());
    assert_eq!(e.last_seq(), 8);

    // The JSON shape: seq, v, type, at, and the change's data beside them.
    let v = serde_json::to_value(&e.events(0)[6]).unwrap();
    assert_eq!(v, json!({"seq": 7, "v": 1, "at": "2026-03-26T08:00:00Z", "type": "case_command", "case_id": "case-1", "by": "c-1",
                         "command": "customer_verdict", "effective": true, "score": 5.0, "comment": "thanks"}));
    let v = serde_json::to_value(&e.events(0)[0]).unwrap();
    assert_eq!(v["response"]["answers"]["nps"], json!(2));
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["kind"] == json!("complaint")), "{v}");
}

#[test]
fn replay_of_the_events_as_json_gives_an_equal_engine() {
    let e = history();
    let text = serde_json::to_string(&e.events(0)).unwrap();
    let events = Event::list_from_json(&text).unwrap();
    let replayed = Engine::replay(acme(), &events).unwrap();
    assert!(replayed == e);
    assert_eq!(replayed.case("case-1").unwrap(), e.case("case-1").unwrap());
}

#[test]
fn replay_rejects_gaps_versions_and_events_that_do_not_apply() {
    let e = history();
    let mut events = e.events(0).to_vec();
    events.remove(1);
    let err = Engine::replay(acme(), &events).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::Validation, Some("events[1].seq")));

    let mut events = e.events(0).to_vec();
    events[0].v = 2;
    assert_eq!(Engine::replay(acme(), &events).unwrap_err().path(), Some("events[0].v"));

    // A command on a case that was never opened.
    let mut events = e.events(0).to_vec();
    if let Change::CaseCommand { case_id, .. } = &mut events[3].change {
        *case_id = "case-9".into();
    }
    let err = Engine::replay(acme(), &events).unwrap_err();
    assert_eq!(err.path(), Some("events[3]"));
    assert!(err.message().contains("case not found: case-9"), "{}", err.message());

    let err = Event::list_from_json(r#"[{"seq": 1, "v": 1, "at": null, "type": "no_such_change"}]"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[test]
fn restore_of_a_snapshot_gives_an_equal_engine_that_carries_on_alike() {
    let mut e = history();
    let mut restored = Engine::restore(acme(), &e.snapshot()).unwrap();
    assert!(restored == e);
    // Both carry on identically: a new complaint of c-1 opens case-2 with
    // the same deadlines.
    let r = response("r-3", "c-1", "2026-05-04T10:00:00+02:00", 1, None);
    let (a, b) = (e.ingest(&r).unwrap(), restored.ingest(&r).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.cases[0].id, "case-2");
    assert!(restored == e);
}

#[test]
fn restore_refuses_another_configuration_and_damaged_snapshots() {
    let e = history();
    let snapshot = e.snapshot();
    let other = acme_with_warn_at(0.5);
    assert_eq!(Engine::restore(other, &snapshot).unwrap_err().path(), Some("config"));

    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["state"]["origins"][0]["channel"] = json!(99);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::Validation, Some("state.origins[0]")));

    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["state"]["origins"][0]["row"] = json!(1_000_000);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::Validation, Some("state.origins[0].row")));

    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["state"]["cases"][0]["id"] = json!("case-7");
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::Validation, Some("state.cases[0].id")));

    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["state"]["cases"][0]["state"] = json!("lost");
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("state.cases[0].state"));

    // The engine keeps a case compactly: a history it could not have
    // written is named with what was expected.
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["state"]["cases"][0]["history"][0]["detail"] = json!("rule \"another\"");
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::Validation, Some("state.cases[0]")));
    assert!(err.message().contains("its history must begin with the entry that opened it"), "{}", err.message());

    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["summaries"]["rows"][0][0] = json!(999);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("summaries.rows[0]"));
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    // The first response's first scored answer is its NPS: 99 does not fit.
    assert_eq!(doc["summaries"]["rows"][0][8][0], json!([0, 2]));
    doc["summaries"]["rows"][0][8][0][1] = json!(99);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("summaries.rows[0].answers[0]"));

    // Events keep a response's ids in its summary row and its customer's
    // record: a row that does not match its response, a row too many and a
    // customer missing are each refused.
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    assert_eq!(doc["summaries"]["rows"][0][2], json!(0), "the first response came by phone, the first channel");
    doc["summaries"]["rows"][0][2] = json!(1);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("events[0].response"));
    assert!(err.message().contains("does not match its row"), "{}", err.message());
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["summaries"]["rows"][0][8][0][1] = json!(3);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("events[0].response"), "an NPS of 3 in the row, 2 in the event");
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    let first = doc["summaries"]["rows"][0].clone();
    doc["summaries"]["rows"].as_array_mut().unwrap().push(first);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("summaries.rows"));
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    assert_eq!(doc["state"]["customers"][1]["id"], json!("c-2"));
    doc["state"]["customers"].as_array_mut().unwrap().remove(1);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("events[1].response"));
    assert!(err.message().contains("not in state.customers"), "{}", err.message());

    // Events are numbered by their place: a gap is refused.
    let mut doc: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    doc["events"][1]["seq"] = json!(3);
    let err = Engine::restore(acme(), &doc.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("events[1].seq"));
    assert!(err.message().contains("expected sequence number 2"), "{}", err.message());
}

#[test]
fn an_ingest_recorded_at_another_time_than_its_submission_is_given_back_as_recorded() {
    // The engine records an ingest at its submission time and keeps it
    // compactly; an event from elsewhere may say otherwise, and is kept whole.
    let e = history();
    let mut doc: serde_json::Value = serde_json::from_str(&e.snapshot()).unwrap();
    assert_eq!(doc["events"][0]["type"], json!("response_ingested"));
    let at = "2026-01-01T00:00:00Z";
    assert_ne!(doc["events"][0]["at"], json!(at));
    doc["events"][0]["at"] = json!(at);
    let restored = Engine::restore(acme(), &doc.to_string()).unwrap();
    let events = restored.events(0);
    assert_eq!(events[0].at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)), Some(at.to_string()));
    assert_eq!(events.len(), e.events(0).len());
    assert_eq!(events[1..], e.events(0)[1..]);

    assert_eq!(Engine::restore(acme(), "{}").unwrap_err().code(), ErrorCode::Validation);
}

fn acme_with_warn_at(w: f64) -> Config {
    let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../examples/acme.json")).unwrap();
    doc["escalation"]["warn_at"] = json!(w);
    Config::from_json(&doc.to_string()).unwrap()
}

#[test]
fn forgetting_a_customer_erases_their_id_and_words_everywhere_and_keeps_the_aggregates() {
    let mut e = history();
    e.opt_out("c-2");
    let comment = "My neighbour Jan Jansen at Kerkstraat 12 says the bill is wrong";
    let o = e.ingest(response("r-3", "cust-4711", "2026-05-04T10:00:00+02:00", 1, Some(comment))).unwrap();
    let case = o.cases[0].id.clone();
    e.command(&case, "e-7", at("2026-05-04T11:00:00+02:00"), Command::RecordContact { note: Some("spoke to Mrs Jansen on 06-12345678".into()) }).unwrap();
    e.command(&case, "e-7", at("2026-05-04T11:05:00+02:00"), Command::AddNote { note: "lives at Kerkstraat 12".into() }).unwrap();
    let imp = e.propose_improvement("Clearer bills", vec![], "m-1", at("2026-05-05T09:00:00+02:00")).unwrap().id.clone();
    e.link_feedback(&imp, vec!["r-3".into(), "r-1".into()], vec![], "m-1", at("2026-05-05T09:01:00+02:00")).unwrap();
    let before = e.summary(SummaryQuery::group_by([Dimension::Touchpoint])).unwrap().groups();
    let metrics_before = e.loop_metrics(SummaryQuery::default()).unwrap();

    let f = e.forget_customer("cust-4711", at("2026-05-06T09:00:00+02:00")).unwrap();
    assert_eq!((f.pseudonym.as_str(), f.responses, f.cases), ("forgotten:1", 1, 1));
    // The comment is erased, and what it was found to say is kept: the
    // engine does not read the erased text again for it.
    assert!(o.items.iter().any(|i| i.kind == clf_core::Kind::Issue && i.evidence.iter().any(|x| &**x == "wrong")), "{:?}", o.items);
    assert_eq!(e.outcome("r-3").unwrap().items, o.items);
    assert_eq!(e.outcome("r-3").unwrap().topics, o.topics);

    // No output of the engine contains the id or any of their words.
    e.advance_improvement(&imp, ImprovementState::Planned, "m-1", at("2026-05-07T09:00:00+02:00")).unwrap();
    e.advance_improvement(&imp, ImprovementState::Implemented, "m-1", at("2026-05-08T09:00:00+02:00")).unwrap();
    let outputs = [
        serde_json::to_string(&e.events(0)).unwrap(),
        e.snapshot(),
        serde_json::to_string(&e.cases(&Default::default())).unwrap(),
        serde_json::to_string(&e.alerts()).unwrap(),
        serde_json::to_string(e.improvements()).unwrap(),
        serde_json::to_string(&e.summary(SummaryQuery::group_by([Dimension::Touchpoint, Dimension::Employee])).unwrap().groups()).unwrap(),
        serde_json::to_string(&e.loop_metrics(SummaryQuery::group_by([Dimension::Channel])).unwrap()).unwrap(),
        serde_json::to_string(&e.ingest(response("r-3", "x", "2026-05-04T10:00:00+02:00", 1, None)).unwrap()).unwrap(),
    ];
    for out in &outputs {
        for secret in ["cust-4711", comment, "Jansen", "Kerkstraat", "06-12345678"] {
            assert!(!out.contains(secret), "{secret:?} found in {}", &out[..out.len().min(200)]);
        }
    }
    assert!(outputs[0].contains("\"customer_forgotten\"") && outputs[0].contains("forgotten:1"));
    // The erased customer is never contacted; c-1 (linked too) is.
    let due: Vec<&str> = e.notifications_due().iter().map(|n| n.customer.as_str()).collect();
    assert_eq!(due, ["c-1"]);
    // Aggregates are as they were; the case is still counted.
    assert_eq!(e.summary(SummaryQuery::group_by([Dimension::Touchpoint])).unwrap().groups(), before);
    assert_eq!(e.loop_metrics(SummaryQuery::default()).unwrap()[0].cases, metrics_before[0].cases);
    let c = e.case(&case).unwrap();
    assert_eq!(c.customer.as_deref(), Some("forgotten:1"));
    assert_eq!(c.history.iter().map(|h| h.detail.as_str()).filter(|d| d.contains("erased")).count(), 2);
    // The rewritten events replay to the same engine, and so does a snapshot.
    assert!(Engine::replay(acme(), &e.events(0)).unwrap() == e);
    assert!(Engine::restore(acme(), &e.snapshot()).unwrap() == e);
    // Asking again: there is nobody of that id any more.
    assert_eq!(e.forget_customer("cust-4711", at("2026-05-09T09:00:00+02:00")).unwrap_err().code(), ErrorCode::NotFound);
}

// ---- The property: replay and restore rebuild any history exactly. ----

#[derive(Debug, Clone)]
enum Op {
    Ingest { customer: u8, nps: u8, comment: u8, csat: u8 },
    Command { case: u8, command: u8, by_customer: bool },
    Advance,
    AckAlert { alert: u8 },
    Improve { step: u8 },
    OptOut { customer: u8 },
    Forget { customer: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..6, 0u8..=10, 0u8..6, 1u8..=5).prop_map(|(customer, nps, comment, csat)| Op::Ingest { customer, nps, comment, csat }),
        6 => (0u8..8, 0u8..11, any::<bool>()).prop_map(|(case, command, by_customer)| Op::Command { case, command, by_customer }),
        2 => Just(Op::Advance),
        1 => (0u8..4).prop_map(|alert| Op::AckAlert { alert }),
        1 => (0u8..5).prop_map(|step| Op::Improve { step }),
        1 => (0u8..6).prop_map(|customer| Op::OptOut { customer }),
        1 => (0u8..6).prop_map(|customer| Op::Forget { customer }),
    ]
}

const COMMENTS: [Option<&str>; 6] = [
    None,
    Some("I will contact my lawyer about this invoice"),
    Some("The cable in the hallway was sparking, dangerous!"),
    Some("Great help, thank you so much"),
    Some("Ik ben zeer ontevreden, ik zeg mijn abonnement op"),
    Some("Maybe add an option to pay in installments"),
];

fn command(n: u8) -> Command {
    match n {
        0 => Command::Acknowledge,
        1 => Command::Start,
        2 => Command::WaitForCustomer,
        3 => Command::RecordContact { note: Some("called".into()) },
        4 => Command::ProposeResolution { resolution: Some("refund".into()) },
        5 => Command::CustomerVerdict { effective: true, score: Some(4.0), comment: Some("ok".into()) },
        6 => Command::CustomerVerdict { effective: false, score: None, comment: Some("not fixed".into()) },
        7 => Command::Close,
        8 => Command::Reopen,
        9 => Command::Escalate { reason: None },
        _ => Command::AddNote { note: "note".into() },
    }
}

fn run(ops: &[(Op, u16)]) -> Engine {
    let mut e = Engine::new(acme());
    let mut t = at("2026-03-23T08:00:00+01:00");
    for (i, (op, minutes)) in ops.iter().enumerate() {
        t += Duration::minutes(*minutes as i64);
        let when = t.to_rfc3339();
        match op {
            Op::Ingest { customer, nps, comment, csat } => {
                let mut r = response(&format!("r-{i}"), &format!("c-{customer}"), &when, *nps, COMMENTS[*comment as usize]);
                r.answers.0.push(("csat".into(), clf_core::AnswerInput::Int(*csat as i64)));
                e.ingest(&r).unwrap();
            }
            Op::Command { case, command: c, by_customer } => {
                let id = format!("case-{}", case + 1);
                let by = if *by_customer { "customer" } else { "e-7" };
                let _ = e.command(&id, by, t, command(*c));
            }
            Op::Advance => {
                let _ = e.advance_to(t);
            }
            Op::AckAlert { alert } => {
                let _ = e.acknowledge_alert(&format!("alert-{}", alert + 1), "m-1", t);
            }
            Op::Improve { step } => {
                let _ = match step {
                    0 => e.propose_improvement("Clearer bills", vec!["billing".into()], "m-1", t).map(|_| ()),
                    1 => e.link_feedback("imp-1", vec!["r-0".into()], vec![], "m-1", t).map(|_| ()),
                    2 => e.advance_improvement("imp-1", ImprovementState::Planned, "m-1", t).map(|_| ()),
                    3 => e.advance_improvement("imp-1", ImprovementState::Implemented, "m-1", t).map(|_| ()),
                    _ => e.mark_notified("imp-1", "c-0", t).map(|_| ()),
                };
            }
            Op::OptOut { customer } => e.opt_out(&format!("c-{customer}")),
            Op::Forget { customer } => {
                let _ = e.forget_customer(&format!("c-{customer}"), t);
            }
        }
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn replay_and_restore_rebuild_any_history(ops in proptest::collection::vec((op(), 0u16..3000), 1..40)) {
        let e = run(&ops);
        let text = serde_json::to_string(&e.events(0)).unwrap();
        let replayed = Engine::replay(acme(), &Event::list_from_json(&text).unwrap()).unwrap();
        prop_assert!(replayed == e, "replay differs after {} events", e.last_seq());
        let restored = Engine::restore(acme(), &e.snapshot()).unwrap();
        prop_assert!(restored == e, "restore differs");
        prop_assert_eq!(restored.snapshot(), e.snapshot());
    }
}
