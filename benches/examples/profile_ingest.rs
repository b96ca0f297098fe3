//! Ingests the benchmark mix once, for profilers: `cargo run --release -p clf-benches --example profile_ingest`.
use clf_benches::{acme, mixed_inputs};
use clf_core::Engine;

fn main() {
    let config = acme();
    let inputs = mixed_inputs(&config, 20_000);
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15);
    let start = std::time::Instant::now();
    let mut cases = 0;
    for _ in 0..rounds {
        let mut engine = Engine::new(config.clone());
        for i in &inputs {
            cases += engine.ingest(i).unwrap().cases.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{} responses, {} with a case, {:.0} responses/s", inputs.len() * rounds, cases, (inputs.len() * rounds) as f64 / secs);
}
