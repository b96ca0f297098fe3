//! How an engine's size changes the cost of ingest: `N` responses of the
//! typical mix (2 000) ingested into an engine that already holds `PREFILL`
//! others (0), with the timed inputs read just before, so that they are in
//! cache as a host's freshly parsed responses are. Best of `ROUNDS` (15):
//! `PREFILL=49500 N=500 cargo run --release -p clf-benches --example engine_size`.
//! `NO_TEXT=1` drops the comments, `NO_RULES=1` the escalation rules.
use clf_benches::{Mix, acme_from_env, comments_from_env, inputs_of};
use clf_core::{AnswerInput, Engine, ResponseInput};

fn var(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Reads every byte of `i`'s strings (so that they are in cache).
fn read(i: &ResponseInput) -> usize {
    let bytes = |s: &str| s.bytes().map(usize::from).sum::<usize>();
    let optional = |s: &Option<String>| s.as_deref().map_or(0, bytes);
    let answers: usize = i.answers.iter().map(|(k, a)| bytes(k) + if let AnswerInput::Text(t) = a { bytes(t) } else { 0 }).sum();
    bytes(&i.id) + bytes(&i.instrument) + bytes(&i.touchpoint) + bytes(&i.channel) + bytes(&i.submitted_at) + optional(&i.customer) + optional(&i.employee) + optional(&i.locale) + answers
}

/// The timed part (its own function, for profilers to single out).
#[inline(never)]
fn ingest(engine: &mut Engine, inputs: &[ResponseInput]) -> usize {
    inputs.iter().map(|i| engine.ingest(i).expect("a valid response").cases.len()).sum()
}

fn main() {
    let config = acme_from_env();
    let (prefill, n) = (var("PREFILL", 0), var("N", 2000));
    let mut before = inputs_of(&config, prefill + n, Mix::Typical);
    comments_from_env(&mut before);
    let timed = before.split_off(prefill);
    let (mut best, mut sink) = (f64::INFINITY, 0);
    for _ in 0..var("ROUNDS", 15) {
        let mut engine = Engine::new(config.clone());
        sink += ingest(&mut engine, &before);
        sink += timed.iter().map(read).sum::<usize>();
        let start = std::time::Instant::now();
        sink += ingest(&mut engine, &timed);
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("{n} responses into an engine holding {prefill}: {:.0} responses/s (checksum {sink})", n as f64 / best);
}
