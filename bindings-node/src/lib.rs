//! Node bindings of closed-loop-feedback (`require("closed-loop-feedback")`).
//! Thin: every function converts, calls `clf-core` and converts back. Files
//! mirror the core's modules.

mod calendar;
mod config;
mod engine;
mod errors;
mod input;
mod scoring;
mod summary;
