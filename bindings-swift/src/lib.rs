//! Swift bindings of closed-loop-feedback, through uniffi proc-macros: the
//! Swift package `ClosedLoopFeedback` (see Package.swift). Thin: every
//! function converts, calls `clf-core` and converts back. Files mirror the
//! core's modules; hand-written Swift helpers live apart from the generated
//! sources, in Sources/ClosedLoopFeedback/ClosedLoopFeedback+Helpers.swift.

uniffi::setup_scaffolding!();

mod calendar;
mod config;
mod engine;
mod errors;
mod scoring;
mod summary;
