//! The one place where core errors become Python exceptions:
//! `clf.ClfError` and one subclass per code, each with `.code` and `.path`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use clf_core::{ClfError, ErrorCode};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(clf, ClfErrorBase, PyException, "Base class of every error the library raises; has `.code` and `.path`.");
create_exception!(clf, ConfigError, ClfErrorBase, "The configuration is malformed; `.path` names the field.");
create_exception!(clf, ValidationError, ClfErrorBase, "An input document is malformed; `.path` names the field.");
create_exception!(clf, TransitionError, ClfErrorBase, "A case command its current state does not allow.");
create_exception!(clf, NotFoundError, ClfErrorBase, "Something named by id does not exist.");
create_exception!(clf, ConflictError, ClfErrorBase, "The request conflicts with what is already recorded.");
create_exception!(clf, InternalError, ClfErrorBase, "A bug in the library; please report it.");

/// Converts a core error into the matching Python exception.
pub fn to_py(err: ClfError) -> PyErr {
    let message = err.to_string();
    let py_err = match err.code() {
        ErrorCode::Config => ConfigError::new_err(message),
        ErrorCode::Validation => ValidationError::new_err(message),
        ErrorCode::Transition => TransitionError::new_err(message),
        ErrorCode::NotFound => NotFoundError::new_err(message),
        ErrorCode::Conflict => ConflictError::new_err(message),
        ErrorCode::Internal => InternalError::new_err(message),
    };
    Python::attach(|py| {
        let value = py_err.value(py);
        // Setting attributes on a fresh exception instance cannot fail.
        let _ = value.setattr("code", err.code().as_str());
        let _ = value.setattr("path", err.path());
        let _ = value.setattr("message", err.message());
    });
    py_err
}

/// Runs `f`, turning core errors into exceptions and a panic (a bug) into
/// `clf.InternalError` instead of letting it cross into Python.
pub fn guard<T>(f: impl FnOnce() -> clf_core::Result<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(to_py),
        Err(panic) => {
            let message = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic".into());
            Err(to_py(ClfError::Internal { message }))
        }
    }
}

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ClfError", py.get_type::<ClfErrorBase>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("TransitionError", py.get_type::<TransitionError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("ConflictError", py.get_type::<ConflictError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}
