//! Rebuilding an engine: replaying its events against restoring a snapshot,
//! for the benchmark mix of 50 000 responses (and the cases they open);
//! and a new engine, of a configuration already loaded (its classifier
//! shared) and of one loaded afresh (its classifier built).

use clf_benches::{acme, mixed_inputs};
use clf_core::{Engine, Event};
use criterion::{Criterion, criterion_group, criterion_main};

fn persistence(c: &mut Criterion) {
    let config = acme();
    let mut engine = Engine::new(config.clone());
    for i in mixed_inputs(&config, 50_000) {
        engine.ingest(&i).unwrap();
    }
    // A year later: every warning, breach and escalation of the unanswered cases has fired.
    engine.advance_to(chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").unwrap().to_utc()).unwrap();
    let events_json = serde_json::to_string(&engine.events(0)).unwrap();
    let snapshot = engine.snapshot();
    println!("{} events ({} MB as JSON), snapshot {} MB, {} cases", engine.last_seq(), events_json.len() / 1_000_000, snapshot.len() / 1_000_000, engine.cases(&Default::default()).len());
    let mut g = c.benchmark_group("rebuild");
    g.sample_size(10);
    g.bench_function("replay from events JSON", |b| b.iter(|| Engine::replay(config.clone(), &Event::list_from_json(&events_json).unwrap()).unwrap()));
    g.bench_function("restore from snapshot", |b| b.iter(|| Engine::restore(config.clone(), &snapshot).unwrap()));
    g.bench_function("snapshot", |b| b.iter(|| engine.snapshot()));
    g.finish();
}

fn new_engine(c: &mut Criterion) {
    let config = acme();
    let text = include_str!("../../examples/acme.json");
    let mut g = c.benchmark_group("new engine");
    g.bench_function("of a loaded configuration", |b| b.iter(|| Engine::new(config.clone())));
    g.bench_function("of a configuration loaded afresh", |b| b.iter(|| Engine::new(clf_core::Config::from_json(text).unwrap())));
    g.finish();
}

criterion_group!(benches, new_engine, persistence);
criterion_main!(benches);
