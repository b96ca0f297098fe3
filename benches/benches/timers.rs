//! `advance_to` with 1 M open cases: 1% of them with timers due against 10%.
//! The cost should follow the timers that fire, not the number of cases.

use std::time::{Duration, Instant};

use clf_benches::acme;
use clf_core::{Engine, IdMap, ResponseInput};
use criterion::{Criterion, criterion_group, criterion_main};
use chrono::{DateTime, TimeDelta, Utc};

fn ingested(n: usize, span_days: i64) -> (Engine, DateTime<Utc>) {
    let mut engine = Engine::new(acme());
    let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
    let step = TimeDelta::seconds(span_days * 86_400 / n as i64);
    for i in 0..n {
        // A detractor on the social channel (a 24/7 calendar): one case each,
        // four timers each (two warnings, two deadlines within two days).
        let input = ResponseInput {
            id: format!("r-{i}"),
            instrument: "post-contact".into(),
            touchpoint: "support-call".into(),
            channel: "social".into(),
            submitted_at: (start + step * i as i32).to_rfc3339(),
            customer: Some(format!("c-{i}")),
            employee: None,
            team: None,
            locale: None,
            labels: Vec::new(),
            case_id: None,
            answers: IdMap(vec![("nps".into(), clf_core::AnswerInput::Int(3))]),
        };
        engine.ingest(&input).unwrap();
    }
    (engine, start)
}

fn timers(c: &mut Criterion) {
    let n = 1_000_000;
    // Cases open evenly over 200 days; each case's timers fall within two days
    // of its opening. Advancing 2 days fires the timers of ~1% of the cases,
    // 20 days those of ~10%.
    let (engine, start) = ingested(n, 200);
    let mut g = c.benchmark_group("advance_to");
    g.sample_size(10);
    for (name, days) in [("1M open cases, 1% due", 2), ("1M open cases, 10% due", 20)] {
        let now = start + TimeDelta::days(days);
        let fired = engine.clone().advance_to(now).unwrap().len();
        println!("{name}: {fired} timers fire");
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut e = engine.clone();
                    let t = Instant::now();
                    let events = e.advance_to(now).unwrap();
                    total += t.elapsed();
                    assert!(!events.is_empty());
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(benches, timers);
criterion_main!(benches);
