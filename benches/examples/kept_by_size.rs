//! What an engine keeps, by allocation size: the live allocations after
//! ingesting the mix (`count_allocs`'s switches), grouped by their size, so
//! that the bytes a response costs can be told apart by what holds them;
//! and the resident memory the engine adds (what its pages hold, without
//! the room reserved and not yet written). `N` responses (20 000).
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicI64, Ordering};

use clf_benches::{Mix, acme_from_env, comments_from_env, inputs_of, mixed_inputs};
use clf_core::Engine;

struct Counting;
/// Live allocations by size (the last slot: every size from it up).
static LIVE: [AtomicI64; 4097] = [const { AtomicI64::new(0) }; 4097];
/// Live bytes of the sizes of the last slot.
static LARGE: AtomicI64 = AtomicI64::new(0);

fn add(size: usize, n: i64) {
    LIVE[size.min(4096)].fetch_add(n, Ordering::Relaxed);
    if size >= 4096 {
        LARGE.fetch_add(n * size as i64, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        add(l.size(), 1);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        add(l.size(), -1);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        add(l.size(), -1);
        add(n, 1);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn snapshot() -> (Vec<i64>, i64) {
    (LIVE.iter().map(|c| c.load(Ordering::Relaxed)).collect(), LARGE.load(Ordering::Relaxed))
}

/// The process's resident memory, from `/proc/self/statm`.
fn resident_bytes() -> i64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux's /proc/self/statm");
    let pages: i64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("resident pages");
    pages * 4096
}

fn main() {
    let config = acme_from_env();
    let n: usize = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let mut inputs = if std::env::var("TYPICAL").is_ok() { inputs_of(&config, n, Mix::Typical) } else { mixed_inputs(&config, n) };
    comments_from_env(&mut inputs);
    let n = inputs.len() as f64;
    let (before, large_before) = snapshot();
    let resident = resident_bytes();
    let mut engine = Engine::new(config.clone());
    for i in &inputs {
        engine.ingest(i).unwrap();
    }
    let resident = resident_bytes() - resident;
    let (after, large_after) = snapshot();
    let mut total = 0.0;
    println!("size  allocations a response  bytes a response");
    for size in 0..4096 {
        let d = after[size] - before[size];
        if d != 0 {
            let bytes = (d * size as i64) as f64 / n;
            total += bytes;
            if bytes.abs() >= 0.5 {
                println!("{size:5} {:8.3} {:8.1}", d as f64 / n, bytes);
            }
        }
    }
    let large = (large_after - large_before) as f64 / n;
    total += large;
    println!("4096+ {:8.3} {:8.1}", (after[4096] - before[4096]) as f64 / n, large);
    println!("total {total:.0} bytes a response; resident {:.0}", resident as f64 / n);
    drop(engine);
}
