//! Allocations per response, by step of ingest, and the memory an engine
//! keeps per response (a counting allocator). The stress mix by default;
//! `TYPICAL=1` the typical mix, `NO_RULES=1` without escalation rules (no
//! case, no alert), `NO_TEXT=1` without the comments.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use clf_benches::{Mix, acme_from_env, comments_from_env, inputs_of, mixed_inputs};
use clf_core::{Classifier, Engine};

struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
/// Bytes allocated and not yet freed.
static LIVE: AtomicI64 = AtomicI64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        LIVE.fetch_add(l.size() as i64, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as i64, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        LIVE.fetch_add(n as i64 - l.size() as i64, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn count<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = ALLOCS.load(Ordering::Relaxed);
    let t = f();
    (t, ALLOCS.load(Ordering::Relaxed) - before)
}

fn main() {
    let config = acme_from_env();
    let mut inputs = if std::env::var("TYPICAL").is_ok() { inputs_of(&config, 20_000, Mix::Typical) } else { mixed_inputs(&config, 20_000) };
    comments_from_env(&mut inputs);
    let n = inputs.len() as f64;
    let (responses, a) = count(|| inputs.iter().map(|i| config.validate_response(i).unwrap()).collect::<Vec<_>>());
    println!("validate: {:.1} allocations a response", a as f64 / n);
    let c = Classifier::new(&config.classification, &config.topics);
    let (_, a) = count(|| responses.iter().map(|r| c.classify_response(&config, r)).collect::<Vec<_>>());
    println!("classify: {:.1}", a as f64 / n);
    let (_, a) = count(|| inputs.to_vec());
    println!("clone of the input: {:.1}", a as f64 / n);
    let mut engine = Engine::new(config.clone());
    // Each outcome is dropped before the next ingest, as a host that handles
    // one response at a time does (an outcome's case is its own copy,
    // written out from the engine's compact record).
    let (cases, a) = count(|| inputs.iter().filter(|i| !engine.ingest(*i).unwrap().cases.is_empty()).count());
    println!("ingest, all of it: {:.1}", a as f64 / n);
    println!("({:.0}% with a case)", cases as f64 * 100.0 / n);
    // The same responses imported as one batch (no outcome kept or built).
    let mut engine = Engine::new(config.clone());
    let (_, a) = count(|| engine.import_many(inputs.iter().map(Ok)));
    println!("import_many, all of it: {:.1}", a as f64 / n);
    drop(engine);
    // By what a response did, on a fresh engine.
    let mut engine = Engine::new(config.clone());
    let mut by_kind: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
    for i in &inputs {
        let (o, a) = count(|| engine.ingest(i).unwrap());
        let kind = match o.cases.first() {
            None => "no case",
            Some(c) if c.responses.len() == 1 => "opens a case",
            Some(_) => "joins a case",
        };
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += a;
    }
    for (k, (n, a)) in by_kind {
        println!("{k}: {n} responses, {:.1} allocations each", a as f64 / n as f64);
    }
    drop(engine);
    // What an engine keeps (the bytes its allocations hold, without the
    // allocator's own overhead), per response, with and without the text
    // of the comments (SPEC §6 counts a stored response without its free text).
    let text: usize = inputs.iter().flat_map(|i| i.answers.iter()).map(|(_, a)| if let clf_core::AnswerInput::Text(t) = a { t.len() } else { 0 }).sum();
    let before = LIVE.load(Ordering::Relaxed);
    let mut engine = Engine::new(config.clone());
    let empty = LIVE.load(Ordering::Relaxed) - before;
    for i in &inputs {
        engine.ingest(i).unwrap();
    }
    let kept = LIVE.load(Ordering::Relaxed) - before - empty;
    println!("kept by the engine: {:.0} bytes a response, {:.0} without the comments' text ({} bytes for a new engine)", kept as f64 / n, (kept as f64 - text as f64) / n, empty);
    drop(engine);
}
