//! Summaries of 100 k validated responses: adding them grouped by
//! touchpoint × channel and by month, merging parts, and computing the scores.

use clf_benches::{acme, responses};
use clf_core::{Dimension, PeriodUnit, Summaries, SummaryQuery};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn summaries(c: &mut Criterion) {
    let config = acme();
    let rs = responses(&config, 100_000);
    let by_tc = SummaryQuery::group_by([Dimension::Touchpoint, Dimension::Channel]);
    let by_month = SummaryQuery::group_by([Dimension::Period(PeriodUnit::Month)]);

    let mut g = c.benchmark_group("summaries");
    g.throughput(Throughput::Elements(rs.len() as u64));
    for (name, q) in [("add 100k by touchpoint x channel", &by_tc), ("add 100k by month", &by_month)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut s = Summaries::new(&config, q.clone()).unwrap();
                for r in &rs {
                    s.add(black_box(r));
                }
                s
            })
        });
    }
    g.finish();

    let parts: Vec<Summaries> = rs
        .chunks(10_000)
        .map(|chunk| {
            let mut s = Summaries::new(&config, by_tc.clone()).unwrap();
            chunk.iter().for_each(|r| {
                s.add(r);
            });
            s
        })
        .collect();
    let mut g = c.benchmark_group("summaries");
    g.bench_function("merge 10 parts of 60 groups", |b| {
        b.iter(|| {
            let mut whole = Summaries::new(&config, by_tc.clone()).unwrap();
            for p in &parts {
                whole.merge(black_box(p)).unwrap();
            }
            whole
        })
    });
    let mut whole = Summaries::new(&config, by_tc.clone()).unwrap();
    parts.iter().for_each(|p| whole.merge(p).unwrap());
    g.bench_function("scores of 60 groups", |b| b.iter(|| black_box(&whole).groups()));
    g.finish();
}

criterion_group!(benches, summaries);
criterion_main!(benches);
