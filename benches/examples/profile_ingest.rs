//! Ingests the benchmark mix, for profilers and quick comparisons:
//! `cargo run --release -p clf-benches --example profile_ingest`.
//! `ROUNDS=n` sets the rounds (a fresh engine each; its drop is not timed),
//! `NO_TEXT=1` drops the comments (the cost of reading text is the difference),
//! `TYPICAL=1` uses the typical mix instead of the stress mix, `NO_RULES=1`
//! drops the escalation rules (no case, no alert: the cost of cases is the difference),
//! `N=n` sets the responses a round (20 000; the engine's state grows with it),
//! `JSONL=1` ingests them from JSON lines (`Engine::ingest_jsonl`, parsing included),
//! `IMPORT=1` as one batch reported, not an outcome each (`Engine::import_many`,
//! or with `JSONL=1` `Engine::import_jsonl`).
use clf_benches::{Mix, acme_from_env, comments_from_env, inputs_of};
use clf_core::Engine;

fn main() {
    let config = acme_from_env();
    let mix = if std::env::var("TYPICAL").is_ok() { Mix::Typical } else { Mix::Uniform };
    let n: usize = std::env::var("N").ok().and_then(|r| r.parse().ok()).unwrap_or(20_000);
    let mut inputs = inputs_of(&config, n, mix);
    comments_from_env(&mut inputs);
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15);
    let mut best = f64::INFINITY;
    let mut cases = 0;
    let jsonl = std::env::var("JSONL").is_ok().then(|| inputs.iter().map(|i| serde_json::to_string(i).unwrap()).collect::<Vec<_>>().join("\n"));
    let import = std::env::var("IMPORT").is_ok();
    for _ in 0..rounds {
        let mut engine = Engine::new(config.clone());
        let start = std::time::Instant::now();
        match &jsonl {
            Some(text) if import => cases += engine.import_jsonl(text).cases.len(),
            Some(text) => cases += engine.ingest_jsonl(text).outcomes.iter().map(|o| o.cases.len()).sum::<usize>(),
            None if import => cases += engine.import_many(inputs.iter().map(Ok)).cases.len(),
            None => {
                for i in &inputs {
                    cases += engine.ingest(i).unwrap().cases.len();
                }
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
        drop(engine);
    }
    println!("{} responses a round, {} with a case, best round {:.0} responses/s", inputs.len(), cases / rounds.max(1), inputs.len() as f64 / best);
}
