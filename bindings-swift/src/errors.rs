//! The one place where core errors become Swift errors: `ClfError`, thrown,
//! one case per code, with the path of the field at fault where there is one.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Every error the library throws. `code` and `path` are added in Swift.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ClfError {
    /// The configuration is malformed; `path` names the field.
    #[error("config error at {path}: {message}")]
    Config { path: String, message: String },
    /// An input document is malformed; `path` names the field.
    #[error("validation error at {path}: {message}")]
    Validation { path: String, message: String },
    /// A case command its current state does not allow.
    #[error("{message}")]
    Transition { message: String },
    /// Something named by id does not exist.
    #[error("{message}")]
    NotFound { message: String },
    /// The request conflicts with what is already recorded.
    #[error("{message}")]
    Conflict { message: String },
    /// A bug in the library; please report it.
    #[error("internal error: {message}")]
    Internal { message: String },
}

impl From<clf_core::ClfError> for ClfError {
    fn from(e: clf_core::ClfError) -> Self {
        use clf_core::ClfError as E;
        let message = e.to_string();
        match e {
            E::Config { path, message } => ClfError::Config { path, message },
            E::Validation { path, message } => ClfError::Validation { path, message },
            E::Transition { .. } => ClfError::Transition { message },
            E::NotFound { .. } => ClfError::NotFound { message },
            E::Conflict { .. } => ClfError::Conflict { message },
            E::Internal { message } => ClfError::Internal { message },
        }
    }
}

/// Runs `f`, converting core errors, and a panic (a bug) into
/// `ClfError.internal` instead of letting it cross into Swift.
pub fn guard<T>(f: impl FnOnce() -> clf_core::Result<T>) -> Result<T, ClfError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(Into::into),
        Err(panic) => {
            let message = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic".into());
            Err(ClfError::Internal { message })
        }
    }
}
