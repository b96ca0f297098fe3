//! Restores a snapshot of the benchmark mix, for profilers.
use clf_benches::{acme, mixed_inputs};
use clf_core::Engine;

fn main() {
    let config = acme();
    let mut engine = Engine::new(config.clone());
    for i in mixed_inputs(&config, 50_000) {
        engine.ingest(&i).unwrap();
    }
    // A year later: every warning, breach and escalation of the unanswered cases has fired.
    engine.advance_to(chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").unwrap().to_utc()).unwrap();
    let snapshot = engine.snapshot();
    let start = std::time::Instant::now();
    for _ in 0..5 {
        assert!(Engine::restore(config.clone(), &snapshot).unwrap().last_seq() == 50_001);
    }
    println!("{:.0} ms a restore", start.elapsed().as_secs_f64() * 200.0);
    let events = serde_json::to_string(&engine.events(0)).unwrap();
    let start = std::time::Instant::now();
    let parsed = clf_core::Event::list_from_json(&events).unwrap();
    println!("{:.0} ms to parse the events", start.elapsed().as_secs_f64() * 1000.0);
    let start = std::time::Instant::now();
    let v: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    println!("{:.0} ms to parse the snapshot as a Value", start.elapsed().as_secs_f64() * 1000.0);
    drop((parsed, v));
}
