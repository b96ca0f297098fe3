//! Engine ingest on one core: the reference configuration's instrument with a
//! realistic mix (every response NPS, most CSAT/CES/mood, 20% with a comment
//! of 100–300 characters in English or Dutch), from parsed responses and from
//! JSON lines. SPEC §6 asks ≥ 2 M/s parsed and ≥ 1 M/s from JSON lines.

use clf_benches::{acme, mixed_inputs};
use clf_core::Engine;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn ingest(c: &mut Criterion) {
    let config = acme();
    let n = 50_000;
    let inputs = mixed_inputs(&config, n);
    let jsonl: String = inputs.iter().map(|i| serde_json::to_string(i).unwrap() + "\n").collect();

    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(20);
    g.bench_function("parsed responses", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut engine = Engine::new(config.clone());
                let start = Instant::now();
                for input in &inputs {
                    black_box(engine.ingest(black_box(input)).unwrap());
                }
                total += start.elapsed();
            }
            total
        })
    });
    g.bench_function("json lines", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut engine = Engine::new(config.clone());
                let start = Instant::now();
                let batch = engine.ingest_jsonl(black_box(&jsonl));
                total += start.elapsed();
                assert!(batch.errors.is_empty());
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
