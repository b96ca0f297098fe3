//! Input documents from JS: JSON text (a string) or plain objects, read
//! through serde so that the same JSON works everywhere.

use clf_core::{ErrorCode, Result};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads a `T` from a JSON string or from a plain JS value.
pub fn read<T: DeserializeOwned>(value: Value, code: ErrorCode) -> Result<T> {
    match value {
        Value::String(text) => clf_core::input::from_json(&text, code),
        other => clf_core::input::from_deserializer(other, code),
    }
}
