//! Summaries grouped by dimensions, periods in the organisation's time zone,
//! filters, and merging.

use clf_core::summary::SummaryQueryInput;
use clf_core::{Config, Dimension, PeriodUnit, Response, ResponseInput, Summaries, SummaryQuery};
use serde_json::json;

fn acme() -> Config {
    Config::from_json(include_str!("../../examples/acme.json")).unwrap()
}

fn resp(c: &Config, id: &str, touchpoint: &str, channel: &str, at: &str, nps: u8, extra: serde_json::Value) -> Response {
    let mut answers = json!({"nps": nps});
    if let Some(o) = extra.as_object() {
        for (k, v) in o {
            answers[k] = v.clone();
        }
    }
    let v = json!({"id": id, "instrument": "post-contact", "touchpoint": touchpoint, "channel": channel, "submitted_at": at, "employee": "e-1", "answers": answers});
    c.validate_response(ResponseInput::from_json(&v.to_string()).unwrap()).unwrap()
}

#[test]
fn groups_by_touchpoint_in_configuration_order() {
    let c = acme();
    let mut s = Summaries::new(&c, SummaryQuery::group_by([Dimension::Touchpoint])).unwrap();
    let at = "2026-11-20T10:00:00+01:00";
    // delivery: 10, 7, 3, 9 → NPS 25; order: 0, 10 → NPS 0; billing: nothing.
    for (i, (tp, n)) in [("delivery", 10), ("order", 0), ("delivery", 7), ("delivery", 3), ("order", 10), ("delivery", 9)].iter().enumerate() {
        assert!(s.add(&resp(&c, &format!("r{i}"), tp, "phone", at, *n, json!({}))));
    }
    let g = s.groups();
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].key, vec![("touchpoint".to_string(), Some("order".to_string()))]);
    assert_eq!(g[0].nps["nps"].score, 0.0);
    assert_eq!(g[1].key[0].1.as_deref(), Some("delivery"));
    assert_eq!(g[1].responses, 4);
    assert_eq!(g[1].nps["nps"].score, 25.0);
    assert!(g[1].csat.is_empty(), "no CSAT answered, none reported");
}

#[test]
fn scores_are_per_question_and_skips_are_not_zero() {
    let c = acme();
    let mut s = Summaries::new(&c, SummaryQuery::default()).unwrap();
    let at = "2026-11-20T10:00:00+01:00";
    s.add(&resp(&c, "a", "delivery", "phone", at, 9, json!({"csat": 5, "ces": 7, "mood": "angry"})));
    s.add(&resp(&c, "b", "delivery", "phone", at, 9, json!({"csat": 2, "mood": "pleased"})));
    s.add(&resp(&c, "c", "delivery", "phone", at, 9, json!({})));
    let g = &s.groups()[0];
    assert_eq!(g.responses, 3);
    assert_eq!(g.csat["csat"].n, 2);
    assert_eq!(g.csat["csat"].score, 50.0);
    assert_eq!(g.ces["ces"].n, 1);
    let mood = &g.emotion["mood"];
    assert_eq!(mood.n, 2);
    assert!((mood.valence.mean - (-0.15)).abs() < 1e-12); // (−1 + 0.7) / 2
}

#[test]
fn periods_follow_the_organisations_time_zone() {
    let c = acme(); // Europe/Amsterdam
    let q = SummaryQuery::group_by([Dimension::Period(PeriodUnit::Month), Dimension::Period(PeriodUnit::Quarter), Dimension::Period(PeriodUnit::Week), Dimension::Period(PeriodUnit::Day)]);
    let mut s = Summaries::new(&c, q).unwrap();
    // 31 March 23:30 UTC is 1 April 01:30 in Amsterdam (CEST, +02:00).
    s.add(&resp(&c, "a", "delivery", "phone", "2026-03-31T23:30:00Z", 9, json!({})));
    // 31 December 2026 23:30 UTC is 1 January 2027 00:30 in Amsterdam (CET):
    // ISO week 53 of 2026.
    s.add(&resp(&c, "b", "delivery", "phone", "2026-12-31T23:30:00Z", 9, json!({})));
    let keys: Vec<Vec<String>> = s.groups().iter().map(|g| g.key.iter().map(|(_, v)| v.clone().unwrap()).collect()).collect();
    assert_eq!(keys, vec![vec!["2026-04", "2026-Q2", "2026-W14", "2026-04-01"], vec!["2027-01", "2027-Q1", "2026-W53", "2027-01-01"]]);
}

#[test]
fn where_filters_and_missing_values_group_as_none() {
    let c = acme();
    let input: SummaryQueryInput = serde_json::from_value(json!({"group_by": ["channel", "team"], "where": {"month": "2026-11"}})).unwrap();
    let mut s = Summaries::new(&c, SummaryQuery::from_input(&input).unwrap()).unwrap();
    assert!(s.add(&resp(&c, "a", "delivery", "email", "2026-11-20T10:00:00+01:00", 9, json!({}))));
    assert!(!s.add(&resp(&c, "b", "delivery", "email", "2026-10-20T10:00:00+01:00", 9, json!({}))));
    let g = s.groups();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].key, vec![("channel".into(), Some("email".into())), ("team".into(), None)]);

    for (query, path) in [(json!({"group_by": ["colour"]}), "group_by[0]"), (json!({"where": {"month": "November"}}), "where.month"), (json!({"where": {"channel": "fax"}}), "where.channel")] {
        let input: SummaryQueryInput = serde_json::from_value(query).unwrap();
        let err = SummaryQuery::from_input(&input).and_then(|q| Summaries::new(&c, q)).unwrap_err();
        assert_eq!(err.path(), Some(path));
    }
}

#[test]
fn merging_requires_the_same_query() {
    let c = acme();
    let mut a = Summaries::new(&c, SummaryQuery::group_by([Dimension::Channel])).unwrap();
    let b = Summaries::new(&c, SummaryQuery::group_by([Dimension::Touchpoint])).unwrap();
    assert!(a.merge(&b).is_err());
}

#[test]
fn add_inputs_names_the_index_of_a_bad_response() {
    let c = acme();
    let mut s = Summaries::new(&c, SummaryQuery::default()).unwrap();
    let doc = |id: &str, nps: i64| ResponseInput::from_json(&json!({"id": id, "instrument": "post-contact", "touchpoint": "delivery", "channel": "phone", "submitted_at": "2026-11-20T10:00:00Z", "answers": {"nps": nps}}).to_string());
    assert_eq!(s.add_inputs([doc("a", 9), doc("b", 3)]).unwrap(), 2);
    let err = s.add_inputs([doc("c", 9), doc("d", 12), doc("e", 9)]).unwrap_err();
    assert_eq!(err.path(), Some("[1].answers.nps"));
    // The one before the bad response stays added, the one after is not read.
    assert_eq!(s.responses(), 3);
    let err = s.add_inputs([ResponseInput::from_json("{")]).unwrap_err();
    assert_eq!(err.path(), Some("[0]"));
}
