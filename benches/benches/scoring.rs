//! Scoring 1 M answers: NPS, CSAT (Wilson) and CES (t interval).

use clf_core::{Confidence, ces_at, csat_at, nps_at};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn scoring(c: &mut Criterion) {
    let n = 1_000_000usize;
    let scores: Vec<u8> = (0..n).map(|i| ((i * 7919) % 11) as u8).collect();
    let ratings: Vec<u8> = (0..n).map(|i| 1 + ((i * 7919) % 5) as u8).collect();
    let effort: Vec<u8> = (0..n).map(|i| 1 + ((i * 7919) % 7) as u8).collect();
    let mut g = c.benchmark_group("scoring");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("nps 1M", |b| b.iter(|| nps_at(black_box(&scores), Confidence::DEFAULT).unwrap()));
    g.bench_function("csat 1M", |b| b.iter(|| csat_at(black_box(&ratings), 5u8, Confidence::DEFAULT).unwrap()));
    g.bench_function("ces 1M", |b| b.iter(|| ces_at(black_box(&effort), 7u8, Confidence::DEFAULT).unwrap()));
    g.finish();
}

criterion_group!(benches, scoring);
criterion_main!(benches);
