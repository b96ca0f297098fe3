//! Python bindings of closed-loop-feedback: the extension module `clf._clf`,
//! re-exported by the `clf` package. Thin: every function converts, calls
//! `clf-core` and converts back. Files mirror the core's modules.

use pyo3::prelude::*;

mod calendar;
mod config;
mod engine;
mod errors;
mod input;
mod scoring;
mod summary;

#[pymodule]
#[pyo3(name = "_clf")]
fn clf_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    scoring::register(m)?;
    calendar::register(m)?;
    config::register(m)?;
    summary::register(m)?;
    engine::register(m)?;
    Ok(())
}
