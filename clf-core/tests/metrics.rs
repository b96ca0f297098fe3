//! Loop metrics computed by hand over two cases on the office calendar.

use chrono::{DateTime, Utc};
use clf_core::{Command, Config, Dimension, Engine, ResponseInput, SummaryQuery};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn ingest(e: &mut Engine, doc: serde_json::Value) -> clf_core::Outcome {
    e.ingest(ResponseInput::from_json(&doc.to_string()).unwrap()).unwrap()
}

/// Case A (billing, c-1): contacted after 1h, resolved after 510 working
/// minutes, confirmed effective. Case B (delivery, c-2): never contacted; its
/// first-response deadline breaches and escalates.
fn engine() -> Engine {
    let mut e = Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap());
    let a = ingest(&mut e, json!({"id": "a", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "answers": {"nps": 2}})).cases[0].id.clone();
    ingest(&mut e, json!({"id": "b", "instrument": "post-contact", "touchpoint": "delivery", "channel": "phone", "submitted_at": "2026-11-23T12:00:00+01:00", "customer": "c-2", "answers": {"nps": 4}}));
    e.command(&a, "e-7", at("2026-11-23T10:00:00+01:00"), Command::RecordContact { note: None }).unwrap();
    e.command(&a, "e-7", at("2026-11-23T10:30:00+01:00"), Command::Start).unwrap();
    e.command(&a, "e-7", at("2026-11-24T09:00:00+01:00"), Command::ProposeResolution { resolution: None }).unwrap();
    e.command(&a, "customer", at("2026-11-24T10:00:00+01:00"), Command::CustomerVerdict { effective: true, score: None, comment: None }).unwrap();
    e.advance_to(at("2026-11-24T18:00:00+01:00")).unwrap();
    // Feedback on the handling of A, and c-1's next NPS after the close.
    ingest(&mut e, json!({"id": "h", "instrument": "handling", "touchpoint": "billing", "channel": "email", "submitted_at": "2026-11-25T09:00:00+01:00", "customer": "c-1", "case_id": a, "answers": {"csat": 4}}));
    ingest(&mut e, json!({"id": "later", "instrument": "post-contact", "touchpoint": "billing", "channel": "web", "submitted_at": "2026-11-26T09:00:00+01:00", "customer": "c-1", "answers": {"nps": 9}}));
    e
}

#[test]
fn overall_loop_metrics() {
    let m = &engine().loop_metrics(SummaryQuery::default()).unwrap()[0];
    assert_eq!((m.cases, m.closed, m.effective), (2, 1, 1));
    assert_eq!((m.share_closed, m.share_effective, m.escalation_rate, m.reopen_rate), (50.0, Some(100.0), 50.0, 0.0));
    // First response: A after 60 minutes (business and calendar); B breached.
    let fr = &m.first_response;
    assert_eq!((fr.n, fr.mean_business_minutes, fr.mean_calendar_minutes), (1, Some(60.0), Some(60.0)));
    assert_eq!((fr.decided, fr.within_sla, fr.sla_attainment), (2, 1, Some(50.0)));
    // Resolution: A after Monday 09:00–17:30 less lunch (480) and Tuesday
    // 08:30–09:00 (30): 510 working minutes; 1440 calendar minutes. B's
    // resolution deadline (Wednesday 11:00) has not passed: undecided.
    let res = &m.resolution;
    assert_eq!((res.n, res.mean_business_minutes, res.median_calendar_minutes), (1, Some(510.0), Some(1440.0)));
    assert_eq!((res.decided, res.sla_attainment), (1, Some(100.0)));
    let rec = m.recovery.as_ref().unwrap();
    assert_eq!((rec.n, rec.before, rec.after, rec.change), (1, 2.0, 9.0, 7.0));
    let handling = m.handling.as_ref().unwrap();
    assert_eq!((handling.n, handling.score), (1, 100.0));
}

#[test]
fn loop_metrics_by_touchpoint_and_filtered() {
    let e = engine();
    let by = e.loop_metrics(SummaryQuery::group_by([Dimension::Touchpoint])).unwrap();
    assert_eq!(by.iter().map(|m| (m.key[0].1.clone().unwrap(), m.cases, m.closed)).collect::<Vec<_>>(), [("billing".into(), 1, 1), ("delivery".into(), 1, 0)]);
    assert_eq!(by[1].escalation_rate, 100.0);
    let only = e.loop_metrics(SummaryQuery { group_by: vec![], filter: vec![(Dimension::Touchpoint, "delivery".into())] }).unwrap();
    assert_eq!(only[0].cases, 1);
    let bad = e.loop_metrics(SummaryQuery { group_by: vec![], filter: vec![(Dimension::Touchpoint, "moon".into())] }).unwrap_err();
    assert_eq!(bad.path(), Some("where.touchpoint"));
}

#[test]
fn a_handling_survey_must_name_a_known_case() {
    let mut e = engine();
    let doc = json!({"id": "h2", "instrument": "handling", "touchpoint": "billing", "channel": "email", "submitted_at": "2026-11-25T09:00:00+01:00", "case_id": "case-99", "answers": {"csat": 4}});
    let err = e.ingest(ResponseInput::from_json(&doc.to_string()).unwrap()).unwrap_err();
    assert_eq!(err.path(), Some("case_id"));
}

#[test]
fn loop_metrics_by_the_employee_and_locale_of_the_opening_response_survive_a_restore() {
    let mut e = Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap());
    for (id, employee, locale) in [("x", Some("e-1"), Some("nl")), ("y", Some("e-2"), None), ("z", Some("e-1"), Some("en")), ("w", None, Some("nl"))] {
        let mut doc = json!({"id": id, "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": "2026-11-23T09:00:00+01:00", "customer": format!("c-{id}"), "answers": {"nps": 3}});
        if let Some(emp) = employee {
            doc["employee"] = json!(emp);
        }
        if let Some(l) = locale {
            doc["locale"] = json!(l);
        }
        assert_eq!(ingest(&mut e, doc).cases.len(), 1, "{id} opens a case");
    }
    // Responses without a case do not shift which response a case came from.
    ingest(&mut e, json!({"id": "p", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": "2026-11-23T09:00:00+01:00", "employee": "e-9", "answers": {"nps": 10}}));
    let groups = |e: &Engine, d: Dimension| -> Vec<(Option<String>, u64)> { e.loop_metrics(SummaryQuery::group_by([d])).unwrap().into_iter().map(|m| (m.key[0].1.clone(), m.cases)).collect() };
    let by_employee = vec![(None, 1), (Some("e-1".to_string()), 2), (Some("e-2".to_string()), 1)];
    let by_locale = vec![(None, 1), (Some("en".to_string()), 1), (Some("nl".to_string()), 2)];
    assert_eq!(groups(&e, Dimension::Employee), by_employee);
    assert_eq!(groups(&e, Dimension::Locale), by_locale);
    let restored = Engine::restore(e.config().clone(), &e.snapshot()).unwrap();
    assert_eq!(groups(&restored, Dimension::Employee), by_employee);
    assert_eq!(groups(&restored, Dimension::Locale), by_locale);
}
