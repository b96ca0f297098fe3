//! The engine against the reference configuration: one test per rule, with
//! deadlines computed by hand on the `office` calendar (Mon–Thu 08:30–12:30
//! and 13:00–17:30, Fri until 16:00, Sat 10:00–14:00, Amsterdam).

use chrono::{DateTime, Utc};
use clf_core::engine::CaseFilter;
use clf_core::escalation::Priority;
use clf_core::{CaseState, Config, Dimension, Engine, Kind, ResponseInput, SummaryQuery, Urgency};
use serde_json::{Value, json};

fn engine() -> Engine {
    Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap())
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn response(id: &str, channel: &str, submitted: &str, customer: &str, answers: Value, locale: &str) -> ResponseInput {
    ResponseInput::from_json(
        &json!({"id": id, "instrument": "post-contact", "touchpoint": "support-call", "channel": channel, "submitted_at": submitted,
                "customer": customer, "employee": "e-7", "locale": locale, "answers": answers})
        .to_string(),
    )
    .unwrap()
}

#[test]
fn a_dutch_legal_threat_alerts_a_manager_within_four_elapsed_hours_and_opens_a_team_lead_case() {
    let mut e = engine();
    // Friday 15:00: the alert runs in elapsed time (19:00 the same day), the
    // case in the phone channel's business time.
    let o = e.ingest(response("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", json!({"nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."}), "nl")).unwrap();
    assert_eq!(o.urgency, vec![Urgency::Legal]);
    assert!(o.items.iter().any(|i| i.kind == Kind::Complaint));
    assert_eq!(o.alerts.len(), 1);
    let alert = &o.alerts[0];
    assert_eq!((alert.level.as_str(), alert.rule.as_str()), ("manager", "legal or public threat"));
    assert_eq!(alert.due, at("2026-11-20T19:00:00+01:00"));
    assert_eq!(alert.reasons, vec![Urgency::Legal]);
    let case = &o.cases[0];
    assert_eq!((case.level.as_str(), case.priority), ("team_lead", Priority::High));
    assert_eq!((case.assignee.kind.as_str(), case.assignee.id.as_str()), ("queue", "team_lead"));
    // 4h: one hour on Friday (15:00–16:00), three on Saturday (10:00–13:00).
    assert_eq!(case.first_response_due, at("2026-11-21T13:00:00+01:00"));
    // 2d = 16 working hours: Fri 1, Sat 4, Mon 8.5, Tue 2.5 → Tuesday 11:00.
    assert_eq!(case.resolution_due, at("2026-11-24T11:00:00+01:00"));
    // Warning at 80% of 4h = 3h12m: Fri 1h, Sat 10:00 + 2h12m.
    assert_eq!(case.first_response_warn_at, at("2026-11-21T12:12:00+01:00"));
    assert_eq!(alert.case_id.as_deref(), Some(case.id.as_str()));
}

#[test]
fn a_detractor_opens_a_frontline_case_for_the_original_employee_on_the_office_calendar() {
    let mut e = engine();
    let o = e.ingest(response("r-1", "email", "2026-11-23T09:00:00+01:00", "c-3", json!({"nps": 5}), "en")).unwrap();
    assert!(o.alerts.is_empty());
    let case = &o.cases[0];
    assert_eq!(case.rule, "detractor or complaint");
    assert_eq!((case.level.as_str(), case.priority, case.state), ("frontline", Priority::Normal, CaseState::Open));
    assert_eq!((case.assignee.kind.as_str(), case.assignee.id.as_str()), ("employee", "e-7"));
    // Email: 1d = 8 working hours from Monday 09:00 → Monday 17:30.
    assert_eq!(case.first_response_due, at("2026-11-23T17:30:00+01:00"));
    // 5d = 40 hours: Mon 8, Tue 8.5, Wed 8.5, Thu 8.5, Fri 08:30–12:30 and 13:00–15:30.
    assert_eq!(case.resolution_due, at("2026-11-27T15:30:00+01:00"));
    assert_eq!(o.scores, vec![("nps".into(), 5.0)]);
}

#[test]
fn a_safety_report_alerts_the_director() {
    let mut e = engine();
    let o = e.ingest(response("r-1", "app", "2026-11-22T20:00:00+01:00", "c-4", json!({"nps": 6, "comment": "I can smell gas near the new meter, please come quickly."}), "en")).unwrap();
    assert!(o.urgency.contains(&Urgency::Safety));
    let director = o.alerts.iter().find(|a| a.level == "director").expect("a director alert");
    assert_eq!(director.due, at("2026-11-22T21:00:00+01:00")); // 1h, elapsed, on a Sunday evening
    assert_eq!((o.cases[0].level.as_str(), o.cases[0].priority), ("manager", Priority::Urgent));
}

#[test]
fn the_third_complaint_within_ninety_days_escalates_to_a_team_lead() {
    let mut e = engine();
    let complain = |id: &str, when: &str| response(id, "phone", when, "c-2", json!({"nps": 3, "comment": "Waardeloos, weer een verkeerde rekening."}), "nl");
    let first = e.ingest(complain("r-1", "2026-01-10T10:00:00+01:00")).unwrap();
    assert_eq!((first.repeat_complaints, first.cases[0].level.as_str()), (1, "frontline"));
    // The second complaint attaches to the open case.
    let second = e.ingest(complain("r-2", "2026-02-10T10:00:00+01:00")).unwrap();
    assert_eq!((second.repeat_complaints, second.cases[0].id.as_str(), second.cases[0].level.as_str()), (2, first.cases[0].id.as_str(), "frontline"));
    // The third within 90 days of the first: the rule asks for a team lead.
    let third = e.ingest(complain("r-3", "2026-03-20T10:00:00+01:00")).unwrap();
    assert_eq!(third.repeat_complaints, 3);
    let case = &third.cases[0];
    assert_eq!((case.level.as_str(), case.priority), ("team_lead", Priority::High));
    assert_eq!(case.responses, vec!["r-1", "r-2", "r-3"]);
    assert!(case.history.iter().any(|h| h.what == "raised" && h.detail.contains("third complaint within the window")));
    assert_eq!(e.cases(&CaseFilter::default()).len(), 1);
    // The outcome's case is the case as the engine gives it now.
    assert_eq!(&e.case(&case.id).unwrap(), case);
    // Outside the window (more than 90 days after the first two) only two count.
    let later = e.ingest(complain("r-4", "2026-06-01T10:00:00+02:00")).unwrap();
    assert_eq!(later.repeat_complaints, 2);
}

#[test]
fn complaints_that_arrive_late_count_where_they_were_submitted() {
    let mut e = engine();
    let complain = |id: &str, when: &str| response(id, "phone", when, "c-2", json!({"nps": 3, "comment": "Waardeloos, weer een verkeerde rekening."}), "nl");
    // Submitted 20 March, ingested first.
    assert_eq!(e.ingest(complain("r-3", "2026-03-20T10:00:00+01:00")).unwrap().repeat_complaints, 1);
    // Submitted 10 January, ingested late: the March complaint came after it.
    assert_eq!(e.ingest(complain("r-1", "2026-01-10T10:00:00+01:00")).unwrap().repeat_complaints, 1);
    // 10 February: January's counts, March's does not.
    assert_eq!(e.ingest(complain("r-2", "2026-02-10T10:00:00+01:00")).unwrap().repeat_complaints, 2);
    // 25 March: all four fall in the 90 days before it (from 25 December).
    assert_eq!(e.ingest(complain("r-4", "2026-03-25T10:00:00+01:00")).unwrap().repeat_complaints, 4);
    // 15 April: the window starts 15 January, so 10 January no longer counts.
    assert_eq!(e.ingest(complain("r-5", "2026-04-15T10:00:00+02:00")).unwrap().repeat_complaints, 4);
}

#[test]
fn deadlines_across_the_spring_dst_change() {
    let mut e = engine();
    // Friday 27 March 2026 15:30 (+01:00); clocks go forward on Sunday.
    let o = e.ingest(response("r-1", "phone", "2026-03-27T15:30:00+01:00", "c-5", json!({"nps": 1}), "en")).unwrap();
    let case = &o.cases[0];
    // 4h: Fri 0.5h, Sat 10:00 + 3.5h (still +01:00).
    assert_eq!(case.first_response_due, at("2026-03-28T13:30:00+01:00"));
    // 16h: Fri 0.5, Sat 4, Mon 8.5 (+02:00), Tue 08:30 + 3h.
    assert_eq!(case.resolution_due, at("2026-03-31T11:30:00+02:00"));
}

#[test]
fn ingest_is_idempotent_by_response_id() {
    let mut e = engine();
    let r = response("r-1", "phone", "2026-11-20T10:00:00+01:00", "c-1", json!({"nps": 2}), "en");
    let first = e.ingest(&r).unwrap();
    let again = e.ingest(&r).unwrap();
    assert!(again.duplicate && !first.duplicate);
    assert_eq!(again.cases, first.cases);
    assert_eq!(e.cases(&CaseFilter::default()).len(), 1);
    assert_eq!(e.responses(), 1);
    assert_eq!(e.summary(SummaryQuery::default()).unwrap().responses(), 1);
}

#[test]
fn promoters_open_nothing_and_invalid_responses_change_nothing() {
    let mut e = engine();
    let o = e.ingest(response("r-1", "store", "2026-11-20T10:00:00+01:00", "c-1", json!({"nps": 10, "comment": "Heel vriendelijk geholpen, top service!"}), "nl")).unwrap();
    assert!(o.cases.is_empty() && o.alerts.is_empty());
    assert_eq!(o.items[0].kind, Kind::Compliment);
    let err = e.ingest(response("r-2", "store", "2026-11-20T10:00:00+01:00", "c-1", json!({"nps": 11}), "nl")).unwrap_err();
    assert_eq!(err.path(), Some("answers.nps"));
    assert_eq!(e.responses(), 1);
}

#[test]
fn bulk_ingest_reports_errors_per_line_and_goes_on() {
    let mut e = engine();
    let line = |id: &str, nps: i64| json!({"id": id, "instrument": "post-contact", "touchpoint": "billing", "channel": "web", "submitted_at": "2026-11-20T10:00:00Z", "answers": {"nps": nps}}).to_string();
    let text = format!("{}\n{}\n\nnot json\n{}\n", line("a", 9), line("b", 11), line("c", 3));
    let batch = e.ingest_jsonl(&text);
    assert_eq!(batch.outcomes.iter().map(|o| o.response_id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
    assert_eq!(batch.errors.len(), 2);
    assert_eq!((batch.errors[0].position, batch.errors[0].path.as_deref()), (2, Some("answers.nps")));
    assert_eq!(batch.errors[1].position, 4);
    let many = e.ingest_many(vec![ResponseInput::from_json(&line("a", 9)), ResponseInput::from_json(&line("d", 12))]);
    assert!(many.outcomes[0].duplicate);
    assert_eq!((many.errors[0].position, many.errors[0].code.as_str()), (1, "validation"));
}

#[test]
fn json_lines_give_what_the_same_documents_parsed_one_by_one_give() {
    // JSON lines borrow their strings where they can; lines with escapes,
    // nulls, labels, repeated or unknown fields take the other way. Either
    // way a line must come out as its document parsed and ingested alone.
    let lines = [
        r#"{"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": "2026-11-20T10:00:00+01:00", "customer": "c-1", "employee": "e-7", "team": "t-1", "locale": "nl", "answers": {"nps": 2, "mood": "angry", "comment": "Ik overweeg een advocaat in te schakelen."}}"#,
        r#"{"id": "r-\u0032", "instrument": "post-contact", "touchpoint": "billing", "channel": "web", "submitted_at": "2026-11-20T11:00:00Z", "customer": "c-\u0031", "answers": {"nps": 3, "comment": "They said \"no\" and hung up. Terrible."}}"#,
        r#"{"id": "r-3", "instrument": "post-contact", "touchpoint": "billing", "channel": "chat", "submitted_at": "2026-11-21T09:30:00+01:00", "customer": null, "employee": null, "labels": ["complaint"], "answers": {"nps": 9, "csat": null}}"#,
        r#"{"id": "r-4", "instrument": "post-contact", "touchpoint": "billing", "channel": "chat", "submitted_at": "2026-11-21T09:30:00+01:00", "answers": {"nps": 9, "nps": 3}}"#,
        r#"{"id": "r-5", "instrument": "post-contact", "touchpoint": "billing", "channel": "chat", "submitted_at": "2026-11-21T09:30:00+01:00", "colour": "red", "answers": {"nps": 9}}"#,
        r#"{"id": "r-6", "instrument": "post-contact", "touchpoint": "billing", "channel": "chat", "submitted_at": "yesterday", "answers": {"nps": 9}}"#,
        r#"{"id": "", "instrument": "post-contact", "touchpoint": "billing", "channel": "chat", "submitted_at": "2026-11-21T09:30:00+01:00", "answers": {"nps": 9}}"#,
        r#"{"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": "2026-11-22T10:00:00+01:00", "answers": {"nps": 10}}"#,
        r#"{"id": "r-8", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": "2026-11-22T10:00:00+01:00", "customer": "c-1", "answers": {"nps": 1}}"#,
        // Compact, with escapes in the comment (decoded) and a surrogate pair.
        r#"{"id":"r-9","instrument":"post-contact","touchpoint":"billing","channel":"web","submitted_at":"2026-11-22T10:00:00Z","locale":"en","answers":{"nps":0,"comment":"I\u2019m done \ud83d\ude20: my \"lawyer\" will hear of this.","mood":"angry"}}"#,
        // Tabs between tokens, a whole number written as a fraction.
        "{\t\"id\": \"r-10\",\t\"instrument\": \"post-contact\", \"touchpoint\": \"billing\", \"channel\": \"web\", \"submitted_at\": \"2026-11-22T10:00:00Z\", \"answers\": {\"nps\": 9.0} }",
    ];
    let mut bulk = engine();
    // Lines end in "\n", and the last ones in "\r\n" as Windows writes them.
    let text = format!("{}\n{}\r\n", lines[..8].join("\n"), lines[8..].join("\r\n"));
    let batch = bulk.ingest_jsonl(&text);
    let mut single = engine();
    let (mut outcomes, mut errors) = (Vec::new(), Vec::new());
    for (n, line) in lines.iter().enumerate() {
        match ResponseInput::from_json(line).and_then(|r| single.ingest(r)) {
            Ok(o) => outcomes.push(o),
            Err(e) => errors.push((n + 1, e.code().as_str().to_string(), e.path().map(String::from), e.message())),
        }
    }
    assert_eq!(batch.outcomes, outcomes);
    assert_eq!(batch.errors.iter().map(|e| (e.position, e.code.clone(), e.path.clone(), e.message.clone())).collect::<Vec<_>>(), errors);
    assert_eq!(batch.outcomes.len(), 7, "r-1, r-2, r-3, r-1 again, r-8, r-9 and r-10");
    assert_eq!(batch.outcomes[5].urgency, [clf_core::Urgency::Legal]);
    assert_eq!((batch.outcomes[6].scores[0].0.as_str(), batch.outcomes[6].scores[0].1), ("nps", 9.0));
    assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), [4, 5, 6, 7]);
    assert_eq!(batch.outcomes[1].response_id, "r-2");
    assert!(batch.outcomes[3].duplicate);
    assert_eq!(bulk.events(0), single.events(0));
    assert!(bulk == single);

    // Imported, the same lines change the engine as ingesting them does,
    // the report says what changed, and each response's outcome can be read.
    let mut imported = engine();
    let report = imported.import_jsonl(&text);
    assert!(imported == single);
    assert_eq!(report.errors, batch.errors);
    assert_eq!((report.ingested, report.duplicates), (6, 1));
    // Each case once, where the batch first touched it.
    let mut touched: Vec<&str> = Vec::new();
    for id in batch.outcomes.iter().flat_map(|o| o.cases.iter().map(|c| c.id.as_str())) {
        if !touched.contains(&id) {
            touched.push(id);
        }
    }
    assert_eq!(touched, ["case-1", "case-2", "case-3"]);
    assert_eq!(report.cases.iter().map(|c| c.as_str()).collect::<Vec<_>>(), touched);
    // The alerts raised, a duplicate's not again.
    assert_eq!(report.alerts, batch.outcomes.iter().filter(|o| !o.duplicate).flat_map(|o| o.alerts.iter().map(|a| a.id.clone())).collect::<Vec<_>>());
    assert_eq!(report.alerts, ["alert-1", "alert-2"]);
    for o in batch.outcomes.iter().filter(|o| !o.duplicate) {
        let read = imported.outcome(&o.response_id).unwrap();
        assert!(!read.duplicate);
        assert_eq!((&read.scores, &read.items, &read.urgency, &read.topics, &read.alerts, read.repeat_complaints), (&o.scores, &o.items, &o.urgency, &o.topics, &o.alerts, o.repeat_complaints));
        // Its case as it is now: the one it opened or joined.
        assert_eq!(read.cases.iter().map(|c| &c.id).collect::<Vec<_>>(), o.cases.iter().map(|c| &c.id).collect::<Vec<_>>());
    }
}

#[test]
fn an_import_reports_the_cases_and_alerts_of_the_batch_once_each() {
    let mut e = engine();
    let line = |id: &str, customer: &str, answers: Value| json!({"id": id, "instrument": "post-contact", "touchpoint": "support-call", "channel": "phone", "submitted_at": "2026-11-20T15:00:00+01:00", "customer": customer, "employee": "e-7", "locale": "nl", "answers": answers}).to_string();
    let text = [
        // A legal threat: an alert to a manager and a team-lead case.
        line("r-1", "c-1", json!({"nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."})),
        // The same customer complains again: it joins their open case.
        line("r-2", "c-1", json!({"nps": 1})),
        // A promoter: nothing to follow up.
        line("r-3", "c-2", json!({"nps": 10})),
        // No such score: rejected, the batch goes on.
        line("r-4", "c-3", json!({"nps": 11})),
        // Seen before: changes nothing.
        line("r-1", "c-1", json!({"nps": 2})),
        // Another customer's detractor: a frontline case.
        line("r-5", "c-4", json!({"nps": 3})),
    ]
    .join("\n");
    let report = e.import_jsonl(&text);
    assert_eq!((report.ingested, report.duplicates), (4, 1));
    assert_eq!(report.cases, ["case-1", "case-2"]);
    assert_eq!(report.alerts, ["alert-1"]);
    assert_eq!(report.errors.len(), 1);
    assert_eq!((report.errors[0].position, report.errors[0].code.as_str(), report.errors[0].path.as_deref()), (4, "validation", Some("answers.nps")));
    assert_eq!(e.case("case-1").unwrap().responses, ["r-1", "r-2"]);
    assert_eq!(e.case("case-2").unwrap().level.as_str(), "frontline");
    let first = e.outcome("r-1").unwrap();
    assert_eq!((first.urgency.as_slice(), first.alerts[0].id.as_str(), first.cases[0].responses.len()), ([Urgency::Legal].as_slice(), "alert-1", 2));
    assert_eq!(e.outcome("r-3").unwrap().scores.iter().map(|(q, v)| (q.as_str(), *v)).collect::<Vec<_>>(), [("nps", 10.0)]);
    let missing = e.outcome("r-4").unwrap_err();
    assert_eq!((missing.code().as_str(), missing.message().as_str()), ("not_found", "response not found: r-4"));

    // Parsed responses the same way: positions count from 0, and a
    // response handed over or lent gives the same report.
    let parsed: Vec<_> = text.lines().map(ResponseInput::from_json).collect();
    let mut lent = engine();
    let lent_report = lent.import_many(parsed.iter().map(|r| r.as_ref().map_err(Clone::clone)));
    let mut owned = engine();
    let owned_report = owned.import_many(parsed.clone());
    assert_eq!(lent_report, owned_report);
    assert_eq!((lent_report.ingested, lent_report.duplicates, lent_report.cases.len(), lent_report.errors[0].position), (4, 1, 2, 3));
    assert!(lent == e && owned == e);
}

#[test]
fn summaries_are_kept_by_ingest_and_roll_up_to_any_query() {
    let mut e = engine();
    for (i, (tp, nps, at)) in [("delivery", 10, "2026-10-05T10:00:00Z"), ("delivery", 3, "2026-11-05T10:00:00Z"), ("billing", 9, "2026-11-06T10:00:00Z")].iter().enumerate() {
        let doc = json!({"id": format!("r{i}"), "instrument": "post-contact", "touchpoint": tp, "channel": "web", "submitted_at": at, "answers": {"nps": nps}});
        e.ingest(ResponseInput::from_json(&doc.to_string()).unwrap()).unwrap();
    }
    let by_journey = e.summary(SummaryQuery::group_by([Dimension::Journey])).unwrap().groups();
    assert_eq!(by_journey.len(), 2);
    assert_eq!((by_journey[0].key[0].1.as_deref(), by_journey[0].nps["nps"].score), (Some("order-to-delivery"), 0.0));
    let by_month = e.summary(SummaryQuery::group_by([Dimension::Period(clf_core::PeriodUnit::Month)])).unwrap().groups();
    assert_eq!(by_month.iter().map(|g| g.responses).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn what_an_outcome_shares_with_the_engine_is_kept_once() {
    let mut e = engine();
    let legal = json!({"nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."});
    let first = e.ingest(response("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", legal.clone(), "nl")).unwrap();
    let second = e.ingest(response("r-2", "phone", "2026-11-20T15:05:00+01:00", "c-2", legal, "nl")).unwrap();
    let same = |a: &str, b: &str| std::ptr::eq(a, b);
    // The response id: the outcome's, the case's and the alert's are one text.
    assert!(same(&first.response_id, &first.cases[0].responses[0]));
    assert!(same(&first.response_id, &first.alerts[0].response_id));
    assert!(same(&first.cases[0].id, first.alerts[0].case_id.as_deref().unwrap()));
    // Names of the configuration: one text for every case and alert.
    assert!(same(&first.cases[0].level, &second.cases[0].level));
    assert!(same(&first.cases[0].rule, &second.cases[0].rule));
    assert!(same(&first.cases[0].channel, &second.cases[0].channel));
    assert!(same(&first.alerts[0].level, &second.alerts[0].level));
    // Evidence: what an urgency implies and the written score are shared by
    // both responses; a phrase with its negation ("niet snel") is written
    // for the response that says it.
    let evidence = |o: &clf_core::Outcome| o.items.iter().find(|i| i.kind == Kind::Complaint).unwrap().evidence.clone();
    let (a, b) = (evidence(&first), evidence(&second));
    assert_eq!(a, ["niet snel", "niet opgelost", "urgency:legal", "nps=2"]);
    assert_eq!(a, b);
    assert!(same(&a[2], &b[2]) && same(&a[3], &b[3]));
    assert!(!same(&a[0], &b[0]));
    // A duplicate's outcome names the response and gives its case. (The
    // event log keeps the id's bytes, not a shared text: a duplicate's id
    // is written anew.)
    let again = e.ingest(response("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", json!({"nps": 2}), "nl")).unwrap();
    assert!(again.duplicate);
    assert_eq!(&*again.response_id, "r-1");
    assert_eq!(again.cases, first.cases);
}

#[test]
fn ids_of_any_length_are_kept_deduplicated_and_given_back() {
    // The event log keeps ids up to 65 535 bytes in its blocks, longer ones
    // in the event's whole form: both must behave alike.
    let mut e = engine();
    let ids = ["r-short".to_string(), "x".repeat(65_535), "y".repeat(70_000)];
    for (n, id) in ids.iter().enumerate() {
        let first = e.ingest(response(id, "web", "2026-11-20T15:00:00+01:00", "c-9", json!({"nps": 9}), "en")).unwrap();
        assert!(!first.duplicate && *first.response_id == **id, "id {n}");
    }
    for id in &ids {
        let again = e.ingest(response(id, "web", "2026-11-20T15:00:00+01:00", "c-9", json!({"nps": 9}), "en")).unwrap();
        assert!(again.duplicate && *again.response_id == **id);
    }
    let logged: Vec<String> = e
        .events(0)
        .into_iter()
        .filter_map(|ev| match ev.change {
            clf_core::Change::ResponseIngested { response, .. } => Some(response.id),
            _ => None,
        })
        .collect();
    assert_eq!(logged, ids);
    // A snapshot keeps them: the restored engine knows each as a duplicate.
    let mut restored = Engine::restore(e.config().clone(), &e.snapshot()).unwrap();
    for id in &ids {
        assert!(restored.ingest(response(id, "web", "2026-11-20T15:00:00+01:00", "c-9", json!({"nps": 9}), "en")).unwrap().duplicate);
    }
    // Imported (a batch shares no id with an outcome, so the log writes
    // each id itself), with and without a case sharing it: the same engine.
    for nps in [9, 2] {
        let batch = || ids.iter().map(|id| Ok(response(id, "web", "2026-11-20T15:00:00+01:00", "c-9", json!({"nps": nps}), "en")));
        let mut imported = engine();
        assert_eq!(imported.import_many(batch()).ingested, 3);
        let mut ingested = engine();
        assert!(ingested.ingest_many(batch()).errors.is_empty());
        assert!(imported == ingested, "nps {nps}");
        assert_eq!(imported.events(0), ingested.events(0));
        for id in &ids {
            assert_eq!(*imported.outcome(id).unwrap().response_id, **id);
        }
        assert!(Engine::restore(imported.config().clone(), &imported.snapshot()).unwrap() == ingested);
    }
}

#[test]
fn text_is_classified_with_the_configurations_lexicons_without_changing_anything() {
    let e = engine();
    // Two clauses: "klopt niet" (an issue phrase, 0.6) next to "factuur"
    // (billing); "advocaat" (legal, 0.8), which implies a complaint (0.6)
    // tied to no clause, so the complaint is about every topic found.
    let c = e.classify_text("De factuur klopt niet. Ik schakel mijn advocaat in.", Some("nl"));
    let items: Vec<(Kind, f64, Vec<&str>, Vec<&str>)> = c.items.iter().map(|i| (i.kind, i.confidence, i.evidence.iter().map(|s| &**s).collect(), i.topics.iter().map(|s| &**s).collect())).collect();
    assert_eq!(items, vec![(Kind::Issue, 0.6, vec!["klopt niet"], vec!["billing"]), (Kind::Complaint, 0.6, vec!["urgency:legal"], vec!["billing"])]);
    assert_eq!(c.urgency.len(), 1);
    assert_eq!((c.urgency[0].marker, c.urgency[0].evidence.iter().map(|s| &**s).collect::<Vec<_>>()), (Urgency::Legal, vec!["advocaat"]));
    assert_eq!(c.topics, vec!["billing"]);
    // "nl-BE" reads with the Dutch lexicon; English words find nothing there.
    assert_eq!(e.classify_text("De factuur klopt niet. Ik schakel mijn advocaat in.", Some("nl-BE")), c);
    assert!(e.classify_text("The invoice is wrong.", Some("nl")).items.is_empty());
    assert_eq!(e.responses(), 0);
}

#[test]
fn a_response_is_classified_as_ingest_would_and_stays_new() {
    let mut e = engine();
    let r = response("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", json!({"nps": 3, "comment": "De factuur klopt niet."}), "nl");
    let c = e.classify_response(&r).unwrap();
    // The phrase gives an issue (0.6); the detractor's score a complaint (0.5,
    // at the threshold), tied to no clause, so about billing too.
    let items: Vec<(Kind, f64, Vec<&str>, Vec<&str>)> = c.items.iter().map(|i| (i.kind, i.confidence, i.evidence.iter().map(|s| &**s).collect(), i.topics.iter().map(|s| &**s).collect())).collect();
    assert_eq!(items, vec![(Kind::Issue, 0.6, vec!["klopt niet"], vec!["billing"]), (Kind::Complaint, 0.5, vec!["nps=3"], vec!["billing"])]);
    assert!(c.urgency.is_empty());
    assert_eq!(e.responses(), 0);
    assert!(e.cases(&CaseFilter::default()).is_empty());
    // Ingested afterwards, it is new, and its outcome found the same.
    let o = e.ingest(&r).unwrap();
    assert!(!o.duplicate);
    assert_eq!(*o.items, *c.items);
    assert_eq!(o.topics, c.topics);
    // An invalid response is an error naming the field, and changes nothing.
    let bad = response("r-2", "pigeon", "2026-11-20T15:00:00+01:00", "c-1", json!({"nps": 3}), "nl");
    let err = e.classify_response(&bad).unwrap_err();
    assert_eq!((err.code(), err.path()), (clf_core::ErrorCode::Validation, Some("channel")));
    assert_eq!(e.responses(), 1);
}

proptest::proptest! {
    /// A batch reads ahead of the response it ingests; whatever its length
    /// (none, one, two…) and wherever its rejected responses, duplicates,
    /// repeat customers and comments fall, it leaves the engine that
    /// ingesting its responses one by one leaves, and reports each
    /// rejection at its index. A batch reads a comment only for what it
    /// says (its kinds and urgency markers); its items, evidence and topics
    /// are read when asked for, and are what ingesting it gave, in its
    /// outcome, its event, a snapshot and a replay.
    #[test]
    fn a_batch_is_its_responses_ingested_one_by_one(picks in proptest::collection::vec((0u8..6, 0u8..11, 0u8..3, 0usize..5), 0..12)) {
        const COMMENTS: [(&str, &str); 4] = [
            ("nl", "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."),
            ("en", "The staff were friendly and helpful, thank you!"),
            ("en", "Not bad at all, but the app keeps crashing when I log in and the invoice is wrong."),
            ("nl", "Geen klacht, wel een idee: maak de factuur duidelijker."),
        ];
        let batch: Vec<clf_core::Result<ResponseInput>> = picks
            .iter()
            .enumerate()
            .map(|(k, &(id, nps, what, comment))| {
                let (locale, answers) = match comment.checked_sub(1).map(|c| COMMENTS[c]) {
                    Some((locale, text)) => (locale, json!({"nps": nps, "comment": text})),
                    None => ("en", json!({"nps": nps})),
                };
                match what {
                    // The host's own failure to read a response, handed over as an error.
                    0 if nps == 0 => Err(clf_core::ClfError::validation("answers", "unreadable")),
                    // Out of range: rejected by the engine.
                    1 if nps == 10 => Ok(response(&format!("r-{id}"), "web", "2026-11-20T10:00:00Z", "c-1", json!({"nps": 11}), "en")),
                    _ => Ok(response(&format!("r-{id}"), "phone", &format!("2026-11-2{}T10:00:00Z", k % 7), &format!("c-{}", id % 3), answers, locale)),
                }
            })
            .collect();
        let mut one_by_one = engine();
        let mut outcomes_one_by_one = Vec::new();
        let mut rejected = Vec::new();
        for (i, r) in batch.iter().enumerate() {
            match r.as_ref().map(|input| one_by_one.ingest(input)) {
                Ok(Ok(o)) => outcomes_one_by_one.push(o),
                _ => rejected.push(i),
            }
        }
        let mut imported = engine();
        let report = imported.import_many(batch.iter().map(|r| r.as_ref().map_err(Clone::clone)));
        let mut ingested = engine();
        let outcomes = ingested.ingest_many(batch.clone());
        proptest::prop_assert_eq!(report.errors.iter().map(|e| e.position).collect::<Vec<_>>(), rejected.clone());
        proptest::prop_assert_eq!(outcomes.errors.iter().map(|e| e.position).collect::<Vec<_>>(), rejected);
        proptest::prop_assert_eq!(outcomes.outcomes.len() + outcomes.errors.len(), batch.len());
        proptest::prop_assert!(imported == one_by_one && ingested == one_by_one);
        proptest::prop_assert_eq!(&outcomes.outcomes, &outcomes_one_by_one);
        proptest::prop_assert_eq!(imported.events(0), one_by_one.events(0));
        for o in outcomes_one_by_one.iter().filter(|o| !o.duplicate) {
            let read = imported.outcome(&o.response_id).unwrap();
            proptest::prop_assert_eq!((&read.items, &read.urgency, &read.topics), (&o.items, &o.urgency, &o.topics));
        }
        let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
        proptest::prop_assert!(Engine::restore(config.clone(), &imported.snapshot()).unwrap() == imported);
        proptest::prop_assert!(Engine::replay(config, &imported.events(0)).unwrap() == imported);
    }
}

/// An event too large for the compact form (an id over 64 KiB) is kept
/// whole, items included: a batch that read its comment only for what it
/// says reads it in full for that event, and the engine equals one that
/// ingested it.
#[test]
fn a_batch_keeps_the_items_of_a_response_kept_whole() {
    let id = format!("r-{}", "9".repeat(70_000));
    let comment = "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in.";
    let r = response(&id, "phone", "2026-11-20T15:00:00+01:00", "c-1", json!({"nps": 2, "comment": comment}), "nl");
    let mut ingested = engine();
    let o = ingested.ingest(&r).unwrap();
    let mut imported = engine();
    let report = imported.import_many([Ok(&r)]);
    assert_eq!((report.ingested, report.errors.len()), (1, 0));
    assert!(imported == ingested);
    assert_eq!(imported.events(0), ingested.events(0));
    let read = imported.outcome(&id).unwrap();
    assert_eq!((&read.items, &read.urgency), (&o.items, &o.urgency));
    assert_eq!(o.urgency, [clf_core::Urgency::Legal]);
    // 1 - 0.4 (niet snel) x 0.4 (niet opgelost) x 0.4 (urgency:legal) x 0.5 (nps=2).
    assert_eq!(o.items.iter().map(|i| (i.kind, i.confidence)).collect::<Vec<_>>(), [(Kind::Complaint, 0.968)]);
}
