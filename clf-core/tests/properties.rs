//! Laws: merging summaries equals summarising the union; scores and their
//! intervals stay within their bounds.

use clf_core::{Config, Confidence, Dimension, PeriodUnit, Response, ResponseInput, Summaries, SummaryQuery, ces_at, csat_at, nps_at};
use proptest::prelude::*;
use serde_json::json;
use std::sync::OnceLock;

fn acme() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| Config::from_json(include_str!("../../examples/acme.json")).unwrap())
}

const TOUCHPOINTS: [&str; 4] = ["delivery", "order", "billing", "repair"];
const CHANNELS: [&str; 3] = ["phone", "email", "social"];
const MOODS: [&str; 3] = ["angry", "neutral", "delighted"];

fn response() -> impl Strategy<Value = Response> {
    (0..TOUCHPOINTS.len(), 0..CHANNELS.len(), 0u8..=10, proptest::option::of(1u8..=5), proptest::option::of(1u8..=7), proptest::option::of(0..MOODS.len()), 0i64..(400 * 86_400), proptest::option::of(0u8..3))
        .prop_map(|(tp, ch, nps, csat, ces, mood, secs, emp)| {
            let mut answers = json!({"nps": nps});
            if let Some(v) = csat { answers["csat"] = json!(v); }
            if let Some(v) = ces { answers["ces"] = json!(v); }
            if let Some(m) = mood { answers["mood"] = json!(MOODS[m]); }
            let at = chrono::DateTime::from_timestamp(1_767_225_600 + secs, 0).unwrap().to_rfc3339();
            let mut v = json!({"id": format!("r{secs}"), "instrument": "post-contact", "touchpoint": TOUCHPOINTS[tp], "channel": CHANNELS[ch], "submitted_at": at, "answers": answers});
            if let Some(e) = emp { v["employee"] = json!(format!("e-{e}")); }
            acme().validate_response(ResponseInput::from_json(&v.to_string()).unwrap()).unwrap()
        })
}

fn query() -> impl Strategy<Value = SummaryQuery> {
    proptest::sample::subsequence(vec![Dimension::Touchpoint, Dimension::Channel, Dimension::Employee, Dimension::Journey, Dimension::Period(PeriodUnit::Week), Dimension::Period(PeriodUnit::Quarter)], 0..=3)
        .prop_map(SummaryQuery::group_by)
}

fn summarise(q: &SummaryQuery, rs: &[Response]) -> Summaries {
    let mut s = Summaries::new(acme(), q.clone()).unwrap();
    for r in rs {
        s.add(r);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merge_of_parts_equals_summary_of_the_whole(q in query(), rs in proptest::collection::vec(response(), 0..60), split in any::<prop::sample::Index>()) {
        let cut = if rs.is_empty() { 0 } else { split.index(rs.len() + 1) };
        let (a, b) = rs.split_at(cut);
        let mut merged = summarise(&q, a);
        merged.merge(&summarise(&q, b)).unwrap();
        let whole = summarise(&q, &rs);
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(merged.groups(), whole.groups());
        // And merging is commutative.
        let mut other_way = summarise(&q, b);
        other_way.merge(&summarise(&q, a)).unwrap();
        prop_assert_eq!(other_way.groups(), whole.groups());
    }

    #[test]
    fn nps_and_its_interval_stay_in_bounds(scores in proptest::collection::vec(0u8..=10, 1..300), level in 0.5f64..0.999) {
        let s = nps_at(&scores, Confidence::new(level).unwrap()).unwrap();
        prop_assert_eq!(s.promoters + s.passives + s.detractors, s.n);
        prop_assert!((-100.0..=100.0).contains(&s.score));
        prop_assert!(s.margin_of_error >= 0.0);
        prop_assert!(-100.0 <= s.ci.low && s.ci.low <= s.score + 1e-9 && s.score <= s.ci.high + 1e-9 && s.ci.high <= 100.0);
    }

    #[test]
    fn csat_wilson_interval_contains_the_score(ratings in proptest::collection::vec(1u8..=5, 1..300), level in 0.5f64..0.999) {
        let s = csat_at(&ratings, 5, Confidence::new(level).unwrap()).unwrap();
        prop_assert!((0.0..=100.0).contains(&s.score));
        prop_assert!(0.0 <= s.ci.low && s.ci.low <= s.score + 1e-9 && s.score <= s.ci.high + 1e-9 && s.ci.high <= 100.0);
    }

    #[test]
    fn ces_interval_contains_the_mean(ratings in proptest::collection::vec(1u8..=7, 1..300)) {
        let s = ces_at(&ratings, 7, Confidence::DEFAULT).unwrap();
        prop_assert!((1.0..=7.0).contains(&s.mean));
        prop_assert!(1.0 <= s.ci.low && s.ci.low <= s.mean + 1e-9 && s.mean <= s.ci.high + 1e-9 && s.ci.high <= 7.0);
        prop_assert!((0.0..=100.0).contains(&s.share_easy));
    }

    #[test]
    fn wider_confidence_never_narrows_the_interval(scores in proptest::collection::vec(0u8..=10, 2..200)) {
        let narrow = nps_at(&scores, Confidence::new(0.90).unwrap()).unwrap();
        let wide = nps_at(&scores, Confidence::new(0.99).unwrap()).unwrap();
        prop_assert!(wide.margin_of_error >= narrow.margin_of_error);
    }
}
