//! The ingest benchmark's groups, shared by `ingest` (the system allocator)
//! and `ingest_mimalloc` (the same with mimalloc as the global allocator).

use clf_benches::{Mix, acme, inputs_of};
use clf_core::Engine;
use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Both mixes: the stress mix and the typical one, under `prefix`.
pub fn ingest(c: &mut Criterion, prefix: &str) {
    for (name, mix) in [("ingest", Mix::Uniform), ("ingest-typical", Mix::Typical)] {
        group(c, &format!("{name}{prefix}"), mix);
    }
}

fn group(c: &mut Criterion, name: &str, mix: Mix) {
    let config = acme();
    let n = 50_000;
    let inputs = inputs_of(&config, n, mix);
    let jsonl: String = inputs.iter().map(|i| serde_json::to_string(i).unwrap() + "\n").collect();
    let mut probe = Engine::new(config.clone());
    let touched = inputs.iter().filter(|i| !probe.ingest(*i).unwrap().cases.is_empty()).count();
    println!("{name}: {:.0}% of the responses open or update a case", touched as f64 * 100.0 / n as f64);

    let mut g = c.benchmark_group(name);
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
    // The host hands its parsed responses over: ids are moved in, not copied
    // (the copies are made before the clock starts).
    g.bench_function("parsed responses, handed over", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut engine = Engine::new(config.clone());
                let owned = inputs.clone();
                let start = Instant::now();
                for input in owned {
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
