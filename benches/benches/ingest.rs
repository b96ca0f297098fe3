//! Engine ingest on one core: the reference configuration's instrument with a
//! realistic mix (every response NPS, most CSAT/CES/mood, 20% with a comment
//! of 100–300 characters in English or Dutch), from parsed responses and from
//! JSON lines. SPEC §6 asks ≥ 2 M/s parsed and ≥ 1 M/s from JSON lines.
//! A third group, `ingest-floor`, is the typical mix without its comments
//! and without escalation rules: the work every response takes whatever it says.

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "shared/ingest.rs"]
mod shared;

fn ingest(c: &mut Criterion) {
    shared::ingest(c, "");
}

criterion_group!(benches, ingest);
criterion_main!(benches);
