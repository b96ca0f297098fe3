//! The one place where core errors become JavaScript errors: an `Error` with
//! `.code` (`CLF_CONFIG`, `CLF_VALIDATION`, …), `.path` and `.message`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use clf_core::ClfError;
use napi::bindgen_prelude::JsObjectValue;
use napi::{Env, Status};

/// The `.code` of a core error code as JS sees it: `CLF_CONFIG`, `CLF_NOT_FOUND`…
pub fn js_code(code: &str) -> String {
    format!("CLF_{}", code.to_ascii_uppercase())
}

/// Throws `err` as a JS `Error` with `code` and `path`, and returns the
/// napi error that tells napi-rs the exception is already pending.
pub fn throw(env: &Env, err: ClfError) -> napi::Error {
    let message = err.to_string();
    let thrown = env.create_error(napi::Error::new(Status::GenericFailure, message.clone())).and_then(|mut obj| {
        obj.set_named_property("code", js_code(err.code().as_str()))?;
        obj.set_named_property("path", err.path())?;
        env.throw(obj)
    });
    match thrown {
        Ok(()) => napi::Error::new(Status::PendingException, message),
        Err(e) => e,
    }
}

/// Runs `f`, throwing core errors as JS errors and turning a panic (a bug)
/// into a `CLF_INTERNAL` error instead of letting it cross into JS.
pub fn guard<T>(env: &Env, f: impl FnOnce() -> clf_core::Result<T>) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(throw(env, e)),
        Err(panic) => {
            let message = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic".into());
            Err(throw(env, ClfError::Internal { message }))
        }
    }
}
