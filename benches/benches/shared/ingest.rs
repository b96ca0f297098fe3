//! The ingest benchmark's groups, shared by `ingest` (the system allocator)
//! and `ingest_mimalloc` (the same with mimalloc as the global allocator).

use clf_benches::{Mix, acme, acme_without_rules, drop_comments, inputs_of};
use clf_core::{Config, Engine, ResponseInput};
use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Both mixes: the stress mix and the typical one, under `prefix`; then
/// the floor of the typical mix.
pub fn ingest(c: &mut Criterion, prefix: &str) {
    let config = acme();
    for (name, mix) in [("ingest", Mix::Uniform), ("ingest-typical", Mix::Typical)] {
        group(c, &format!("{name}{prefix}"), config.clone(), inputs_of(&config, 50_000, mix));
    }
    // The floor: the typical mix without its comments, under the reference
    // configuration without its escalation rules. Every response is still
    // validated, scored, deduplicated, counted for its customer, summarised
    // and logged; nothing is classified from text, no rule runs, no case or
    // alert is opened. No change to classification or cases can make ingest
    // faster than this.
    let mut inputs = inputs_of(&config, 50_000, Mix::Typical);
    drop_comments(&mut inputs);
    group(c, &format!("ingest-floor{prefix}"), acme_without_rules(), inputs);
}

fn group(c: &mut Criterion, name: &str, config: Config, inputs: Vec<ResponseInput>) {
    let n = inputs.len();
    let jsonl: String = inputs.iter().map(|i| serde_json::to_string(i).unwrap() + "\n").collect();
    let mut probe = Engine::new(config.clone());
    let touched = inputs.iter().filter(|i| !probe.ingest(*i).unwrap().cases.is_empty()).count();
    println!("{name}: {:.0}% of the responses open or update a case", touched as f64 * 100.0 / n as f64);

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(20);
    // Each iteration: a fresh engine, set-up outside the clock, then the
    // timed run (which returns nothing the compiler may drop).
    let fresh = |iters: u64, run: &dyn Fn(&mut Engine, Instant) -> Duration| {
        (0..iters).map(|_| run(&mut Engine::new(config.clone()), Instant::now())).sum::<Duration>()
    };
    g.bench_function("parsed responses", |b| {
        b.iter_custom(|iters| {
            fresh(iters, &|engine, start| {
                for input in &inputs {
                    black_box(engine.ingest(black_box(input)).unwrap());
                }
                start.elapsed()
            })
        })
    });
    // The host hands its parsed responses over, and each is dropped after
    // its ingest (the copies are made before the clock starts).
    g.bench_function("parsed responses, handed over", |b| {
        b.iter_custom(|iters| {
            fresh(iters, &|engine, _| {
                let owned = inputs.clone();
                let start = Instant::now();
                for input in owned {
                    black_box(engine.ingest(black_box(input)).unwrap());
                }
                start.elapsed()
            })
        })
    });
    // The same responses as one batch that reports what it changed
    // (`import_many`) instead of an outcome each: the core ingest of SPEC §6
    // (validate, score, classify, rules, cases, deadlines, summaries).
    g.bench_function("parsed responses, imported", |b| {
        b.iter_custom(|iters| {
            fresh(iters, &|engine, start| {
                let report = engine.import_many(black_box(&inputs).iter().map(Ok));
                let elapsed = start.elapsed();
                assert!(report.errors.is_empty());
                elapsed
            })
        })
    });
    g.bench_function("json lines", |b| {
        b.iter_custom(|iters| {
            fresh(iters, &|engine, start| {
                let batch = engine.ingest_jsonl(black_box(&jsonl));
                let elapsed = start.elapsed();
                assert!(batch.errors.is_empty());
                elapsed
            })
        })
    });
    g.bench_function("json lines, imported", |b| {
        b.iter_custom(|iters| {
            fresh(iters, &|engine, start| {
                let report = engine.import_jsonl(black_box(&jsonl));
                let elapsed = start.elapsed();
                assert!(report.errors.is_empty());
                elapsed
            })
        })
    });
    g.finish();
}
