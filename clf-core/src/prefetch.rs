//! Cache hints for batches: while one response is ingested, the memory of
//! the next is asked for, so that reading it does not wait on main memory.
//!
//! A host's parsed responses ([`ResponseInput`]) are a dozen small heap
//! objects each (the id, the names, each answer's question id, the
//! comment), and a batch of them is far larger than the processor's
//! caches: read one after the other, each object is a cache miss that
//! stalls ingest (callgrind's cache model of 50 000 responses of the
//! typical mix counts about 16 reads a response that miss a 2 MiB second
//! level cache). The engine's indexes are asked likewise for the slots
//! the next responses' ids and customers will probe. A prefetch is only a
//! hint: it reads nothing, changes nothing and cannot fault, whatever
//! address it is given; on targets without one it does nothing.

use crate::response::{AnswerInput, ResponseInput};

/// Asks for the cache line holding the first byte at `p`.
#[inline(always)]
pub(crate) fn line<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` is a hint that never faults and reads nothing
    // the program sees, for any address; SSE is part of every x86_64
    // target, so the instruction exists.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Asks for the heap memory of `input`'s strings and answers: what
/// validating it reads first. Costs a few instructions and no allocation.
#[inline]
pub(crate) fn response(input: &ResponseInput) {
    for s in [&input.id, &input.instrument, &input.touchpoint, &input.channel, &input.submitted_at] {
        line(s.as_ptr());
    }
    for s in [&input.customer, &input.employee, &input.team, &input.locale].into_iter().flatten() {
        line(s.as_ptr());
    }
    line(input.answers.0.as_ptr());
}

/// Asks for the question ids and texts of `input`'s answers (their list
/// having been asked for earlier by [`response`]).
#[inline]
pub(crate) fn answers(input: &ResponseInput) {
    for (q, a) in &input.answers.0 {
        line(q.as_ptr());
        if let AnswerInput::Text(t) = a {
            line(t.as_ptr());
        }
    }
}
