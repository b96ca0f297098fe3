//! Reading input documents (configs, responses, queries) from JSON, TOML or
//! any serde deserializer, so that each binding can pass its native values.
//! Errors carry the path of the field at fault, as every error must.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};

use crate::error::{ClfError, ErrorCode, Result, join};

fn make(code: ErrorCode) -> fn(String, String) -> ClfError {
    match code {
        ErrorCode::Config => |p, m| ClfError::Config { path: p, message: m },
        _ => |p, m| ClfError::Validation { path: p, message: m },
    }
}

/// serde_path_to_error writes the root as `.` and an unknown place as `?`.
fn root_as_empty(path: String) -> String {
    if path == "." || path == "?" { String::new() } else { path }
}

/// Turns serde's "missing field `x`" / "unknown field `x`, expected …" at a
/// parent path into an error at the field's own path.
fn locate(path: String, message: String, code: ErrorCode) -> ClfError {
    let path = root_as_empty(path);
    for (prefix, what) in [("missing field `", "required field is missing"), ("unknown field `", "unknown field")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some(end) = rest.find('`') {
                let field = &rest[..end];
                let detail = rest[end + 1..].trim_start_matches(',').trim();
                let message = if detail.is_empty() { what.to_string() } else { format!("{what}: {detail}") };
                let already = path == field || path.ends_with(&format!(".{field}"));
                return make(code)(if already { path } else { join(&path, field) }, message);
            }
        }
    }
    make(code)(if path.is_empty() { "(root)".into() } else { path }, message)
}

/// Reads a `T` from any serde deserializer (a Python dict, a JS object…);
/// errors are of `code` (`Config` or `Validation`) with the path at fault.
pub fn from_deserializer<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D, code: ErrorCode) -> Result<T>
where
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(d).map_err(|e| {
        let path = e.path().to_string();
        locate(path, e.into_inner().to_string(), code)
    })
}

/// Reads a `T` from JSON text; syntax errors keep their line and column.
pub fn from_json<T: DeserializeOwned>(text: &str, code: ErrorCode) -> Result<T> {
    // Fast path: most documents are well formed, and tracking the path costs
    // on every field. Only a rejected document is read again to name it.
    if let Ok(value) = serde_json::from_str::<T>(text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            let path = root_as_empty(path);
            return make(code)(if path.is_empty() { "(root)".into() } else { path }, format!("malformed JSON: {inner}"));
        }
        let message = inner.to_string();
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        locate(path, message, code)
    })?;
    de.end().map_err(|e| make(code)("(root)".into(), format!("malformed JSON: {e}")))?;
    Ok(value)
}

/// Reads a `T` from TOML text.
pub fn from_toml<T: DeserializeOwned>(text: &str, code: ErrorCode) -> Result<T> {
    let de = toml::Deserializer::parse(text).map_err(|e| make(code)("(root)".into(), format!("malformed TOML: {}", e.message())))?;
    from_deserializer(de, code).map_err(|e| match e {
        ClfError::Config { path, message } | ClfError::Validation { path, message } => {
            let message = message.lines().last().unwrap_or_default().trim().to_string();
            make(code)(path, message)
        }
        other => other,
    })
}
