//! The ingest benchmark with mimalloc as the global allocator: how much of
//! ingest is the allocator's (a host chooses its allocator; the library
//! does not). Same groups as `ingest`, named `ingest-mimalloc` and
//! `ingest-typical-mimalloc`.

use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "shared/ingest.rs"]
mod shared;

fn ingest(c: &mut Criterion) {
    shared::ingest(c, "-mimalloc");
}

criterion_group!(benches, ingest);
criterion_main!(benches);
